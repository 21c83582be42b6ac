import ArgumentParser
import Foundation
import PressworkClient
import PressworkFetch
import PressworkProtocol
import Synchronization

/// `presswork submit`: send articles, print one job id per article.
struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit articles: files (.html, .htm, .txt), directories, .jsonl batches, or - for stdin.",
        discussion: """
            Prints one job id per accepted article, in input order, once the coordinator has made it durable.
            Inputs that cannot be used are reported on stderr and skipped (exit status 2 at the end).
            The articles form one batch, whose id goes to stderr first: `presswork results --batch ID`
            lists its results and `presswork status` shows its progress.
            """)

    @Argument(
        help: ArgumentHelp(
            "Files, directories, .jsonl batches, http(s) URLs (fetched by the workers), or - for standard input.",
            valueName: "path"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("A file of URLs to fetch, one per line (- for standard input).", valueName: "file"))
    var urls: String?

    @Option(
        name: .customLong("feed"),
        help: ArgumentHelp(
            "An RSS or Atom feed: its entries are fetched by the workers, with the feed's title, date and author as hints (repeatable).",
            valueName: "url"))
    var feeds: [String] = []

    @Option(
        name: .customLong("sitemap"),
        help: ArgumentHelp(
            "A sitemap or sitemap index (gzip too; Google News sitemaps give title and date): its pages are fetched by the workers (repeatable).",
            valueName: "url"))
    var sitemaps: [String] = []

    @Flag(
        help:
            "With --feed: keep polling the feeds (conditional requests) and submit new entries until stopped (Ctrl-C); deduplicates by URL unless --dedupe says otherwise."
    )
    var follow = false

    @Option(help: ArgumentHelp("Seconds between polls with --follow (10 or more).", valueName: "seconds"))
    var interval = 300.0

    @Flag(
        help:
            "Let --feed and --sitemap fetch from loopback and private addresses (workers have their own flag)."
    )
    var allowPrivateNetworks = false

    @Flag(
        help:
            "For WARC files: go on after the last record an earlier submit had acknowledged (kept in FILE.presswork-submit)."
    )
    var resume = false

    @Flag(help: "Wait until every submitted job is done, dead or cancelled; exit 1 if any is dead or cancelled.")
    var wait = false

    @Flag(help: "Read - (standard input) as one text article; otherwise input starting with '{' is JSON Lines.")
    var text = false

    @Option(
        name: .customLong("batch"),
        help: ArgumentHelp(
            "Name the batch (1-64 printable ASCII characters, no spaces) instead of a generated id.", valueName: "id"))
    var batchId: String?

    @Option(
        help: ArgumentHelp(
            "Skip articles the coordinator already has, stored or queued: by url (normalized), article-id, or content.",
            valueName: "rule"))
    var dedupe: Submit.Dedupe?

    @Option(help: ArgumentHelp("high, normal or low: the order these jobs are dispatched in.", valueName: "level"))
    var priority: JobPriority?

    @Option(
        name: .customLong("job-timeout"),
        help: ArgumentHelp(
            "Seconds each attempt of these jobs may run (1 to 86400), instead of the coordinator's --job-timeout.",
            valueName: "seconds"))
    var jobTimeout: Double?

    @Option(name: .customLong("max-article-bytes"), help: "Largest article sent, in bytes.")
    var maxArticleBytes = ProtocolLimits.defaultMaxArticleBytes

    @OptionGroup var connection: ConnectionOptions

    static let batchArticles = 256
    static let batchBytes = 16 << 20

    func validate() throws {
        if text && !paths.contains("-") { throw ValidationError("--text applies to - (standard input)") }
        if paths.isEmpty && urls == nil && feeds.isEmpty && sitemaps.isEmpty {
            throw ValidationError("name files, directories, URLs or -, or give --urls, --feed or --sitemap")
        }
        if follow && feeds.isEmpty { throw ValidationError("--follow polls feeds: give --feed") }
        if follow && wait { throw ValidationError("--follow runs until stopped; it cannot --wait") }
        if !(interval >= 10 && interval <= 86_400) { throw ValidationError("--interval must be 10 to 86400 seconds") }
        if urls == "-" && paths.contains("-") { throw ValidationError("standard input cannot be both - and --urls -") }
        if let jobTimeout, !(jobTimeout >= 1 && jobTimeout <= Submit.maxJobTimeout) {
            throw ValidationError("--job-timeout must be 1 to 86400 seconds")
        }
        if let batchId, !Submit.isValidBatch(batchId) {
            throw ValidationError("--batch must be 1 to 64 printable ASCII characters without spaces")
        }
    }

    /// A batch id people can read and sort: the UTC time of the submit and 4 random hex digits.
    static func newBatchId() -> String {
        var time = time_t(Date().timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&time, &parts)
        let stamp = String(
            format: "%04d%02d%02d-%02d%02d%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour,
            parts.tm_min, parts.tm_sec)
        return stamp + "-" + String(format: "%04x", UInt16.random(in: 0...UInt16.max))
    }

    func run() throws {
        try withClientErrors {
            var items = paths.isEmpty ? [] : try ArticleInputs.plan(paths, standardInputAsText: text)
            if let urls { items += try ArticleInputs.urls(fromList: urls) }
            var listingErrors = 0
            let listings =
                feeds.isEmpty && sitemaps.isEmpty ? nil : try ListingReader(allowPrivateNetworks: allowPrivateNetworks)
            for sitemap in sitemaps {
                do {
                    let entries = try listings!.sitemap(
                        sitemap, notice: Output.error,
                        problem: {
                            listingErrors += 1
                            Output.error("skipped \($0)")
                        })
                    items += ArticleInputs.items(entries, listing: sitemap)
                } catch {
                    listingErrors += 1
                    Output.error("skipped \(error)")
                }
            }
            var poller = FeedPoller(feeds: feeds)
            if let listings { items += poller.poll(listings, errors: &listingErrors) }
            let dedupe = dedupe ?? (follow ? .url : nil)
            var progress = WARCProgress()
            if resume { try progress.load(items) }
            let batchId = batchId ?? progress.batch ?? Self.newBatchId()
            let client = try connection.client()
            let started = WaitProgress.now()
            FileHandle.standardError.write(Data("batch \(batchId)\n".utf8))
            var submitted: [String] = []
            var inputErrors = 0
            var duplicateCount = 0
            var batch: [(meta: ArticleMeta, body: [UInt8])] = []
            var batchWARC: [String: Int64] = [:]
            var batchBytes = 0
            func send() throws {
                guard !batch.isEmpty else { return }
                let (ids, duplicates) = try client.submit(
                    batch, batch: batchId, dedupe: dedupe, priority: priority, jobTimeout: jobTimeout
                ) {
                    error in
                    Output.error("\(error.message); sending the same batch again (it cannot be queued twice)")
                }
                for id in ids { Output.line(id) }
                for index in duplicates.sorted() {
                    Output.error("duplicate: \(batch[index].meta.source) is job \(ids[index]) (not queued again)")
                }
                duplicateCount += duplicates.count
                submitted += ids
                // Acknowledged: a resumed submit goes on after these records.
                for (path, offset) in batchWARC { try progress.record(path, offset: offset, batch: batchId) }
                batch.removeAll()
                batchWARC.removeAll()
                batchBytes = 0
            }
            func submitAll(_ items: [ArticleInputs.Item]) throws {
                try ArticleInputs.read(
                    items, maxBytes: maxArticleBytes, notice: Output.error, warcResume: progress.offsets
                ) { result in
                    switch result {
                    case .success(let article):
                        if batch.count == Self.batchArticles || batchBytes + article.body.count > Self.batchBytes {
                            try send()
                        }
                        batch.append((article.meta, article.body))
                        batchBytes += article.body.count
                        if let warc = article.warc {
                            batchWARC[warc.path] = max(batchWARC[warc.path] ?? 0, warc.offset)
                        }
                    case .failure(let error):
                        inputErrors += 1
                        Output.error("skipped \(error)")
                    }
                }
                try send()
            }
            try submitAll(items)
            if follow, let listings {
                Output.error(
                    "following \(feeds.count) feed(s) every \(String(format: "%g", interval)) s; Ctrl-C or SIGTERM stops"
                )
                StopSignal.install()
                while StopSignal.wait(seconds: interval) {
                    var ignored = 0
                    let fresh = poller.poll(listings, errors: &ignored)
                    if !fresh.isEmpty { Output.error("\(fresh.count) new entries") }
                    try submitAll(fresh)
                }
            }
            inputErrors += listingErrors
            let skipped = duplicateCount > 0 ? ", \(duplicateCount) of them already there (not queued again)" : ""
            FileHandle.standardError.write(Data("submitted \(submitted.count) article(s)\(skipped)\n".utf8))
            var status = inputErrors > 0 ? ExitStatus.usage : ExitStatus.ok
            if wait && !submitted.isEmpty {
                let dead = try WaitProgress(client: client, jobs: submitted, started: started).run()
                if dead > 0 && status == ExitStatus.ok { status = ExitStatus.jobFailures }
            }
            return status
        }
    }
}

/// The feeds of one `submit`: each polled with the last answer's validators, and only entries not seen
/// before in this run returned (a feed lists its recent entries again on every poll).
struct FeedPoller {
    /// The feeds asked for; a page that announces a feed is replaced by that feed's URL once found.
    private(set) var feeds: [String]
    private var validators: [String: Validators] = [:]
    private var seen: Set<String> = []
    private var order: [String] = []
    /// URLs remembered, oldest forgotten first: far more than any feed lists at once.
    static let memory = 200_000

    init(feeds: [String]) { self.feeds = feeds }

    /// The new entries of every feed, as inputs; a feed that cannot be read is reported and counted in
    /// `errors`, and polled again next time.
    mutating func poll(_ reader: ListingReader, errors: inout Int) -> [ArticleInputs.Item] {
        var items: [ArticleInputs.Item] = []
        for (index, feed) in feeds.enumerated() {
            do {
                let poll = try reader.feed(feed, validators: validators[feed])
                if let discovered = poll.discovered {
                    Output.error("\(feed): a page; following the feed it announces, \(discovered)")
                    feeds[index] = discovered
                }
                validators[feeds[index]] = poll.validators
                guard let document = poll.document else { continue }
                let fresh = document.entries.filter { remember($0.url) }
                items += ArticleInputs.items(fresh, listing: feeds[index])
            } catch {
                errors += 1
                Output.error("skipped \(error.message)")
            }
        }
        return items
    }

    private mutating func remember(_ url: String) -> Bool {
        guard seen.insert(url).inserted else { return false }
        order.append(url)
        if order.count > Self.memory {
            let forgotten = order.count - Self.memory / 2
            for old in order[..<forgotten] { seen.remove(old) }
            order.removeFirst(forgotten)
        }
        return true
    }
}

/// SIGINT and SIGTERM for a command that runs until stopped: the first asks it to finish its current
/// step and exit; the handler only sets a flag.
enum StopSignal {
    private static let requested = Atomic<Bool>(false)

    static func install() {
        // Initialized here, not lazily inside the signal handler.
        requested.store(false, ordering: .relaxed)
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for number in [SIGINT, SIGTERM] {
            signal(number) { _ in StopSignal.requested.store(true, ordering: .relaxed) }
            sigaddset(&unblock, number)
        }
        // A parent may have started us with these blocked (the mask is inherited): then no stop would arrive.
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }

    /// Sleeps up to `seconds`; false as soon as a stop was asked for.
    static func wait(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if requested.load(ordering: .relaxed) { return false }
            Thread.sleep(forTimeInterval: min(0.2, max(0, deadline.timeIntervalSinceNow)))
        }
        return !requested.load(ordering: .relaxed)
    }
}

extension Submit.Dedupe: ExpressibleByArgument {}

extension JobPriority: ExpressibleByArgument {}

/// How far submits of WARC files got: per file, the offset of the last record acknowledged and the batch,
/// kept beside it in `FILE.presswork-submit` so `--resume` goes on from there.
struct WARCProgress {
    private(set) var offsets: [String: Int64] = [:]
    private(set) var batch: String?

    static func stateFile(_ path: String) -> String { path + ".presswork-submit" }

    /// Reads the state of every WARC file among `items` (a file without one starts from its beginning).
    mutating func load(_ items: [ArticleInputs.Item]) throws(ClientError) {
        for case .warc(let path) in items {
            guard let data = FileManager.default.contents(atPath: Self.stateFile(path)) else { continue }
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let offset = (object["offset"] as? NSNumber)?.int64Value, offset >= 0
            else {
                throw ClientError(.badInput, "\(Self.stateFile(path)): not a submit state file")
            }
            offsets[path] = offset
            batch = batch ?? (object["batch"] as? String)
            Output.error("\(path): resuming after the record at offset \(offset)")
        }
    }

    /// Records that everything up to the record at `offset` of `path` is acknowledged (written atomically).
    mutating func record(_ path: String, offset: Int64, batch: String) throws(ClientError) {
        offsets[path] = offset
        do {
            let data = try JSONSerialization.data(
                withJSONObject: ["offset": offset, "batch": batch], options: .sortedKeys)
            try data.write(to: URL(fileURLWithPath: Self.stateFile(path)), options: .atomic)
        } catch {
            throw ClientError(
                .badInput, "\(Self.stateFile(path)): cannot record progress: \(error.localizedDescription)")
        }
    }
}

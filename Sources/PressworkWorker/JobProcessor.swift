import Foundation
import PressworkFetch
import PressworkPipeline
import PressworkProtocol

/// What came of processing one job.
public enum JobOutcome: Sendable, Hashable {
    /// The JSON result document, with the facts the coordinator aggregates (it never parses documents):
    /// the language code and the milliseconds spent in each pipeline stage.
    case result([UInt8], language: String? = nil, stagesMs: [String: Double]? = nil, pageType: String? = nil)
    /// The job failed; `retryable` says whether another attempt could succeed, `retryAfter` (seconds) when
    /// not before long (a server's `Retry-After`).
    case failure(code: String, message: String, retryable: Bool, retryAfter: Double? = nil)
}

/// Runs jobs on the worker's processing threads; must be safe to call from several threads at once.
public protocol JobProcessor: Sendable {
    func process(_ job: JobAssignment, body: [UInt8], worker: String, host: String) -> JobOutcome
}

/// Faults a worker injects on purpose, for testing what the cluster does with them (hidden options
/// `--chaos-fail`, `--chaos-crash`, `--chaos-hang`, `--chaos-busy`): each applies to jobs whose `source`
/// contains the text.
public struct ChaosSettings: Sendable, Hashable {
    /// Report the job failed (retryable).
    public var fail: String?
    /// Kill the processing process with SIGSEGV, as a fault in a C library would.
    public var crash: String?
    /// Never finish: sleep until killed, as an endless loop in a parser would.
    public var hang: String?
    /// Keep the CPU busy for `busySeconds` of wall-clock time, then process the article as usual: a job of a
    /// known length, whatever the machine's speed (tests of heartbeats, drains and kills during long jobs).
    public var busy: String?
    /// How long a `busy` job spins, in seconds.
    public var busySeconds: Double
    /// `busySeconds` unless set (`--chaos-busy-seconds`).
    public static let defaultBusySeconds = 2.0

    public init(
        fail: String? = nil, crash: String? = nil, hang: String? = nil, busy: String? = nil,
        busySeconds: Double = defaultBusySeconds
    ) {
        self.fail = fail
        self.crash = crash
        self.hang = hang
        self.busy = busy
        self.busySeconds = busySeconds
    }

    /// Spins on the CPU until `seconds` have passed (a busy loop, not a sleep: the slot is really loaded).
    /// Negative or non-finite values spin not at all, and a day at most, so no value can trap.
    static func burn(seconds: Double) {
        let bounded = seconds.isFinite ? min(max(0, seconds), 86_400) : 0
        let deadline = ContinuousClock.now + .milliseconds(Int64(bounded * 1000))
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        while ContinuousClock.now < deadline {
            for _ in 0..<10_000 { state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407 }
        }
        // Keeps the loop's work observable, so the optimiser cannot drop it.
        if state == 0 { print("", terminator: "") }
    }
}

/// The article pipeline as a job processor.
public struct PipelineJobProcessor: JobProcessor {
    let pipeline: Pipeline
    let chaos: ChaosSettings
    /// How articles submitted by URL are fetched.
    let fetchPolicy: FetchPolicy
    /// Sites' robots.txt, kept across this slot's jobs.
    let robots = RobotsCache()

    public init(pipeline: Pipeline, chaos: ChaosSettings = ChaosSettings(), fetchPolicy: FetchPolicy = FetchPolicy()) {
        self.pipeline = pipeline
        self.chaos = chaos
        self.fetchPolicy = fetchPolicy
    }

    public func process(_ job: JobAssignment, body: [UInt8], worker: String, host: String) -> JobOutcome {
        let source = job.article.source
        if let text = chaos.fail, source.contains(text) {
            return .failure(code: "chaos", message: "failed on purpose (--chaos-fail)", retryable: true)
        }
        if let text = chaos.crash, source.contains(text) {
            // A real invalid write, not raise(): Swift's crash handler returns from a raised signal.
            UnsafeMutablePointer<Int>(bitPattern: 0x10)!.pointee = 1
        }
        if let text = chaos.hang, source.contains(text) {
            while true { sleep(3_600) }
        }
        if let text = chaos.busy, source.contains(text) {
            ChaosSettings.burn(seconds: chaos.busySeconds)
        }
        var meta = job.article
        var body = body
        var fetched: ArticleDocument.Fetch?
        if meta.format == .fetch {
            switch fetchArticle(meta) {
            case .failure(let error):
                return .failure(
                    code: error.code, message: error.message, retryable: error.retryable, retryAfter: error.retryAfter)
            case .success(let page):
                (meta, body, fetched) = (page.meta, page.body, page.fetch)
            }
        } else if let crawl = meta.crawl, let url = meta.url {
            fetched = ArticleDocument.Fetch(
                requestedUrl: url, finalUrl: url, status: crawl.status, contentType: meta.contentType,
                fetchedAt: crawl.fetchedAt, bytes: body.count, ms: 0, redirects: 0)
            fetched?.archive = "warc"
        }
        do {
            var document = try document(
                for: meta, id: job.job, body: body, worker: worker, host: host, attempt: job.attempt)
            document.fetch = fetched
            return .result(
                document.jsonBytes(), language: document.language.code,
                stagesMs: document.processing.stagesMs?.byName, pageType: document.pageType)
        } catch {
            return .failure(code: error.code.name, message: error.message, retryable: error.isRetryable)
        }
    }

    /// Fetches an article submitted by URL (robots.txt permitting): the article as the server sent it, with
    /// its final URL and its `Content-Type` for decoding, and the `fetch` record for its document.
    public func fetchArticle(_ meta: ArticleMeta) -> Result<
        (meta: ArticleMeta, body: [UInt8], fetch: ArticleDocument.Fetch), FetchError
    > {
        fetch(meta).map { page in
            var fetched = meta
            fetched.url = page.finalURL
            fetched.contentType = page.contentType
            fetched.format = Fetcher.mediaType(page.contentType ?? "") == "text/plain" ? .text : .html
            let record = ArticleDocument.Fetch(
                requestedUrl: meta.url ?? "", finalUrl: page.finalURL, status: page.status,
                contentType: page.contentType, fetchedAt: ProcessingFacts.timestamp(), bytes: page.body.count,
                ms: page.seconds * 1_000, redirects: page.redirects)
            return (fetched, page.body, record)
        }
    }

    /// Fetches an article submitted by URL.
    func fetch(_ meta: ArticleMeta) -> Result<FetchedPage, FetchError> {
        guard let url = meta.url else {
            return .failure(FetchError(code: "bad-url", message: "a fetch job without a url", retryable: false))
        }
        let fetcher: Fetcher
        do {
            fetcher = try Fetcher(policy: fetchPolicy)
        } catch {
            return .failure(error)
        }
        if !fetchPolicy.ignoreRobots {
            switch robots.allows(url, agent: fetchPolicy.agentToken, using: fetcher) {
            case .failure(let error): return .failure(error)
            case .success(false):
                return .failure(
                    FetchError(
                        code: "robots-disallowed",
                        message: "the site's robots.txt disallows this URL for \(fetchPolicy.agentToken)",
                        retryable: false))
            case .success(true): break
            }
        }
        return fetcher.fetch(url)
    }

    /// Runs the pipeline on one article as the submitter described it, recording who processed it, when,
    /// and how long it took. `presswork process` uses this too, so local and cluster documents agree.
    public func document(
        for meta: ArticleMeta, id: String, body: [UInt8], worker: String, host: String, attempt: Int
    ) throws(PipelineError) -> ArticleDocument {
        let started = ContinuousClock.now
        var article = Article(
            id: id, articleId: meta.articleId, source: meta.source, url: meta.url, declaredLanguage: meta.lang,
            format: Article.Format(rawValue: meta.format.rawValue) ?? .auto, contentType: meta.contentType,
            bytes: body)
        if let hints = meta.hints, !hints.isEmpty {
            article.hints = Article.Hints(title: hints.title, author: hints.author, published: hints.published)
        }
        var facts = ProcessingFacts(
            worker: worker, host: host, attempts: attempt, processedAt: ProcessingFacts.timestamp())
        var document = try pipeline.process(article, facts: facts)
        let elapsed = (ContinuousClock.now - started).components
        facts.durationMs = Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15
        facts.stagesMs = document.processing.stagesMs
        facts.pipelineVersion = PressworkVersion.current
        document.processing = facts
        return document
    }
}

/// A processor that does no work: a minimal valid document per job, at once. For measuring the cluster's
/// own overhead (dispatch, journal, slot hand-off) apart from the pipeline's (`presswork worker --noop`).
public struct NoopJobProcessor: JobProcessor {
    public init() {}

    public func process(_ job: JobAssignment, body: [UInt8], worker: String, host: String) -> JobOutcome {
        .result(Array(#"{"id":"\#(job.job)","noop":true}"#.utf8), language: "und", stagesMs: [:])
    }
}

import Foundation
import PressworkFetch
import PressworkProtocol
import PressworkWARC

#if canImport(Glibc)
    import Glibc
#endif

/// One article read from the command line's inputs.
public struct InputArticle: Sendable {
    public var meta: ArticleMeta
    public var body: [UInt8]
    /// For a record of a WARC file: its path and the record's offset, to resume after it.
    public var warc: (path: String, offset: Int64)?

    public init(meta: ArticleMeta, body: [UInt8], warc: (path: String, offset: Int64)? = nil) {
        self.meta = meta
        self.body = body
        self.warc = warc
    }
}

/// One input that could not be used; the rest of the inputs go on.
public struct InputError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var message: String
    public var description: String { "\(source): \(message)" }
}

/// What `presswork submit` and `presswork process` read: files (`.html`, `.htm`, `.txt`), directories
/// (recursively, those files and `.jsonl` batches), JSON Lines batches, and `-` for standard input.
public enum ArticleInputs {
    /// One planned input.
    public enum Item: Sendable, Hashable {
        case file(path: String, format: ArticleFormat)
        case batch(path: String)
        /// Standard input: JSON Lines when its first non-blank byte is `{`, else one article.
        case standardInput
        /// Standard input as one text article, whatever it starts with (`--text -`).
        case standardInputText
        /// A page the worker fetches.
        case url(String)
        /// A page a feed or sitemap listed: fetched by the worker, with what the listing said about it.
        case listed(FeedEntry, listing: String)
        /// A WARC file (`.warc`, `.warc.gz`): each HTML response record is an article.
        case warc(path: String)
        /// A directory inside a named one that cannot be listed: read, it is an input error.
        case unreadable(path: String, reason: String)
    }

    static let formats: [String: ArticleFormat] = ["html": .html, "htm": .html, "txt": .text]

    /// Checks every path before anything is read or sent: it exists, is readable, and is a known type.
    /// - Throws: `.badInput` naming the first path that cannot be used.
    /// - Parameter standardInputAsText: `-` is one text article, never a JSON Lines batch.
    public static func plan(_ paths: [String], standardInputAsText: Bool = false) throws(ClientError) -> [Item] {
        guard !paths.isEmpty else {
            throw ClientError(.badInput, "no input given: name files, directories, .jsonl batches or -")
        }
        var items: [Item] = []
        let manager = FileManager.default
        for path in paths {
            if path == "-" {
                items.append(standardInputAsText ? .standardInputText : .standardInput)
                continue
            }
            if isURL(path) {
                items.append(.url(path))
                continue
            }
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ClientError(.badInput, "\(path): no such file or directory")
            }
            guard manager.isReadableFile(atPath: path) else { throw ClientError(.badInput, "\(path): not readable") }
            if isDirectory.boolValue {
                let found = try files(under: path)
                if found.isEmpty {
                    throw ClientError(
                        .badInput, "\(path): no .html, .htm, .txt, .jsonl or .warc(.gz) files in this directory")
                }
                items += found
            } else {
                guard let item = item(for: path) else {
                    throw ClientError(
                        .badInput,
                        "\(path): unknown file type (expected .html, .htm, .txt, .jsonl, .warc(.gz), or an http(s) URL)"
                    )
                }
                items.append(item)
            }
        }
        return items
    }

    /// Whether an argument names a page rather than a file.
    static func isURL(_ text: String) -> Bool {
        let lower = text.prefix(8).lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }

    /// The URLs of a list, one per line (`-`: standard input); blank lines and lines starting with `#` are
    /// skipped. A line that is not an http or https URL is an item that reads as an input error.
    public static func urls(fromList path: String) throws(ClientError) -> [Item] {
        let data: Data?
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            data = FileManager.default.contents(atPath: path)
        }
        guard let data else { throw ClientError(.badInput, "\(path): cannot read the URL list") }
        return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).compactMap { line in
            let url = line.trimmingCharacters(in: .whitespaces)
            return url.isEmpty || url.hasPrefix("#") ? nil : .url(url)
        }
    }

    /// A fetch job for `url`, or why it cannot be one.
    static func fetchArticle(_ url: String, source: String) -> Result<InputArticle, InputError> {
        guard isURL(url), url.utf8.count <= 8_192, !url.contains(where: \.isWhitespace), URL(string: url)?.host != nil
        else {
            return .failure(InputError(source: source, message: "not an http or https URL"))
        }
        return .success(InputArticle(meta: ArticleMeta(source: source, url: url, format: .fetch), body: []))
    }

    /// A fetch job for a page a listing named, carrying the listing's title, author, date and language.
    static func listedArticle(_ entry: FeedEntry, listing: String) -> Result<InputArticle, InputError> {
        // The source says where the URL came from; bounded like every source.
        let source = listing.utf8.count <= ArticleMeta.maxSourceBytes ? listing : "listing"
        guard case .success(var article) = fetchArticle(entry.url, source: source) else {
            return .failure(InputError(source: "\(source): \(entry.url)", message: "not an http or https URL"))
        }
        let hints = ArticleHints(
            title: entry.title.map { FeedParser.bounded($0, maxBytes: ArticleHints.maxTitleBytes) },
            author: entry.author.map { FeedParser.bounded($0, maxBytes: ArticleMeta.maxShortFieldBytes) },
            published: entry.published)
        if !hints.isEmpty { article.meta.hints = hints }
        if let language = entry.language, language.utf8.count <= 16,
            language.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-" || $0 == "_") })
        {
            article.meta.lang = language.lowercased()
        }
        return .success(article)
    }

    private static func item(for path: String) -> Item? {
        let lower = path.lowercased()
        if lower.hasSuffix(".warc") || lower.hasSuffix(".warc.gz") { return .warc(path: path) }
        let ext = (path as NSString).pathExtension.lowercased()
        if ext == "jsonl" { return .batch(path: path) }
        return formats[ext].map { .file(path: path, format: $0) }
    }

    private static func files(under directory: String) throws(ClientError) -> [Item] {
        // The URL enumerator reports what it cannot list (the path one skips it silently): such a
        // sub-directory becomes an item that reads as an input error, so the exit status says so.
        let unlisted = UnlistedDirectories()
        guard
            let enumerator = FileManager.default.enumerator(
                at: URL(fileURLWithPath: directory), includingPropertiesForKeys: [.isDirectoryKey],
                options: [.skipsHiddenFiles],
                errorHandler: { url, error in
                    unlisted.add(url.path, error)
                    return true
                })
        else {
            throw ClientError(.badInput, "\(directory): cannot list directory")
        }
        var found: [String] = []
        for case let url as URL in enumerator {
            let isDirectory = (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false
            if isDirectory {
                // Some platforms enumerate an unreadable directory without calling the handler.
                if !FileManager.default.isReadableFile(atPath: url.path)
                    || !FileManager.default.isExecutableFile(atPath: url.path)
                {
                    unlisted.add(url.path, nil)
                }
                continue
            }
            found.append(url.path)
        }
        let files: [Item] = found.sorted().compactMap(item(for:))
        return files + unlisted.items
    }

    /// Reads the planned inputs one article at a time, in order. An input that cannot be read, a batch
    /// line that is not a valid article, or an article over `maxBytes` is passed as an `InputError` and
    /// the reading goes on with the next one.
    /// - Parameters:
    ///   - notice: told what was decided about an input, for people (standard input read as JSON Lines, what a
    ///     WARC file held).
    ///   - warcResume: per WARC path, the offset of the last record already submitted: reading goes on after it.
    public static func read(
        _ items: [Item], maxBytes: Int, notice: (String) -> Void = { _ in }, warcResume: [String: Int64] = [:],
        _ body: (Result<InputArticle, InputError>) throws -> Void
    ) rethrows {
        for item in items {
            switch item {
            case .file(let path, let format):
                try body(readFile(path, format: format, maxBytes: maxBytes))
            case .standardInput:
                let head = readStandardInputHead()
                if head.first(where: { !Self.isBlank($0) }) == UInt8(ascii: "{") {
                    notice("stdin: reading JSON Lines, one article per line (--text - reads it as one text article)")
                    try BatchReader.read(.standardInput, source: "stdin", prefix: head, maxBytes: maxBytes, body)
                } else {
                    try body(readStandardInput(after: head, format: .auto, maxBytes: maxBytes))
                }
            case .standardInputText:
                try body(readStandardInput(after: [], format: .text, maxBytes: maxBytes))
            case .url(let url):
                try body(fetchArticle(url, source: url))
            case .unreadable(let path, let reason):
                try body(.failure(InputError(source: path, message: reason)))
            case .listed(let entry, let listing):
                try body(listedArticle(entry, listing: listing))
            case .warc(let path):
                try readWARC(path, maxBytes: maxBytes, after: warcResume[path], notice: notice, body)
            case .batch(let path):
                try BatchReader.read(path: path, maxBytes: maxBytes, body)
            }
        }
    }

    private static func readFile(_ path: String, format: ArticleFormat, maxBytes: Int) -> Result<
        InputArticle, InputError
    > {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= maxBytes else {
            return .failure(InputError(source: path, message: "\(size) bytes, over the article limit of \(maxBytes)"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(InputError(source: path, message: "cannot read file"))
        }
        guard !data.isEmpty else { return .failure(InputError(source: path, message: "empty file")) }
        return .success(InputArticle(meta: ArticleMeta(source: path, format: format), body: [UInt8](data)))
    }

    /// The HTML responses of a WARC file, in order, as articles (URL, headers' content type; no fetching).
    /// Other records are counted; malformed or truncated ones are reported with their offset and skipped.
    private static func readWARC(
        _ path: String, maxBytes: Int, after resumed: Int64?, notice: (String) -> Void,
        _ body: (Result<InputArticle, InputError>) throws -> Void
    ) rethrows {
        let reader: WARCReader
        do {
            reader = try WARCReader(path: path, from: resumed ?? 0, maxBlockBytes: maxBytes + 65_536)
        } catch {
            try body(.failure(InputError(source: path, message: error.message)))
            return
        }
        var articles = 0
        var other = 0
        while let event = reader.next() {
            switch event {
            case .record(let record):
                // Reading from a resume offset yields the record there again: it was submitted.
                if let resumed, record.offset <= resumed { continue }
                guard record.type == "response", let http = record.httpResponse, http.isHTML,
                    (200...299).contains(http.status), !http.body.isEmpty,
                    (http.headers["content-encoding"] ?? "identity").lowercased() == "identity"
                else {
                    other += 1
                    continue
                }
                let source = "\(path)@\(record.offset)"
                guard http.body.count <= maxBytes else {
                    try body(
                        .failure(
                            InputError(
                                source: source,
                                message: "\(http.body.count) bytes, over the article limit of \(maxBytes)")))
                    continue
                }
                articles += 1
                var meta = ArticleMeta(
                    source: source, url: record.targetURI, format: .html, contentType: http.headers["content-type"])
                if let date = record.date.flatMap(FeedDates.iso8601) {
                    meta.crawl = ArticleCrawl(status: http.status, fetchedAt: date)
                }
                try body(.success(InputArticle(meta: meta, body: http.body, warc: (path, record.offset))))
            case .oversize(let offset, let length, _):
                try body(
                    .failure(
                        InputError(source: "\(path)@\(offset)", message: "a record of \(length) bytes, over the limit"))
                )
            case .skipped(let offset, let reason):
                try body(.failure(InputError(source: "\(path)@\(offset)", message: "skipped: \(reason.message)")))
            }
        }
        notice("\(path): \(articles) HTML response record(s) read, \(other) other record(s) skipped")
    }

    /// Whitespace or a byte of the UTF-8 byte order mark, which may come before a batch's first `{`.
    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0xEF || byte == 0xBB || byte == 0xBF
    }

    /// Standard input up to its first byte that is not blank (or its end, or 64 KiB of blanks).
    private static func readStandardInputHead() -> [UInt8] {
        var head: [UInt8] = []
        while head.allSatisfy(isBlank), head.count < 1 << 16, let chunk = readStandardInputChunk() { head += chunk }
        return head
    }

    /// Up to 64 KiB of standard input; nil at its end.
    private static func readStandardInputChunk() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            return count > 0 ? Array(buffer[0..<count]) : nil
        }
    }

    /// Standard input as one article, `head` being what was read of it already.
    private static func readStandardInput(after head: [UInt8], format: ArticleFormat, maxBytes: Int) -> Result<
        InputArticle, InputError
    > {
        var bytes = head
        while bytes.count <= maxBytes, let chunk = readStandardInputChunk() { bytes += chunk }
        if bytes.count > maxBytes {
            // Read the rest, so a writer on the other end of a pipe is not left blocked.
            while readStandardInputChunk() != nil {}
            return .failure(InputError(source: "stdin", message: "over the article limit of \(maxBytes) bytes"))
        }
        guard !bytes.isEmpty else {
            return .failure(InputError(source: "stdin", message: "no input on standard input"))
        }
        return .success(InputArticle(meta: ArticleMeta(source: "stdin", format: format), body: bytes))
    }
}

/// The sub-directories a directory walk could not list, collected from the enumerator's error handler.
private final class UnlistedDirectories: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: [String: String] = [:]

    func add(_ path: String, _ error: (any Error)?) {
        lock.lock()
        defer { lock.unlock() }
        if paths[path] == nil {
            let detail = error.map { $0.localizedDescription } ?? "permission denied"
            paths[path] = "cannot list this directory (\(detail)); its files were skipped"
        }
    }

    var items: [ArticleInputs.Item] {
        lock.lock()
        defer { lock.unlock() }
        return paths.keys.sorted().map { .unreadable(path: $0, reason: paths[$0]!) }
    }
}

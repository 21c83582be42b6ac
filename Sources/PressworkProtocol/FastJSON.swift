import PressworkJSON

/// A header with a hand-written JSON form: the members `JSONEncoder` would write for its `Codable` form.
public protocol JSONWritable {
    func write(to object: inout JSONObjectWriter)
}

/// A header that can be read from a parsed object exactly as `JSONDecoder` would read its `Codable` form;
/// nil when it cannot be, and the caller then uses `JSONDecoder`. Unknown members are ignored, as there.
public protocol JSONReadable {
    init?(json: JSONObjectReader)
}

extension JSONReadable {
    /// The value read by the strict reader, or nil when it leaves `bytes` to `JSONDecoder`.
    public static func fastDecode(_ bytes: [UInt8]) -> Self? {
        JSONObjectReader.parse(bytes).flatMap(Self.init(json:))
    }
}

extension JSONWritable {
    /// The value as compact JSON with sorted keys.
    public func jsonBytes() -> [UInt8] {
        var object = JSONObjectWriter()
        write(to: &object)
        return object.bytes()
    }
}

extension ArticleMeta: JSONWritable, JSONReadable {
    public func write(to object: inout JSONObjectWriter) {
        object.string("articleId", articleId)
        object.string("source", source)
        object.string("url", url)
        object.string("lang", lang)
        object.string("format", format.rawValue)
        object.string("contentType", contentType)
        if let hints {
            object.object("hints") { nested in
                nested.string("title", hints.title)
                nested.string("author", hints.author)
                nested.string("published", hints.published)
            }
        }
        if let crawl {
            object.object("crawl") { nested in
                nested.string("fetchedAt", crawl.fetchedAt)
                nested.int("status", crawl.status)
            }
        }
    }

    public init?(json: JSONObjectReader) {
        guard let source = json.string("source"), let format = json.string("format").flatMap(ArticleFormat.init),
            let articleId = json.optional("articleId", JSONObjectReader.string),
            let url = json.optional("url", JSONObjectReader.string),
            let lang = json.optional("lang", JSONObjectReader.string),
            let contentType = json.optional("contentType", JSONObjectReader.string),
            let hints = json.optional("hints", JSONObjectReader.object),
            let crawl = json.optional("crawl", JSONObjectReader.object)
        else { return nil }
        self.init(articleId: articleId, source: source, url: url, lang: lang, format: format, contentType: contentType)
        if let hints {
            guard let title = hints.optional("title", JSONObjectReader.string),
                let author = hints.optional("author", JSONObjectReader.string),
                let published = hints.optional("published", JSONObjectReader.string)
            else { return nil }
            self.hints = ArticleHints(title: title, author: author, published: published)
        }
        if let crawl {
            guard let status = crawl.int("status"), let fetchedAt = crawl.string("fetchedAt") else { return nil }
            self.crawl = ArticleCrawl(status: status, fetchedAt: fetchedAt)
        }
    }
}

extension JobAssignment: JSONWritable, JSONReadable {
    public func write(to object: inout JSONObjectWriter) {
        object.string("job", job)
        object.int("attempt", attempt)
        object.double("timeoutSeconds", timeoutSeconds)
        object.raw("article", article.jsonBytes())
        if let maxResultBytes { object.int("maxResultBytes", maxResultBytes) }
        if let bodyEncoding { object.string("bodyEncoding", bodyEncoding) }
        if let bodyBytes { object.int("bodyBytes", bodyBytes) }
    }

    public init?(json: JSONObjectReader) {
        guard let job = json.string("job"), let attempt = json.int("attempt"),
            let timeout = json.double("timeoutSeconds"), let article = json.object("article").flatMap(ArticleMeta.init),
            let maxResultBytes = json.optional("maxResultBytes", JSONObjectReader.int),
            let bodyEncoding = json.optional("bodyEncoding", JSONObjectReader.string),
            let bodyBytes = json.optional("bodyBytes", JSONObjectReader.int)
        else { return nil }
        self.init(job: job, attempt: attempt, timeoutSeconds: timeout, article: article)
        self.maxResultBytes = maxResultBytes
        self.bodyEncoding = bodyEncoding
        self.bodyBytes = bodyBytes
    }
}

extension JobResult: JSONWritable, JSONReadable {
    public func write(to object: inout JSONObjectWriter) {
        object.string("job", job)
        object.int("attempt", attempt)
        object.string("language", language)
        object.string("pageType", pageType)
        if let stagesMs {
            object.object("stagesMs") { stages in
                for (name, milliseconds) in stagesMs { stages.double(name, milliseconds) }
            }
        }
    }

    public init?(json: JSONObjectReader) {
        guard let job = json.string("job"), let attempt = json.int("attempt"),
            let language = json.optional("language", JSONObjectReader.string),
            let pageType = json.optional("pageType", JSONObjectReader.string),
            let stages = json.optional("stagesMs", JSONObjectReader.object)
        else { return nil }
        var stagesMs: [String: Double]?
        if let stages {
            stagesMs = [:]
            for (name, value) in stages.members {
                guard let milliseconds = JSONObjectReader.double(value) else { return nil }
                stagesMs?[name] = milliseconds
            }
        }
        self.init(job: job, attempt: attempt, language: language, stagesMs: stagesMs, pageType: pageType)
    }
}

extension JobFailure: JSONWritable, JSONReadable {
    public func write(to object: inout JSONObjectWriter) {
        object.string("job", job)
        object.int("attempt", attempt)
        object.bool("retryable", retryable)
        object.string("code", code)
        object.string("message", message)
        object.double("retryAfter", retryAfter)
    }

    public init?(json: JSONObjectReader) {
        guard let job = json.string("job"), let attempt = json.int("attempt"), let retryable = json.bool("retryable"),
            let code = json.string("code"), let message = json.string("message"),
            let retryAfter = json.optional("retryAfter", JSONObjectReader.double)
        else { return nil }
        self.init(
            job: job, attempt: attempt, retryable: retryable, code: code, message: message, retryAfter: retryAfter)
    }
}

extension WorkerStats: JSONWritable, JSONReadable {
    public func write(to object: inout JSONObjectWriter) {
        object.int("rssBytes", rssBytes)
    }

    public init?(json: JSONObjectReader) {
        guard let rssBytes = json.optional("rssBytes", JSONObjectReader.int) else { return nil }
        self.init(rssBytes: rssBytes)
    }
}

extension Submit: JSONWritable, JSONReadable {
    public func write(to object: inout JSONObjectWriter) {
        object.raw("req", Array(String(req).utf8))
        object.array("articles", articles) { $1 += $0.jsonBytes() }
        object.string("key", key)
        object.string("batch", batch)
        object.string("dedupe", dedupe?.rawValue)
        object.string("priority", priority?.rawValue)
        object.double("jobTimeout", jobTimeout)
        object.string("bodyEncoding", bodyEncoding)
    }

    public init?(json: JSONObjectReader) {
        guard let req = json.uint64("req"), let list = json.array("articles"),
            let key = json.optional("key", JSONObjectReader.string),
            let batch = json.optional("batch", JSONObjectReader.string),
            let dedupeText = json.optional("dedupe", JSONObjectReader.string),
            let priorityText = json.optional("priority", JSONObjectReader.string),
            let jobTimeout = json.optional("jobTimeout", JSONObjectReader.double),
            let bodyEncoding = json.optional("bodyEncoding", JSONObjectReader.string)
        else { return nil }
        let priority = priorityText.map(JobPriority.init(rawValue:))
        if case .some(.none) = priority { return nil }
        // An unknown rule is left to JSONDecoder, which names it in its error.
        let dedupe = dedupeText.map(Dedupe.init(rawValue:))
        if case .some(.none) = dedupe { return nil }
        var articles: [ArticleMeta] = []
        articles.reserveCapacity(list.count)
        for value in list {
            guard let article = JSONObjectReader.object(value).flatMap(ArticleMeta.init) else { return nil }
            articles.append(article)
        }
        self.init(
            req: req, articles: articles, key: key, batch: batch, dedupe: dedupe ?? nil, priority: priority ?? nil,
            jobTimeout: jobTimeout)
        self.bodyEncoding = bodyEncoding
    }
}

extension Accepted: JSONWritable, JSONReadable {
    public func write(to object: inout JSONObjectWriter) {
        object.raw("req", Array(String(req).utf8))
        object.array("jobs", jobs) { JSONBytes.appendString($0, to: &$1) }
        if let duplicates { object.array("duplicates", duplicates) { $1 += Array(String($0).utf8) } }
        if let encodings { object.array("encodings", encodings) { JSONBytes.appendString($0, to: &$1) } }
    }

    public init?(json: JSONObjectReader) {
        guard let req = json.uint64("req"), let list = json.array("jobs"),
            let duplicateList = json.optional(
                "duplicates",
                { value -> [JSONValue]? in
                    if case .array(let items) = value { return items }
                    return nil
                })
        else { return nil }
        var jobs: [String] = []
        jobs.reserveCapacity(list.count)
        for value in list {
            guard let job = JSONObjectReader.string(value) else { return nil }
            jobs.append(job)
        }
        var duplicates: [Int]?
        if let duplicateList {
            let indexes = duplicateList.compactMap(JSONObjectReader.int)
            guard indexes.count == duplicateList.count else { return nil }
            duplicates = indexes
        }
        self.init(req: req, jobs: jobs, duplicates: duplicates)
        if let list = json.array("encodings") {
            let names = list.compactMap(JSONObjectReader.string)
            guard names.count == list.count else { return nil }
            encodings = names
        } else if json.members["encodings"] != nil, json.members["encodings"] != .null {
            return nil
        }
    }
}

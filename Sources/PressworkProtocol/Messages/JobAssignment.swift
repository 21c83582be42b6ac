/// The format of an article body, as the submitter knows it.
public enum ArticleFormat: String, Codable, Sendable, Hashable {
    case html, text, auto
    /// No body: the worker fetches the article's `url` (HTTP or HTTPS) as part of the job.
    case fetch
}

/// What the submitter said about one article; travels beside the raw body frame.
public struct ArticleMeta: Codable, Sendable, Hashable {
    /// The submitter's own id for the article (e.g. from a JSON Lines batch).
    public var articleId: String?
    /// Where the article came from: a path, `stdin`, or `batch.jsonl#12`.
    public var source: String
    /// The article's URL, if known.
    public var url: String?
    /// A declared language (hint), e.g. `kk`.
    public var lang: String?
    /// The body's format.
    public var format: ArticleFormat
    /// A `Content-Type` with charset, if known.
    public var contentType: String?
    /// What the feed or sitemap that listed the page says about it: extraction falls back on these.
    public var hints: ArticleHints?
    /// For a page read from a crawl archive: how the crawler fetched it (recorded as the document's `fetch`).
    public var crawl: ArticleCrawl?

    public init(
        articleId: String? = nil, source: String, url: String? = nil, lang: String? = nil,
        format: ArticleFormat = .auto, contentType: String? = nil
    ) {
        self.articleId = articleId
        self.source = source
        self.url = url
        self.lang = lang
        self.format = format
        self.contentType = contentType
    }

    /// The most bytes of each field: `source` and `url` are shown to operators and kept in the journal,
    /// so a peer cannot make `status` or the logs huge with them.
    public static let maxSourceBytes = 4_096
    public static let maxURLBytes = 8_192
    public static let maxShortFieldBytes = 256

    /// Throws `too-large` naming the field that is over its bound.
    public func checkBounds(index: Int) throws(ProtocolError) {
        let fields: [(String, String?, Int)] = [
            ("source", source, Self.maxSourceBytes), ("url", url, Self.maxURLBytes),
            ("articleId", articleId, Self.maxShortFieldBytes), ("lang", lang, Self.maxShortFieldBytes),
            ("contentType", contentType, Self.maxShortFieldBytes),
        ]
        for (name, value, limit) in fields where (value?.utf8.count ?? 0) > limit {
            throw ProtocolError(.tooLarge, "article \(index): \(name) is over \(limit) bytes")
        }
        let hinted: [(String, String?, Int)] = [
            ("title", hints?.title, ArticleHints.maxTitleBytes), ("author", hints?.author, Self.maxShortFieldBytes),
            ("published", hints?.published, ArticleHints.maxDateBytes),
            ("crawl.fetchedAt", crawl?.fetchedAt, ArticleHints.maxDateBytes),
        ]
        for (name, value, limit) in hinted where (value?.utf8.count ?? 0) > limit {
            throw ProtocolError(.tooLarge, "article \(index): hints.\(name) is over \(limit) bytes")
        }
    }
}

/// How a crawler fetched a page it archived (a WARC `response` record).
public struct ArticleCrawl: Codable, Sendable, Hashable {
    /// The HTTP status it got.
    public var status: Int
    /// When (the record's `WARC-Date`, ISO 8601).
    public var fetchedAt: String

    public init(status: Int, fetchedAt: String) {
        self.status = status
        self.fetchedAt = fetchedAt
    }
}

/// What a listing (RSS or Atom feed, news sitemap) says about a page it links to. Extraction uses each
/// only when the page itself does not say better.
public struct ArticleHints: Codable, Sendable, Hashable {
    public var title: String?
    public var author: String?
    /// ISO 8601 date or timestamp.
    public var published: String?

    public init(title: String? = nil, author: String? = nil, published: String? = nil) {
        self.title = title
        self.author = author
        self.published = published
    }

    public var isEmpty: Bool { title == nil && author == nil && published == nil }

    public static let maxTitleBytes = 1_024
    public static let maxDateBytes = 64
}

/// `JOB`: the coordinator leases one job to a worker. The body travels as the next frame.
public struct JobAssignment: Codable, Sendable, Hashable {
    /// The job id.
    public var job: String
    /// Which attempt this is, from 1.
    public var attempt: Int
    /// Seconds the worker has before the lease expires and the job is given to another worker.
    public var timeoutSeconds: Double
    /// The largest result document the coordinator accepts for this job; a larger one fails the job with
    /// `too-large` at once. Absent from coordinators before 0.3.
    public var maxResultBytes: Int?
    /// What the submitter said about the article.
    public var article: ArticleMeta
    /// How the body frame is encoded: `zstd` (only to a worker that listed it in `READY`'s `encodings`), or
    /// absent for the article's bytes as submitted.
    public var bodyEncoding: String?
    /// The body's size once decoded, with `bodyEncoding`: the worker decodes no more than this.
    public var bodyBytes: Int?

    public init(job: String, attempt: Int, timeoutSeconds: Double, article: ArticleMeta) {
        self.job = job
        self.attempt = attempt
        self.timeoutSeconds = timeoutSeconds
        self.article = article
    }
}

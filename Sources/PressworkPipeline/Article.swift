/// One article as it arrives: raw bytes plus what the caller knows about them.
///
/// The pipeline never trusts these hints blindly: a wrong `contentType` charset or `declaredLanguage`
/// degrades the result, it does not fail the job.
public struct Article: Sendable {
    /// How the bytes are laid out.
    public enum Format: String, Sendable, Codable {
        /// A web page (or an HTML fragment).
        case html
        /// Plain text: a title line, then paragraphs separated by blank lines.
        case text
        /// Decide from the content: HTML when it carries HTML markup near the start, text otherwise.
        case auto
    }

    /// The job id, or the file name when run locally.
    public var id: String
    /// The caller's own id (from JSON Lines input), if it gave one.
    public var articleId: String?
    /// Where the article came from: a file path, `"stdin"`, or `"batch.jsonl#12"`.
    public var source: String
    /// The article's URL, if known.
    public var url: String?
    /// A language hint such as `"kk"`; passed to the language detector, never taken as the answer.
    public var declaredLanguage: String?
    /// How the bytes are laid out; `.auto` sniffs.
    public var format: Format
    /// The HTTP `Content-Type`, such as `"text/html; charset=windows-1251"`, if known. Its charset wins
    /// over any `<meta>` declaration, as in browsers.
    public var contentType: String?
    /// The article's bytes, in whatever encoding they came.
    public var bytes: [UInt8]
    /// What a feed or sitemap listing the page says about it; used where the page says nothing better.
    public var hints: Hints?

    /// A listing's title, author and publication date (ISO 8601) for the page.
    public struct Hints: Sendable, Equatable {
        public var title: String?
        public var author: String?
        public var published: String?
        public init(title: String? = nil, author: String? = nil, published: String? = nil) {
            self.title = title
            self.author = author
            self.published = published
        }
    }

    /// Creates an article.
    ///
    /// - Parameters:
    ///   - id: the job id, or the file name when run locally.
    ///   - articleId: the caller's own id, if any.
    ///   - source: where the article came from.
    ///   - url: the article's URL, if known.
    ///   - declaredLanguage: a language hint such as `"kk"`.
    ///   - format: how the bytes are laid out; `.auto` sniffs.
    ///   - contentType: the HTTP `Content-Type`, if known.
    ///   - bytes: the raw bytes.
    public init(
        id: String,
        articleId: String? = nil,
        source: String,
        url: String? = nil,
        declaredLanguage: String? = nil,
        format: Format = .auto,
        contentType: String? = nil,
        bytes: [UInt8]
    ) {
        self.id = id
        self.articleId = articleId
        self.source = source
        self.url = url
        self.declaredLanguage = declaredLanguage
        self.format = format
        self.contentType = contentType
        self.bytes = bytes
    }
}

/// The result of processing one article: schema version 1, described field by field in `SCHEMA.md`.
///
/// Absent optionals are left out of the JSON rather than written as `null`.
public struct ArticleDocument: Sendable, Codable, Equatable {
    /// The schema version this type writes. Additive fields keep it; removals and renames bump it.
    public static let currentSchemaVersion = 1

    /// The schema version of this document.
    public var schemaVersion: Int
    /// The job id (or the file name when run locally).
    public var id: String
    /// The caller's own id, if it gave one.
    public var articleId: String?
    /// Where the article came from: a file path, `"stdin"`, or `"batch.jsonl#12"`.
    public var source: String
    /// The article's URL, if known.
    public var url: String?
    /// The title; empty when none was found.
    public var title: String
    /// The clean text: ``paragraphs`` joined by `"\n\n"`.
    public var text: String
    /// The paragraphs of the text, whitespace collapsed, none empty.
    public var paragraphs: [String]
    /// The detected language.
    public var language: Language
    /// The charset the bytes were decoded from, lowercased: `"utf-8"`, `"windows-1251"`, `"utf-16le"`.
    public var charset: String
    /// How the article was read: `.html` or `.text`, never `.auto`.
    public var format: Article.Format
    /// Word tokens in ``text``; see `SCHEMA.md` for what counts as a word.
    public var wordCount: Int
    /// Unicode scalars in ``text`` that are not whitespace.
    public var characterCount: Int
    /// Who processed the article, when, and how long it took.
    public var processing: ProcessingFacts

    // MARK: Extraction and metadata (all optional: absent when not found)

    /// Where ``charset`` came from: `bom`, `header`, `meta`, `detected` or `default`.
    public var charsetSource: String?
    /// What kind of page this is: `article`, or `index`, `consent`, `paywall`, `error` for pages that
    /// are not articles (their text is not returned as an article body).
    public var pageType: String?
    /// Clean minimal HTML of the main content (headings, paragraphs, lists, quotes, tables, captions).
    public var html: String?
    /// The authors' names, in byline order.
    public var authors: [String]?
    /// When the article was first published (ISO 8601) and where that was read.
    public var published: DateFact?
    /// When the article was last modified (ISO 8601) and where that was read.
    public var modified: DateFact?
    /// The site's name (`og:site_name`, JSON-LD publisher).
    public var siteName: String?
    /// The page's own summary (`description`, `og:description`).
    public var description: String?
    /// The canonical URL (`<link rel=canonical>`, `og:url`), absolute.
    public var canonicalUrl: String?
    /// The lead image URL, absolute.
    public var image: String?
    /// The section of the site (`article:section`).
    public var section: String?
    /// Tags and keywords the page declares.
    public var tags: [String]?
    /// The dateline place that opens the story, e.g. `ASTANA`.
    public var dateline: String?

    // MARK: Analysis (optional so that documents stored before it still decode)

    /// The sentences of ``text`` as UTF-8 byte ranges.
    public var sentences: [TextRange]?
    /// Sentences in ``text``.
    public var sentenceCount: Int?
    /// Paragraphs in ``text``.
    public var paragraphCount: Int?
    /// Estimated reading time in seconds.
    public var readingTimeSeconds: Int?
    /// Keyphrases, most relevant first.
    public var keywords: [Keyword]?
    /// SHA-256 of ``text``'s UTF-8 bytes, lowercase hex: equal texts, equal hashes.
    public var contentHash: String?
    /// 64-bit SimHash of the text's normalized word shingles, 16 lowercase hex digits: near-duplicate
    /// articles differ in few bits.
    public var simhash: String?
    /// Every word of ``text`` with its offsets and search forms; only when the pipeline is asked for them.
    public var tokens: [Token]?
    /// How the page was fetched, for an article submitted by URL.
    public var fetch: Fetch?

    /// A fetch: the URL asked for and the one answered after redirects, the HTTP status, when (ISO 8601),
    /// the body's size as received (decoded), and the time it took.
    public struct Fetch: Sendable, Codable, Equatable {
        public var requestedUrl: String
        public var finalUrl: String
        public var status: Int
        public var contentType: String?
        public var fetchedAt: String
        public var bytes: Int
        public var ms: Double
        public var redirects: Int
        /// `warc` for a page read from a crawl archive (then `fetchedAt` is the record's date and `ms` is 0);
        /// absent for a page the worker fetched.
        public var archive: String?

        public init(
            requestedUrl: String, finalUrl: String, status: Int, contentType: String?, fetchedAt: String, bytes: Int,
            ms: Double, redirects: Int
        ) {
            self.requestedUrl = requestedUrl
            self.finalUrl = finalUrl
            self.status = status
            self.contentType = contentType
            self.fetchedAt = fetchedAt
            self.bytes = bytes
            self.ms = ms
            self.redirects = redirects
        }
    }

    /// A range of ``text`` in UTF-8 bytes.
    public struct TextRange: Sendable, Codable, Equatable {
        /// Byte offset from the start of ``text``.
        public var offset: Int
        /// Length in bytes.
        public var length: Int

        /// Creates a range.
        public init(offset: Int, length: Int) {
            self.offset = offset
            self.length = length
        }
    }

    /// A keyphrase of the article.
    public struct Keyword: Sendable, Codable, Equatable {
        /// The phrase as the article most often writes it.
        public var text: String
        /// YAKE's score: lower is more relevant; comparable within one article only.
        public var score: Double
        /// Occurrences of the phrase (any inflection that stems alike).
        public var count: Int

        /// Creates a keyword.
        public init(text: String, score: Double, count: Int) {
            self.text = text
            self.score = score
            self.count = count
        }
    }

    /// A word of the article.
    public struct Token: Sendable, Codable, Equatable {
        /// Byte offset in ``ArticleDocument/text``.
        public var offset: Int
        /// Length in bytes.
        public var length: Int
        /// `letter`, `number`, `kana` or `ideographic`, as ICU classifies the word.
        public var kind: String
        /// The search form: NFKC, case folded, invisible characters removed, Arabic letters unified.
        public var normalized: String
        /// The Snowball stem of the search form; absent for languages without a stemmer and for numbers.
        public var stem: String?
        /// True for a stopword of the article's language; absent otherwise.
        public var stopword: Bool?

        /// Creates a token.
        public init(
            offset: Int, length: Int, kind: String, normalized: String, stem: String? = nil, stopword: Bool? = nil
        ) {
            self.offset = offset
            self.length = length
            self.kind = kind
            self.normalized = normalized
            self.stem = stem
            self.stopword = stopword
        }
    }

    /// Creates a document; the pipeline does this, tests and tools may too.
    public init(
        schemaVersion: Int = ArticleDocument.currentSchemaVersion,
        id: String,
        articleId: String? = nil,
        source: String,
        url: String? = nil,
        title: String,
        text: String,
        paragraphs: [String],
        language: Language,
        charset: String,
        format: Article.Format,
        wordCount: Int,
        characterCount: Int,
        processing: ProcessingFacts
    ) {
        self.schemaVersion = schemaVersion
        self.id = id
        self.articleId = articleId
        self.source = source
        self.url = url
        self.title = title
        self.text = text
        self.paragraphs = paragraphs
        self.language = language
        self.charset = charset
        self.format = format
        self.wordCount = wordCount
        self.characterCount = characterCount
        self.processing = processing
    }
}

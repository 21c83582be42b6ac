import Foundation

/// Turns an article's bytes into an ``ArticleDocument``: decode, extract, detect the language, count.
///
/// A pure library: no networking, no files, no logging. Stages are types of their own in `Stages/`.
public struct Pipeline: Sendable {
    /// The limits this pipeline enforces.
    public let configuration: PipelineConfiguration

    /// Creates a pipeline.
    ///
    /// - Parameter configuration: limits; the defaults suit news articles.
    public init(configuration: PipelineConfiguration = .init()) {
        self.configuration = configuration
    }

    /// Characters from which a product's declared description is added to its text when the text lacks
    /// it (its first this many characters are looked for).
    static let productDescriptionCharacters = 40

    /// Processes one article.
    ///
    /// Pure and thread-safe: called concurrently from N worker threads. Every C handle it uses (iconv,
    /// libxml2 documents) is opened and closed inside the call.
    ///
    /// - Parameters:
    ///   - article: the bytes and what the caller knows about them.
    ///   - facts: who is processing it; copied into the document's `processing` field.
    /// - Returns: the result document, schema version ``ArticleDocument/currentSchemaVersion``.
    /// - Throws: ``PipelineError`` with code `tooLarge` (over the byte limit), `undecodable` (empty or
    ///   binary), `notAnArticle` (no letters after extraction) or `parseFailure` (no HTML document at all).
    public func process(
        _ article: Article, facts: ProcessingFacts, now: Date = Date()
    ) throws(PipelineError) -> ArticleDocument {
        var lap = Lap()
        var timings = StageTimings()
        let decoded = try DecodeStage(maxArticleBytes: configuration.maxArticleBytes).run(article)
        timings.decode = lap.next()

        let format: Article.Format
        switch article.format {
        case .html, .text: format = article.format
        case .auto: format = CharsetSniffer.looksLikeHTML(decoded.utf8) ? .html : .text
        }

        var metadata = MetadataStage.Output()
        var content = ContentStage.Output(paragraphs: [], html: "", pageType: "article")
        var dateline: String?
        if format == .html {
            if Whitespace.containsLetter(utf8: decoded.utf8) {
                // One parse, read by both stages; script and style contents are never read, so never parsed.
                var extract = 0.0
                var metadataTime = 0.0
                (content, metadata) = try HTMLDocument.parse(utf8: RawTextStripper.strip(decoded.utf8)) { root in
                    guard let root else { return (content, metadata) }
                    var inner = Lap()
                    // Metadata first: what the page says it is (one product) changes what is furniture.
                    let metadata = MetadataStage().run(root, url: article.url, now: now)
                    metadataTime = inner.next()
                    let product = PageKind.describesProduct(
                        url: article.url ?? metadata.canonicalUrl, schemaTypes: metadata.schemaTypes,
                        openGraphType: metadata.openGraphType)
                    let content = ContentStage(product: product).run(root)
                    extract = inner.next()
                    return (content, metadata)
                }
                let total = lap.next()
                timings.parse = ((total - extract - metadataTime) * 1000).rounded() / 1000
                timings.extract = extract
                timings.metadata = metadataTime
            }
        } else {
            let extracted = PlainTextStage().run(decoded.text)
            metadata.title = extracted.title
            metadata.published = extracted.published
            content.paragraphs = extracted.paragraphs
            content.html = ContentStage.html(extracted.paragraphs)
            dateline = extracted.dateline
            timings.extract = lap.next()
        }
        if let hints = article.hints { Self.apply(hints, to: &metadata) }
        // NFC, so that equal text is equal bytes (hashes, offsets and searches agree).
        let normalizer = TextNormalizer()
        metadata.title = normalizer.nfc(metadata.title)
        var paragraphs = content.paragraphs.map { normalizer.nfc($0) }
        if let first = paragraphs.first, first == metadata.title {
            paragraphs.removeFirst()
        }
        // Pages rendered by scripts hold their text in JSON, not in the markup.
        if format == .html, !PageTypeClassifier.withoutContent.contains(content.pageType),
            paragraphs.joined().count < ContentStage.nothingCharacters
        {
            let embedded = EmbeddedText.paragraphs(articleBody: metadata.articleBody, html: decoded.utf8)
            if !embedded.isEmpty {
                paragraphs = embedded.map { normalizer.nfc($0) }
                content.html = ContentStage.html(paragraphs)
            }
        }
        let pageType =
            format == .html
            ? PageKind(
                contentType: content.pageType, url: article.url ?? metadata.canonicalUrl,
                schemaTypes: metadata.schemaTypes, openGraphType: metadata.openGraphType,
                dated: metadata.published != nil && !metadata.publishedByGenericPage
            ).classify() : content.pageType
        // A thread's author is its first poster, whose user name no byline markup names.
        if pageType == "forum", metadata.authors.isEmpty, let poster = metadata.firstPoster {
            metadata.authors = [poster]
        }
        // Articles rendered by scripts keep their date in their state JSON. Not read for other page types,
        // whose state holds the dates of products and teasers; and after the page type, which weighs only
        // dates the page shows or marks up.
        if format == .html, pageType == "article", metadata.published == nil {
            metadata.published = ScriptDates.published(
                in: decoded.utf8, dayFirst: MetadataStage.readsDayFirst(metadata.declaredLanguage), now: now)
        }
        // A product page's description is often rendered by scripts from its JSON-LD, while the markup
        // holds the price and options: the description the page declares is part of its content.
        if pageType == "product",
            let described = metadata.productDescription.map({ EmbeddedText.paragraphs(ofTextOrHTML: $0) }),
            let first = described.first, described.joined().count >= Self.productDescriptionCharacters,
            // Folded: the same text typed with other quotes or dashes (`'` against `’`) is the same text.
            !TitleChooser.fold(paragraphs.joined(separator: " "))
                .contains(TitleChooser.fold(String(first.prefix(Self.productDescriptionCharacters))))
        {
            let added = described.map { normalizer.nfc($0) }
            paragraphs.insert(contentsOf: added, at: 0)
            content.html = ContentStage.html(added) + "\n" + content.html
        }
        // Web pages open with datelines too (`MOSCOW:`, `ASTANA —`).
        if format == .html { dateline = paragraphs.first.flatMap(PlainTextStage.dateline) }
        let text = paragraphs.joined(separator: "\n\n")
        guard Whitespace.containsLetter(text) else {
            let message =
                switch content.pageType {
                case "consent": "the page is a cookie-consent wall with nothing else to extract"
                case "error": "the page is an error page (not found or similar) with nothing else to extract"
                default: "no text with letters left after extraction"
                }
            throw PipelineError(code: .notAnArticle, message: message)
        }

        let language = LanguageStage().run(
            title: metadata.title, text: text, declared: article.declaredLanguage ?? metadata.declaredLanguage,
            url: article.url, charset: decoded.charsetSource == .default ? nil : decoded.charset.name)
        timings.language = lap.next()
        let analysis = AnalysisStage().run(
            text: text, language: language.code, script: language.script, dateline: dateline,
            includeTokens: configuration.includeTokens)
        let counts = CountStage().run(text)
        timings.analysis = lap.next()
        var document = ArticleDocument(
            article: article, format: format, decoded: decoded, metadata: metadata,
            extracted: .init(
                text: text, paragraphs: paragraphs, html: content.html, pageType: pageType, dateline: dateline),
            language: language, analysis: analysis, counts: counts, facts: facts)
        document.processing.stagesMs = timings
        return document
    }

    /// Date sources weaker than a feed's publication date: read from the URL, the prose or scripts.
    static let weakDateSources: Set<String> = ["url", "text", "script", "dateline"]

    /// A listing's hints fill what the page left empty. A feed's date also replaces one guessed from the URL
    /// or the text: a feed states the publication date, those only suggest it.
    static func apply(_ hints: Article.Hints, to metadata: inout MetadataStage.Output) {
        if !Whitespace.containsLetter(metadata.title), let title = hints.title, Whitespace.containsLetter(title) {
            metadata.title = title
        }
        if metadata.authors.isEmpty, let author = hints.author, Whitespace.containsLetter(author) {
            metadata.authors = [author]
        }
        if let published = hints.published,
            metadata.published.map({ weakDateSources.contains($0.source) }) ?? true
        {
            metadata.published = DateFact(value: published, source: "feed")
        }
    }
}

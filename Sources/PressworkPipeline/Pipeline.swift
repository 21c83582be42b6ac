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
    public func process(_ article: Article, facts: ProcessingFacts) throws(PipelineError) -> ArticleDocument {
        let decoded = try DecodeStage(maxArticleBytes: configuration.maxArticleBytes).run(article)

        let format: Article.Format
        switch article.format {
        case .html, .text: format = article.format
        case .auto: format = CharsetSniffer.looksLikeHTML(text: decoded.text) ? .html : .text
        }

        let title: String
        let paragraphs: [String]
        var declaredLanguage = article.declaredLanguage
        if format == .html {
            let extracted = try HTMLTextStage().run(decoded.text)
            title = extracted.title
            paragraphs = extracted.paragraphs
            declaredLanguage = declaredLanguage ?? extracted.declaredLanguage
        } else {
            let extracted = PlainTextStage().run(decoded.text)
            title = extracted.title
            paragraphs = extracted.paragraphs
        }
        let text = paragraphs.joined(separator: "\n\n")
        guard Whitespace.containsLetter(text) else {
            throw PipelineError(code: .notAnArticle, message: "no text with letters left after extraction")
        }

        let language = LanguageStage().run(title: title, text: text, declared: declaredLanguage)
        let counts = CountStage().run(text)
        return ArticleDocument(
            id: article.id,
            articleId: article.articleId,
            source: article.source,
            url: article.url,
            title: title,
            text: text,
            paragraphs: paragraphs,
            language: language,
            charset: decoded.charset.name,
            format: format,
            wordCount: counts.wordCount,
            characterCount: counts.characterCount,
            processing: facts
        )
    }
}

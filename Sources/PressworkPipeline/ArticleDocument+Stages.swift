extension ArticleDocument {
    /// The text extraction settled on, after the pipeline's repairs (embedded text, product descriptions,
    /// a repeated title): what the language and analysis stages read.
    struct Extracted: Sendable {
        var text: String
        var paragraphs: [String]
        /// The clean HTML of the paragraphs; empty for plain text without structure.
        var html: String
        var pageType: String
        var dateline: String?
    }

    /// An article's document from what each stage made of it: each field comes from the one stage that
    /// decides it.
    init(
        article: Article, format: Article.Format, decoded: DecodeStage.Output, metadata: MetadataStage.Output,
        extracted: Extracted, language: Language, analysis: AnalysisStage.Output, counts: CountStage.Output,
        facts: ProcessingFacts
    ) {
        self.init(
            id: article.id, articleId: article.articleId, source: article.source, url: article.url,
            title: metadata.title, text: extracted.text, paragraphs: extracted.paragraphs, language: language,
            charset: decoded.charset.name, format: format, wordCount: analysis.wordCount,
            characterCount: counts.characterCount, processing: facts)
        // Decoding.
        charsetSource = decoded.charsetSource?.rawValue
        // Extraction.
        pageType = extracted.pageType
        html = extracted.html.isEmpty ? nil : extracted.html
        dateline = extracted.dateline
        paragraphCount = extracted.paragraphs.count
        // Metadata.
        authors = metadata.authors.isEmpty ? nil : metadata.authors
        published = metadata.published
        modified = metadata.modified
        siteName = metadata.siteName
        description = metadata.description
        canonicalUrl = metadata.canonicalUrl
        image = metadata.image
        section = metadata.section
        tags = metadata.tags.isEmpty ? nil : metadata.tags
        // Analysis.
        sentences = analysis.sentences.map { .init(offset: $0.lowerBound, length: $0.count) }
        sentenceCount = analysis.sentences.count
        readingTimeSeconds = analysis.readingTimeSeconds
        keywords = analysis.keywords.map { .init(text: $0.text, score: $0.score, count: $0.count) }
        contentHash = analysis.contentHash
        simhash = SimHash.hex(analysis.simhash)
        tokens = analysis.tokens
    }
}

import PressworkHashing
import Testing

@testable import PressworkPipeline

@Suite("Analysis in result documents")
struct AnalysisStageTests {
    static let tokenPipeline = Pipeline(configuration: PipelineConfiguration(includeTokens: true))

    static func process(_ text: String, tokens: Bool = false) throws -> ArticleDocument {
        let article = Article(id: "t", source: "t", format: .text, bytes: Array(text.utf8))
        return try (tokens ? tokenPipeline : TestSupport.pipeline).process(article, facts: TestSupport.facts)
    }

    static func slice(_ text: String, _ offset: Int, _ length: Int) -> String {
        String(decoding: Array(text.utf8)[offset..<offset + length], as: UTF8.self)
    }

    @Test("sentences are byte ranges of the text; words come from ICU, also without spaces")
    func sentencesAndWords() throws {
        let document = try Self.process("Title line\n\n我们在北京开会。会议很成功！\n\nThe mayor spoke. Dr. Smith agreed.")
        let sentences = try #require(document.sentences).map { Self.slice(document.text, $0.offset, $0.length) }
        #expect(sentences == ["我们在北京开会。", "会议很成功！", "The mayor spoke.", "Dr. Smith agreed."])
        #expect(document.sentenceCount == 4)
        #expect(document.paragraphCount == 2)
        // 我们 在 北京 开会 会议 很 成功 + The mayor spoke Dr Smith agreed
        #expect(document.wordCount == 13)
        #expect((document.readingTimeSeconds ?? 0) >= 1)
    }

    @Test("tokens: offsets, search forms, stems and stopwords, only when asked for")
    func tokens() throws {
        let text = "Headline\n\nThe Ministers were RUNNING late in Paris."
        #expect(try Self.process(text).tokens == nil)
        let document = try Self.process(text, tokens: true)
        let tokens = try #require(document.tokens)
        #expect(
            tokens.map { Self.slice(document.text, $0.offset, $0.length) } == [
                "The", "Ministers", "were", "RUNNING", "late", "in", "Paris",
            ])
        #expect(tokens.map(\.normalized) == ["the", "ministers", "were", "running", "late", "in", "paris"])
        #expect(tokens[3].stem == "run")
        #expect(tokens[0].stopword == true)
        #expect(tokens[1].stopword == nil)
    }

    @Test("Kazakh: stopwords without a stemmer; Arabic letter variants unified in search forms")
    func kazakhAndArabic() throws {
        let kazakh = try Self.process(
            "Жаңалық\n\nАлматы қаласында жаңа велосипед жолдары ашылды және тұрғындар оны қуана қарсы алды.",
            tokens: true)
        let joined = try #require(kazakh.tokens?.first { $0.normalized == "және" })
        #expect(joined.stopword == true)
        #expect(joined.stem == nil)
        let arabic = try Self.process("خبر\n\nأعلنت الوزارة عن إفتتاح مكتبة جديدة في المدينة القديمة.", tokens: true)
        #expect(arabic.tokens?.contains { $0.normalized == "اعلنت" } == true)
        #expect(arabic.tokens?.contains { $0.normalized == "افتتاح" } == true)
    }

    @Test("text is NFC; content hash and SimHash follow the text")
    func hashes() throws {
        let decomposed = try Self.process("Cafe\u{301} news\n\nThe cafe\u{301} on the corner reopened after the flood.")
        #expect(decomposed.text.unicodeScalars.contains("\u{E9}"))
        #expect(!decomposed.text.unicodeScalars.contains("\u{301}"))
        #expect(decomposed.contentHash == SHA256.hex(of: decomposed.text))
        let composed = try Self.process("Café news\n\nThe café on the corner reopened after the flood.")
        #expect(composed.contentHash == decomposed.contentHash)
        #expect(composed.simhash?.count == 16)
        let other = try Self.process("Market\n\nFarmers sold apples and honey at the Saturday market downtown.")
        let near = try Self.process("Café news\n\nThe café on the corner reopened after the long flood.")
        let distance = { (a: ArticleDocument, b: ArticleDocument) in
            SimHash.hammingDistance(
                SimHash.fingerprint(hex: a.simhash ?? "") ?? 0, SimHash.fingerprint(hex: b.simhash ?? "") ?? 0)
        }
        #expect(distance(composed, near) < distance(composed, other))
    }

    @Test("keywords name the topic and leave the dateline out")
    func keywords() throws {
        let document = try Self.process(
            """
            Climate summit opens

            PARIS: World leaders met at the climate summit in Paris on Monday. The climate summit will \
            discuss emission targets. Delegates said the climate summit must agree on emission targets \
            before Friday. Activists marched outside the climate summit.
            """)
        let keywords = try #require(document.keywords).map(\.text)
        #expect(keywords.prefix(3).contains("climate summit"))
        #expect(!keywords.contains { $0.hasPrefix("PARIS") })
    }
}

import Testing

@testable import PressworkPipeline

@Suite("Count stage")
struct CountStageTests {
    @Test(
        "word and character counts",
        arguments: [
            ("The council met on Tuesday.", 5, 23),
            ("Don't stop: 3 items, 4.5% more", 7, 25),
            ("市议会批准了新预算", 9, 9),
            ("东京 Tokyo 2024年", 5, 12),
            ("Городской совет утвердил бюджет", 4, 28),
            ("नगर परिषद ने बजट को मंज़ूरी दी", 7, 24),
            ("ภาษาไทย", 7, 7),
            ("", 0, 0),
            ("  \n\n  ", 0, 0),
        ]
    )
    func counts(text: String, words: Int, characters: Int) {
        let output = CountStage().run(text)
        #expect(output.wordCount == words)
        #expect(output.characterCount == characters)
    }
}

@Suite("Whitespace and byte search")
struct WhitespaceTests {
    @Test(arguments: [
        ("  a \t b\n\nc  ", "a b c"),
        ("a\u{00A0}\u{3000}b", "a b"),
        ("x\u{2003}y\u{202F}z\u{205F}w\u{1680}v\u{0085}u\u{2028}t", "x y z w v u t"),
        ("市议会\u{3000}批准", "市议会 批准"),
        ("\u{200B}zero-width is not whitespace", "\u{200B}zero-width is not whitespace"),
        ("", ""),
    ])
    func collapse(input: String, expected: String) {
        #expect(Whitespace.collapse(input) == expected)
    }

    @Test func collapseAgreesWithUnicodeWhitespace() {
        // Every scalar Unicode calls whitespace collapses; no other scalar does.
        for value in UInt32(0)...0x3100 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let collapsed = Whitespace.collapse("a" + String(scalar) + "b")
            #expect((collapsed == "a b") == scalar.properties.isWhitespace, "U+\(String(value, radix: 16))")
        }
    }

    @Test func byteSearch() {
        #expect(ByteSearch.contains("article-byline author", "byline"))
        #expect(!ByteSearch.contains("bylin", "byline"))
        #expect(ByteSearch.containsAny("post-date", ["time", "date"]))
        #expect(!ByteSearch.containsAny("", ["date"]))
        #expect(ByteSearch.contains("é-autor", "autor"))
    }
}

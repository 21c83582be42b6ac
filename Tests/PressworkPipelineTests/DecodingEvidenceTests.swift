import Testing

@testable import PressworkPipeline

/// The order of evidence, declarations the bytes contradict, and `charsetSource` on every path.
@Suite("Decoding: evidence and contradictions")
struct DecodingEvidenceTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var bytes: [UInt8]
        var contentType: String? = nil
        var format: Article.Format = .auto
        var charset: String
        var source: CharsetSource
        var contains: String
        var testDescription: String { label }
    }

    static func page(_ text: String, declaring label: String, as encoding: String) -> [UInt8] {
        TestSupport.encode(DecodingFixtures.page(text, declaring: label), as: encoding)
    }

    static let contradicted: [Case] = [
        Case(
            label: "meta windows-1252, bytes windows-1251",
            bytes: page(DecodingFixtures.russian, declaring: "windows-1252", as: "WINDOWS-1251"),
            charset: "windows-1251", source: .detected, contains: DecodingFixtures.russian),
        Case(
            label: "header ISO-8859-1, bytes windows-1251",
            bytes: TestSupport.encode(DecodingFixtures.russian, as: "WINDOWS-1251"),
            contentType: "text/plain; charset=ISO-8859-1", format: .text,
            charset: "windows-1251", source: .detected, contains: DecodingFixtures.russian),
        Case(
            label: "meta ISO-8859-1, bytes KOI8-R",
            bytes: page(DecodingFixtures.russian, declaring: "iso-8859-1", as: "KOI8-R"),
            charset: "koi8-r", source: .detected, contains: DecodingFixtures.russian),
        Case(
            label: "meta windows-1252, bytes windows-1253",
            bytes: page(DecodingFixtures.greekQuoted, declaring: "windows-1252", as: "WINDOWS-1253"),
            charset: "windows-1253", source: .detected, contains: DecodingFixtures.greekQuoted),
        Case(
            label: "meta ISO-8859-1, bytes windows-1255",
            bytes: page(DecodingFixtures.hebrew, declaring: "iso-8859-1", as: "WINDOWS-1255"),
            charset: "windows-1255", source: .detected, contains: DecodingFixtures.hebrew),
        Case(
            label: "meta windows-1252, bytes windows-1256",
            bytes: page(DecodingFixtures.arabic, declaring: "windows-1252", as: "WINDOWS-1256"),
            charset: "windows-1256", source: .detected, contains: DecodingFixtures.arabic),
        Case(
            label: "meta windows-1252, bytes TIS-620",
            bytes: page(DecodingFixtures.thai, declaring: "windows-1252", as: "TIS-620"),
            charset: "windows-874", source: .detected, contains: DecodingFixtures.thai),
        Case(
            label: "meta windows-1252, bytes GBK",
            bytes: page(DecodingFixtures.simplifiedChinese, declaring: "windows-1252", as: "GBK"),
            charset: "gb18030", source: .detected, contains: DecodingFixtures.simplifiedChinese),
        Case(
            label: "meta UTF-8, bytes GBK",
            bytes: page(DecodingFixtures.simplifiedChinese, declaring: "utf-8", as: "GBK"),
            charset: "gb18030", source: .detected, contains: DecodingFixtures.simplifiedChinese),
        Case(
            label: "meta UTF-8, bytes Shift_JIS",
            bytes: page(DecodingFixtures.japanese, declaring: "utf-8", as: "SHIFT_JIS"),
            charset: "shift_jis", source: .detected, contains: DecodingFixtures.japanese),
        Case(
            label: "header UTF-8, bytes EUC-KR",
            bytes: TestSupport.encode(DecodingFixtures.korean, as: "EUC-KR"),
            contentType: "text/plain; charset=utf-8", format: .text,
            charset: "euc-kr", source: .detected, contains: DecodingFixtures.korean),
        Case(
            label: "meta UTF-8, bytes Big5",
            bytes: page(DecodingFixtures.traditionalChinese, declaring: "utf-8", as: "BIG5"),
            charset: "big5", source: .detected, contains: DecodingFixtures.traditionalChinese),
        Case(
            label: "meta UTF-8, bytes windows-1251",
            bytes: page(DecodingFixtures.russian, declaring: "utf-8", as: "WINDOWS-1251"),
            charset: "windows-1251", source: .detected, contains: DecodingFixtures.russian),
        Case(
            label: "meta Shift_JIS, bytes EUC-JP",
            bytes: page(DecodingFixtures.japanese, declaring: "shift_jis", as: "EUC-JP"),
            charset: "euc-jp", source: .detected, contains: DecodingFixtures.japanese),
        Case(
            label: "meta windows-1251, bytes valid UTF-8",
            bytes: Array(DecodingFixtures.page(DecodingFixtures.russian, declaring: "windows-1251").utf8),
            charset: "utf-8", source: .detected, contains: DecodingFixtures.russian),
        Case(
            label: "meta windows-1251, bytes UTF-8 with one broken byte",
            bytes: Array(DecodingFixtures.page(DecodingFixtures.russian, declaring: "windows-1251").utf8) + [0xD0],
            charset: "utf-8", source: .detected, contains: DecodingFixtures.russian),
    ]

    static let kept: [Case] = [
        Case(
            label: "meta windows-1252, French",
            bytes: page(DecodingFixtures.french, declaring: "windows-1252", as: "WINDOWS-1252"),
            charset: "windows-1252", source: .meta, contains: DecodingFixtures.french),
        Case(
            label: "header windows-1252, German",
            bytes: TestSupport.encode(DecodingFixtures.german, as: "WINDOWS-1252"),
            contentType: "text/plain; charset=windows-1252", format: .text,
            charset: "windows-1252", source: .header, contains: DecodingFixtures.german),
        Case(
            label: "meta windows-1252, short French",
            bytes: page("Café crème", declaring: "windows-1252", as: "WINDOWS-1252"),
            charset: "windows-1252", source: .meta, contains: "Café crème"),
        Case(
            label: "meta ISO-8859-15, French with € and œ",
            bytes: page(DecodingFixtures.frenchLatin9, declaring: "iso-8859-15", as: "ISO-8859-15"),
            charset: "iso-8859-15", source: .meta, contains: DecodingFixtures.frenchLatin9),
        Case(
            label: "meta windows-1250, Polish",
            bytes: page(DecodingFixtures.polish, declaring: "windows-1250", as: "WINDOWS-1250"),
            charset: "windows-1250", source: .meta, contains: DecodingFixtures.polish),
        Case(
            label: "meta windows-1254, Turkish",
            bytes: page(DecodingFixtures.turkish, declaring: "windows-1254", as: "WINDOWS-1254"),
            charset: "windows-1254", source: .meta, contains: DecodingFixtures.turkish),
        Case(
            label: "meta windows-1251, short Russian",
            bytes: page("Привет", declaring: "windows-1251", as: "WINDOWS-1251"),
            charset: "windows-1251", source: .meta, contains: "Привет"),
        Case(
            label: "meta ISO-8859-5, Russian (uchardet is not asked)",
            bytes: page(DecodingFixtures.russian, declaring: "iso-8859-5", as: "ISO-8859-5"),
            charset: "iso-8859-5", source: .meta, contains: DecodingFixtures.russian),
        Case(
            label: "meta windows-1252, pure ASCII",
            bytes: page("Plain English.", declaring: "windows-1252", as: "ASCII"),
            charset: "windows-1252", source: .meta, contains: "Plain English."),
        Case(
            label: "meta UTF-8, valid",
            bytes: Array(DecodingFixtures.page(DecodingFixtures.japanese, declaring: "utf-8").utf8),
            charset: "utf-8", source: .meta, contains: DecodingFixtures.japanese),
        Case(
            label: "header UTF-8, one broken byte stays UTF-8",
            bytes: Array(DecodingFixtures.russian.utf8) + [0xC3] + Array(" конец".utf8),
            contentType: "text/plain; charset=utf-8", format: .text,
            charset: "utf-8", source: .header, contains: "\u{FFFD} конец"),
        Case(
            label: "header wins over meta",
            bytes: page(DecodingFixtures.russian, declaring: "utf-8", as: "KOI8-R"),
            contentType: "text/html; charset=koi8-r",
            charset: "koi8-r", source: .header, contains: DecodingFixtures.russian),
    ]

    static let sources: [Case] = [
        Case(
            label: "BOM beats a declaration",
            bytes: [0xEF, 0xBB, 0xBF]
                + Array(DecodingFixtures.page(DecodingFixtures.russian, declaring: "koi8-r").utf8),
            contentType: "text/html; charset=koi8-r",
            charset: "utf-8", source: .bom, contains: DecodingFixtures.russian),
        Case(
            label: "nothing declared or detected: windows-1252 by default",
            bytes: [0x41, 0x20] + Array(repeating: 0x9D, count: 3) + [0x20, 0x42],
            charset: "windows-1252", source: .default, contains: "A \u{9D}\u{9D}\u{9D} B"),
        Case(
            label: "unknown declared label: detection",
            bytes: page(DecodingFixtures.russian, declaring: "x-nonsense", as: "WINDOWS-1251"),
            charset: "windows-1251", source: .detected, contains: DecodingFixtures.russian),
    ]

    static func run(_ testCase: Case) throws -> DecodeStage.Output {
        let article = Article(
            id: "t", source: "t", format: testCase.format, contentType: testCase.contentType, bytes: testCase.bytes)
        return try DecodeStage(maxArticleBytes: 1 << 22).run(article)
    }

    @Test("a declaration the bytes contradict loses to detection", arguments: contradicted)
    func contradictedDeclaration(_ testCase: Case) throws {
        let output = try Self.run(testCase)
        #expect(output.charset.name == testCase.charset)
        #expect(output.charsetSource == testCase.source)
        #expect(output.text.contains(testCase.contains))
    }

    @Test("a correct declaration is kept", arguments: kept)
    func keptDeclaration(_ testCase: Case) throws {
        let output = try Self.run(testCase)
        #expect(output.charset.name == testCase.charset)
        #expect(output.charsetSource == testCase.source)
        #expect(output.text.contains(testCase.contains))
    }

    @Test("charsetSource is recorded on every path", arguments: sources)
    func recordedSource(_ testCase: Case) throws {
        let output = try Self.run(testCase)
        #expect(output.charset.name == testCase.charset)
        #expect(output.charsetSource == testCase.source)
        #expect(output.text.contains(testCase.contains))
    }

    @Test("the pipeline writes charsetSource into the document")
    func documentField() throws {
        let bytes = TestSupport.encode(DecodingFixtures.page(DecodingFixtures.russian), as: "WINDOWS-1251")
        let document = try TestSupport.process(bytes, format: .html)
        #expect(document.charset == "windows-1251")
        #expect(document.charsetSource == "detected")
    }

    @Test(
        "plausibility verdicts",
        arguments: [
            (DecodingFixtures.french, TextPlausibility.Verdict.plausible),
            (DecodingFixtures.russian, .plausible), (DecodingFixtures.japanese, .plausible),
            (DecodingFixtures.thai, .plausible), (DecodingFixtures.hebrew, .plausible),
            ("Ãîðîäñêîé ñîâåò óòâåðäèë íîâûé áþäæåò", .implausible),
            (
                String(
                    repeating: "Le conseil a approuvй hier le budget consacrй а la rйfection des routes. ", count: 2),
                .implausible
            ),
            ("ÊÐ»á×òÌìÅú×¼ÁËÐÞÉÉµÀÂ·ºÍÇÅÁºµÄÐÂÔ¤Ëã", .implausible),
            ("Plain English", .insufficient), ("Café", .insufficient),
        ]
    )
    func plausibility(text: String, verdict: TextPlausibility.Verdict) {
        #expect(TextPlausibility.assess(text) == verdict)
    }
}

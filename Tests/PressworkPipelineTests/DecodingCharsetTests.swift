import Testing

@testable import PressworkPipeline

/// Every supported charset, declared (in a `<meta>` or the Content-Type) and undeclared (detected).
///
/// What uchardet cannot tell apart, and what the stage answers then:
/// - ISO-8859-1 and windows-1252: one label, `windows-1252` (the superset, as WHATWG does);
/// - ISO-8859-9 and windows-1254: `windows-1254`, likewise;
/// - ISO-8859-15 comes back as ISO-8859-1: `CharsetRefinement` reads it as -15 when € or œ-like bytes
///   sit in words;
/// - windows-1253 Greek without bytes in 0x80–0x9F comes back as ISO-8859-7, which decodes it identically;
///   with curly quotes (0x93/0x94) the stage answers windows-1253;
/// - ISO-8859-8 Hebrew comes back as windows-1255, which decodes its letters identically;
/// - TIS-620 is reported as `windows-874`, its WHATWG name and superset.
@Suite("Decoding: charsets declared and detected")
struct DecodingCharsetTests {
    struct Case: Sendable, CustomTestStringConvertible {
        /// The iconv name the fixture is encoded with.
        var encoding: String
        var text: String
        /// The label written in the `<meta>` and the Content-Type.
        var label: String
        /// The `charset` reported when declared.
        var declared: String
        /// The `charset` reported when undeclared.
        var detected: String
        var testDescription: String { encoding }
    }

    static let cases: [Case] = [
        Case(
            encoding: "WINDOWS-1251", text: DecodingFixtures.russian, label: "windows-1251", declared: "windows-1251",
            detected: "windows-1251"),
        Case(
            encoding: "KOI8-R", text: DecodingFixtures.russian, label: "koi8-r", declared: "koi8-r",
            detected: "koi8-r"),
        Case(
            encoding: "ISO-8859-5", text: DecodingFixtures.russian, label: "iso-8859-5", declared: "iso-8859-5",
            detected: "iso-8859-5"),
        Case(
            encoding: "GBK", text: DecodingFixtures.simplifiedChinese, label: "gbk", declared: "gbk",
            detected: "gb18030"),
        Case(
            encoding: "GB18030", text: DecodingFixtures.simplifiedChinese, label: "gb18030", declared: "gb18030",
            detected: "gb18030"),
        Case(
            encoding: "BIG5", text: DecodingFixtures.traditionalChinese, label: "big5", declared: "big5",
            detected: "big5"),
        Case(
            encoding: "SHIFT_JIS", text: DecodingFixtures.japanese, label: "Shift_JIS", declared: "shift_jis",
            detected: "shift_jis"),
        Case(
            encoding: "EUC-JP", text: DecodingFixtures.japanese, label: "euc-jp", declared: "euc-jp",
            detected: "euc-jp"),
        Case(
            encoding: "EUC-KR", text: DecodingFixtures.korean, label: "euc-kr", declared: "euc-kr",
            detected: "euc-kr"),
        Case(
            encoding: "TIS-620", text: DecodingFixtures.thai, label: "tis-620", declared: "windows-874",
            detected: "windows-874"),
        Case(
            encoding: "ISO-8859-2", text: DecodingFixtures.czech, label: "iso-8859-2", declared: "iso-8859-2",
            detected: "iso-8859-2"),
        Case(
            encoding: "ISO-8859-2", text: DecodingFixtures.polish, label: "iso-8859-2", declared: "iso-8859-2",
            detected: "iso-8859-2"),
        Case(
            encoding: "WINDOWS-1250", text: DecodingFixtures.czech, label: "windows-1250", declared: "windows-1250",
            detected: "windows-1250"),
        Case(
            encoding: "ISO-8859-7", text: DecodingFixtures.greek, label: "iso-8859-7", declared: "iso-8859-7",
            detected: "iso-8859-7"),
        Case(
            encoding: "WINDOWS-1253", text: DecodingFixtures.greekQuoted, label: "windows-1253",
            declared: "windows-1253", detected: "windows-1253"),
        Case(
            encoding: "ISO-8859-9", text: DecodingFixtures.turkish, label: "iso-8859-9", declared: "windows-1254",
            detected: "windows-1254"),
        Case(
            encoding: "WINDOWS-1254", text: DecodingFixtures.turkish, label: "windows-1254", declared: "windows-1254",
            detected: "windows-1254"),
        Case(
            encoding: "ISO-8859-15", text: DecodingFixtures.frenchLatin9, label: "iso-8859-15",
            declared: "iso-8859-15", detected: "iso-8859-15"),
        Case(
            encoding: "WINDOWS-1252", text: DecodingFixtures.french, label: "windows-1252", declared: "windows-1252",
            detected: "windows-1252"),
        Case(
            encoding: "ISO-8859-1", text: DecodingFixtures.german, label: "iso-8859-1", declared: "windows-1252",
            detected: "windows-1252"),
        Case(
            encoding: "WINDOWS-1255", text: DecodingFixtures.hebrew, label: "windows-1255", declared: "windows-1255",
            detected: "windows-1255"),
        Case(
            encoding: "ISO-8859-8", text: DecodingFixtures.hebrew, label: "iso-8859-8", declared: "iso-8859-8",
            detected: "windows-1255"),
        Case(
            encoding: "WINDOWS-1256", text: DecodingFixtures.arabic, label: "windows-1256", declared: "windows-1256",
            detected: "windows-1256"),
    ]

    static func run(_ bytes: [UInt8], format: Article.Format = .auto, contentType: String? = nil) throws
        -> DecodeStage.Output
    {
        let article = Article(id: "t", source: "t", format: format, contentType: contentType, bytes: bytes)
        return try DecodeStage(maxArticleBytes: 1 << 22).run(article)
    }

    @Test("declared in <meta charset>", arguments: cases)
    func declaredInMeta(_ testCase: Case) throws {
        let bytes = TestSupport.encode(
            DecodingFixtures.page(testCase.text, declaring: testCase.label), as: testCase.encoding)
        let output = try Self.run(bytes)
        #expect(output.charset.name == testCase.declared)
        #expect(output.charsetSource == .meta)
        #expect(output.text.contains(testCase.text))
    }

    @Test("declared in the Content-Type", arguments: cases)
    func declaredInHeader(_ testCase: Case) throws {
        let bytes = TestSupport.encode(testCase.text, as: testCase.encoding)
        let output = try Self.run(bytes, format: .text, contentType: "text/plain; charset=\(testCase.label)")
        #expect(output.charset.name == testCase.declared)
        #expect(output.charsetSource == .header)
        #expect(output.text == testCase.text)
    }

    @Test("undeclared, detected in an HTML page", arguments: cases)
    func detectedInPage(_ testCase: Case) throws {
        let bytes = TestSupport.encode(DecodingFixtures.page(testCase.text), as: testCase.encoding)
        let output = try Self.run(bytes, format: .html)
        #expect(output.charset.name == testCase.detected)
        #expect(output.charsetSource == .detected)
        #expect(output.text.contains(testCase.text))
    }

    @Test("undeclared, detected in plain text", arguments: cases)
    func detectedInText(_ testCase: Case) throws {
        let output = try Self.run(TestSupport.encode(testCase.text, as: testCase.encoding), format: .text)
        #expect(output.charset.name == testCase.detected)
        #expect(output.charsetSource == .detected)
        #expect(output.text == testCase.text)
    }

    static let utf16Texts = [
        DecodingFixtures.russian, DecodingFixtures.simplifiedChinese, DecodingFixtures.japanese,
        DecodingFixtures.greek, DecodingFixtures.thai, DecodingFixtures.french, DecodingFixtures.arabic,
    ]

    @Test("UTF-16 with a BOM", arguments: utf16Texts)
    func utf16WithBOM(text: String) throws {
        let little = try Self.run([0xFF, 0xFE] + TestSupport.encode(text, as: "UTF-16LE"))
        #expect(little.charset.name == "utf-16le" && little.charsetSource == .bom && little.text == text)
        let big = try Self.run([0xFE, 0xFF] + TestSupport.encode(text, as: "UTF-16BE"))
        #expect(big.charset.name == "utf-16be" && big.charsetSource == .bom && big.text == text)
    }

    @Test("UTF-16 without a BOM", arguments: utf16Texts)
    func utf16WithoutBOM(text: String) throws {
        let little = try Self.run(TestSupport.encode(text, as: "UTF-16LE"))
        #expect(little.charset.name == "utf-16le" && little.charsetSource == .detected && little.text == text)
        let big = try Self.run(TestSupport.encode(text, as: "UTF-16BE"))
        #expect(big.charset.name == "utf-16be" && big.charsetSource == .detected && big.text == text)
    }

    @Test("UTF-8: valid bytes stay UTF-8, pure ASCII is UTF-8", arguments: [DecodingFixtures.japanese, "Plain ASCII."])
    func utf8(text: String) throws {
        let output = try Self.run(Array(text.utf8))
        #expect(output.charset == .utf8 && output.charsetSource == .detected && output.text == text)
        let withBOM = try Self.run([0xEF, 0xBB, 0xBF] + Array(text.utf8))
        #expect(withBOM.charset == .utf8 && withBOM.charsetSource == .bom && withBOM.text == text)
    }

    @Test(
        "uchardet names map to labels",
        arguments: [
            ("ASCII", "utf-8"), ("UTF-8", "utf-8"), ("WINDOWS-1251", "windows-1251"), ("KOI8-R", "koi8-r"),
            ("GB18030", "gb18030"), ("BIG5", "big5"), ("SHIFT_JIS", "shift_jis"), ("EUC-JP", "euc-jp"),
            ("UHC", "euc-kr"), ("EUC-KR", "euc-kr"), ("TIS-620", "windows-874"), ("ISO-8859-1", "windows-1252"),
            ("ISO-8859-9", "windows-1254"), ("ISO-8859-7", "iso-8859-7"), ("WINDOWS-1255", "windows-1255"),
            ("MAC-CYRILLIC", "x-mac-cyrillic"), ("EUC-TW", "euc-tw"),
        ]
    )
    func uchardetNames(name: String, label: String) {
        #expect(CharsetLabel(uchardetName: name)?.name == label)
    }

    @Test(
        "unknown uchardet answers are no answer",
        arguments: ["", "UTF-16", "UTF-32", "X-ISO-10646-UCS-4-3412", "KLINGON"])
    func unknownUchardetNames(name: String) {
        #expect(CharsetLabel(uchardetName: name) == nil)
    }
}

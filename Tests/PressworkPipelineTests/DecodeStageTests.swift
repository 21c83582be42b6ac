import Testing

@testable import PressworkPipeline

@Suite("Decode stage")
struct DecodeStageTests {
    static let russian = "Городской совет утвердил бюджет на ремонт дорог"
    static let chinese = "市议会批准了修缮道路的新预算"
    static let japanese = "市議会は道路補修の新しい予算を承認した"

    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var bytes: [UInt8]
        var contentType: String?
        var format: Article.Format = .auto
        var charset: String
        var contains: String
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(
            label: "windows-1251 via <meta charset>",
            bytes: TestSupport.encode(
                "<html><head><meta charset=\"windows-1251\"></head><body><p>\(russian)</p></body></html>",
                as: "WINDOWS-1251"
            ),
            charset: "windows-1251",
            contains: russian
        ),
        Case(
            label: "windows-1251 via http-equiv",
            bytes: TestSupport.encode(
                "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=cp1251\"><title>Т</title></head><body><p>\(russian)</p></body></html>",
                as: "WINDOWS-1251"
            ),
            charset: "windows-1251",
            contains: russian
        ),
        Case(
            label: "KOI8-R via Content-Type",
            bytes: TestSupport.encode(russian, as: "KOI8-R"),
            contentType: "text/plain; charset=\"KOI8-R\"",
            charset: "koi8-r",
            contains: russian
        ),
        Case(
            label: "GBK (declared gb2312) via meta",
            bytes: TestSupport.encode(
                "<html><head><meta charset=gb2312></head><body><p>\(chinese)</p></body></html>",
                as: "GBK"
            ),
            charset: "gbk",
            contains: chinese
        ),
        Case(
            label: "Shift_JIS via Content-Type",
            bytes: TestSupport.encode(japanese, as: "SHIFT_JIS"),
            contentType: "text/plain;charset=Shift_JIS",
            charset: "shift_jis",
            contains: japanese
        ),
        Case(
            label: "UTF-16LE with BOM",
            bytes: [0xFF, 0xFE] + TestSupport.encode(russian, as: "UTF-16LE"),
            charset: "utf-16le",
            contains: russian
        ),
        Case(
            label: "UTF-16BE with BOM",
            bytes: [0xFE, 0xFF] + TestSupport.encode(chinese, as: "UTF-16BE"),
            charset: "utf-16be",
            contains: chinese
        ),
        Case(
            label: "UTF-16LE without BOM",
            bytes: TestSupport.encode("Plain English text here.", as: "UTF-16LE"),
            charset: "utf-16le",
            contains: "Plain English"
        ),
        Case(
            label: "UTF-8 with BOM",
            bytes: [0xEF, 0xBB, 0xBF] + Array(russian.utf8),
            charset: "utf-8",
            contains: russian
        ),
        Case(label: "undeclared valid UTF-8", bytes: Array(chinese.utf8), charset: "utf-8", contains: chinese),
        Case(
            label: "undeclared non-UTF-8 falls back to windows-1252",
            bytes: TestSupport.encode("Café crème brûlée à la française", as: "WINDOWS-1252"),
            charset: "windows-1252",
            contains: "Café crème"
        ),
        Case(
            label: "mislabelled: declares windows-1251, is UTF-8",
            bytes: Array(
                "<html><head><meta charset=\"windows-1251\"></head><body><p>\(russian)</p></body></html>".utf8
            ),
            charset: "utf-8",
            contains: russian
        ),
        Case(
            label: "mislabelled: declares UTF-8, is windows-1252",
            bytes: TestSupport.encode(
                "<html><head><meta charset=\"utf-8\"></head><body><p>Café crème brûlée</p></body></html>",
                as: "WINDOWS-1252"
            ),
            charset: "windows-1252",
            contains: "Café crème"
        ),
        Case(
            label: "unknown charset label degrades to UTF-8",
            bytes: Array(
                "<html><head><meta charset=\"x-user-defined-nonsense\"></head><body><p>\(russian)</p></body></html>"
                    .utf8
            ),
            charset: "utf-8",
            contains: russian
        ),
        Case(
            label: "meta declaring UTF-16 means UTF-8",
            bytes: Array("<html><head><meta charset=\"utf-16\"></head><body><p>\(russian)</p></body></html>".utf8),
            charset: "utf-8",
            contains: russian
        ),
        Case(
            label: "Content-Type wins over meta",
            bytes: TestSupport.encode(
                "<html><head><meta charset=\"utf-8\"></head><body><p>\(russian)</p></body></html>",
                as: "KOI8-R"
            ),
            contentType: "text/html; charset=koi8-r",
            charset: "koi8-r",
            contains: russian
        ),
        Case(
            label: "mostly UTF-8 with one broken byte stays UTF-8",
            bytes: Array("\(russian) \(russian)".utf8) + [0xC3] + Array(" конец".utf8),
            charset: "utf-8",
            contains: "\u{FFFD} конец"
        ),
    ]

    @Test("decodes", arguments: cases)
    func decodes(_ testCase: Case) throws {
        let article = Article(
            id: "t",
            source: "t",
            format: testCase.format,
            contentType: testCase.contentType,
            bytes: testCase.bytes
        )
        let output = try DecodeStage(maxArticleBytes: 1 << 20).run(article)
        #expect(output.charset.name == testCase.charset)
        #expect(output.text.contains(testCase.contains))
    }

    @Test(
        "labels map to charsets",
        arguments: [
            ("UTF8", "utf-8"), ("latin1", "windows-1252"), ("ISO-8859-1", "windows-1252"), ("us-ascii", "windows-1252"),
            ("cp1251", "windows-1251"), ("koi8-r", "koi8-r"), ("x-sjis", "shift_jis"), ("gb2312", "gbk"),
            (" 'Windows-1251' ", "windows-1251"), ("iso-8859-9", "windows-1254"),
        ]
    )
    func labels(label: String, name: String) {
        #expect(CharsetLabel(label: label)?.name == name)
    }

    @Test("control characters are removed, text is kept")
    func controlCharacters() throws {
        let article = Article(id: "t", source: "t", bytes: Array("Hello\u{1}\u{0} world\r\n".utf8))
        let output = try DecodeStage(maxArticleBytes: 1 << 20).run(article)
        #expect(output.text == "Hello world\r\n")
    }

    @Test("Content-Type and meta parsing")
    func sniffing() {
        #expect(CharsetSniffer.charset(fromContentType: "text/html; charset=\"windows-1251\"") == "windows-1251")
        #expect(CharsetSniffer.charset(fromContentType: "text/html") == nil)
        let page = Array("<html><head><META HTTP-EQUIV='Content-Type' CONTENT='text/html; Charset=KOI8-R'>".utf8)
        #expect(CharsetSniffer.metaCharset(page) == "koi8-r")
        let late = Array(("<html>" + String(repeating: " ", count: 5000) + "<meta charset=utf-8>").utf8)
        #expect(CharsetSniffer.metaCharset(late) == nil)
    }
}

import Foundation
import Testing

@testable import PressworkPipeline

/// Scripts, spans of other languages, hints and `und`. The texts are written for these tests.
@Suite("Language spans, scripts and hints")
struct LanguageSpanTests {
    private let stage = LanguageStage()

    private static let englishBefore = """
        The delegation arrived in the capital on Monday morning and went straight to the ministry, where \
        officials had prepared a long programme of meetings about trade, transport and the new railway line.
        """
    private static let russianQuote = """
        «Мы очень рады, что наконец удалось договориться о строительстве новой железной дороги, которая \
        соединит наши города и сократит время в пути почти вдвое», — сказал министр транспорта журналистам.
        """
    private static let englishMiddle = """
        The talks had been delayed twice last year because of disagreements over the route, the cost of the \
        bridges and the question of who would operate the trains once the line was finished. Officials from \
        both sides described this week's meetings as constructive and said the remaining technical questions \
        would be settled by a joint commission before the end of the summer.
        """
    private static let englishAfter = """
        Construction is expected to begin next spring. Both governments said that the project would be \
        financed in equal parts and that local companies would be invited to take part in the tenders.
        """

    @Test("a Russian paragraph inside an English article is a span at its own offsets")
    func russianQuote() throws {
        let text = [Self.englishBefore, Self.russianQuote, Self.englishMiddle, Self.englishAfter].joined(
            separator: "\n\n")
        let language = stage.run(title: "Railway talks make progress", text: text, declared: nil)
        #expect(language.code == "en")
        #expect(language.script == "Latn")
        let span = try #require(language.spans.first { $0.code == "ru" }, "\(language)")
        #expect(language.spans.count == 1, "\(language.spans)")
        #expect(span.name == "Russian")
        #expect(span.script == "Cyrl")
        // Offsets are into `text`, not title + text: the quote starts after the first paragraph.
        let quoteStart = Self.englishBefore.utf8.count + 2
        let quoteEnd = quoteStart + Self.russianQuote.utf8.count
        let overlap = min(quoteEnd, span.offset + span.length) - max(quoteStart, span.offset)
        #expect(Double(overlap) >= 0.8 * Double(Self.russianQuote.utf8.count), "\(span)")
        #expect(span.offset >= quoteStart - 8 && span.offset + span.length <= quoteEnd + 8, "\(span)")
        let bytes = Array(text.utf8)
        let substring = String(decoding: bytes[span.offset..<(span.offset + span.length)], as: UTF8.self)
        #expect(substring.contains("железной дороги"))
        let expectedShare = Double(span.length) * 100 / Double(bytes.count)
        #expect(abs(span.percent - expectedShare) <= 0.05)
        #expect(span.percent > 20 && span.percent < 40)
    }

    @Test("a text in one language has no spans")
    func noSpans() {
        let language = stage.run(title: "", text: Self.englishBefore + "\n\n" + Self.englishAfter, declared: nil)
        #expect(language.code == "en")
        #expect(language.spans.isEmpty)
    }

    @Test(
        "scripts follow the text",
        arguments: [
            ("kk", "Cyrl", "Қазақстан халқы бүгін мерекені атап өтуде, қалада концерттер мен жәрмеңкелер өтті."),
            ("ru", "Cyrl", "Народ Казахстана сегодня отмечает праздник, и в городе прошли концерты и ярмарки."),
            ("zh", "Hans", "市议会周二批准了用于修缮道路和公共图书馆的新预算。居民们对这一决定表示欢迎。"),
            ("zh", "Hant", "市議會週二批准了用於修繕道路和公共圖書館的新預算。居民們對這一決定表示歡迎。"),
            ("ja", "Jpan", "市議会は火曜日、道路の補修と公共図書館のための新しい予算を承認した。住民たちはこの決定を歓迎した。"),
            ("ko", "Kore", "시의회는 화요일 도로 보수와 공공 도서관을 위한 새 예산을 승인했다. 주민들은 이 결정을 환영했다."),
            (
                "sr", "Cyrl",
                "Градско веће је у уторак усвојило нови буџет за поправку путева и јавних библиотека. Грађани су поздравили ту одлуку."
            ),
            (
                "sr", "Latn",
                "Gradsko veće je u utorak usvojilo novi budžet za popravku puteva i javnih biblioteka. Građani su pozdravili tu odluku."
            ),
            (
                "ar", "Arab",
                "وافق مجلس المدينة يوم الثلاثاء على ميزانية جديدة لإصلاح الطرق ودعم المكتبات العامة. ورحب السكان بهذا القرار."
            ),
            (
                "fa", "Arab",
                "شورای شهر روز سه‌شنبه بودجه جدیدی را برای تعمیر جاده‌ها و کتابخانه‌های عمومی تصویب کرد. ساکنان از این تصمیم استقبال کردند."
            ),
            (
                "ur", "Arab",
                "سٹی کونسل نے منگل کے روز سڑکوں کی مرمت اور عوامی کتب خانوں کے لیے نئے بجٹ کی منظوری دی۔ شہریوں نے اس فیصلے کا خیر مقدم کیا۔"
            ),
            ("hi", "Deva", "नगर परिषद ने मंगलवार को सड़कों की मरम्मत और सार्वजनिक पुस्तकालयों के लिए नए बजट को मंज़ूरी दी। निवासियों ने इस फ़ैसले का स्वागत किया।"),
            (
                "th", "Thai",
                "สภาเมืองอนุมัติงบประมาณใหม่สำหรับการซ่อมแซมถนนและห้องสมุดสาธารณะเมื่อวันอังคาร ชาวเมืองต่างยินดีกับการตัดสินใจครั้งนี้"
            ),
            (
                "el", "Grek",
                "Το δημοτικό συμβούλιο ενέκρινε την Τρίτη νέο προϋπολογισμό για την επισκευή δρόμων και τις δημόσιες βιβλιοθήκες."
            ),
            (
                "he", "Hebr",
                "מועצת העיר אישרה ביום שלישי תקציב חדש לתיקון כבישים ולספריות ציבוריות. התושבים בירכו על ההחלטה."
            ),
        ]
    )
    func scripts(code: String, script: String, text: String) {
        let language = stage.run(title: "", text: text, declared: nil)
        #expect(language.code == code, "\(language)")
        #expect(language.script == script, "\(language)")
        #expect(language.reliable)
    }

    @Test("the country-code domain decides a short sentence CLD2 finds ambiguous")
    func tldHint() {
        let text = "Jeg har ikke tid i dag."
        let norwegian = stage.run(title: "", text: text, declared: nil, url: "https://www.example.no/nyheter/1")
        let danish = stage.run(title: "", text: text, declared: nil, url: "https://www.example.dk/nyheder/1")
        #expect(norwegian.code == "no", "\(norwegian)")
        #expect(danish.code == "da", "\(danish)")
    }

    @Test(
        "country-code domains are read from URLs",
        arguments: [
            ("https://www.aftenposten.no/x", "no"), ("http://user@nyheder.tv2.dk:8080/a?b", "dk"),
            ("https://example.com/", nil), ("https://localhost/", nil), ("not a url", nil), ("https://1.2.3.4/", nil),
        ])
    func countryCodeDomains(url: String, expected: String?) {
        #expect(LanguageStage.countryCodeDomain(url) == expected)
    }

    @Test(
        "meaningless input is und, never a confident answer",
        arguments: [
            "1234 5678", "asdf qwer zxcv", "!!!", "qwerty", "— … ¶ ★ 2024-07-03",
            "xkcd qqq zzzz jjjj",
        ])
    func meaningless(text: String) {
        let language = stage.run(title: "", text: text, declared: nil)
        #expect(language.code == "und", "\(language)")
        #expect(language.name == "Undetermined")
        #expect(language.confidence == 0)
        #expect(!language.reliable)
        #expect(language.spans.isEmpty)
    }

    @Test("random letters are mostly und, and never reliable or confident when CLD2 still names a language")
    func randomLetters() {
        var generator = SplitMix64(seed: 7)
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        var answered: [String] = []
        for _ in 0..<300 {
            let words = (0..<Int.random(in: 1...40, using: &generator)).map { _ in
                String(
                    (0..<Int.random(in: 2...9, using: &generator)).map { _ in letters.randomElement(using: &generator)!
                    })
            }
            let text = words.joined(separator: " ")
            let language = stage.run(title: "", text: text, declared: nil)
            #expect(!language.reliable, "\(text): \(language)")
            #expect(language.confidence <= 0.5)
            if language.code != "und" { answered.append(text) }
        }
        // CLD2's best effort names a language for almost anything; the letters' shape (LatinJunk) sets most
        // aside. What is left (15 in 300 when written: a word or two that could be anything) keeps CLD2's
        // guess as a best effort, which is what a single real word gets too.
        #expect(answered.count <= 30, "\(answered)")
        #expect(!stage.run(title: "", text: "zxcvbnm asdfgh", declared: nil).reliable)
    }

    @Test("a short text in a script of few languages gets a best-effort answer, never reliable")
    func bestEffort() {
        let language = stage.run(title: "", text: "שלום", declared: nil)
        #expect(language.code == "he", "\(language)")
        #expect(!language.reliable)
        #expect(language.confidence <= 0.5)
    }

    @Test("a title is judged with its text but span offsets stay in the text")
    func titleOffsets() throws {
        let text =
            LanguageSpanTests.russianQuote + "\n\n" + LanguageSpanTests.englishAfter + "\n\n"
            + LanguageSpanTests.englishBefore
        let language = stage.run(title: "Railway talks make progress in the capital", text: text, declared: nil)
        let span = try #require(language.spans.first { $0.code == "ru" }, "\(language)")
        #expect(span.offset <= 8, "\(span)")
    }

    @Test("spans and script survive JSON; documents without them still decode")
    func json() throws {
        let language = ArticleDocument.Language(
            code: "en", name: "English", script: "Latn", confidence: 0.7, reliable: true,
            spans: [.init(code: "ru", name: "Russian", script: "Cyrl", offset: 12, length: 340, percent: 31.5)])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(language), as: UTF8.self)
        #expect(
            json.contains(
                #""spans":[{"code":"ru","length":340,"name":"Russian","offset":12,"percent":31.5,"script":"Cyrl"}]"#))
        #expect(try JSONDecoder().decode(ArticleDocument.Language.self, from: Data(json.utf8)) == language)
        let old = #"{"code":"ru","confidence":0.99,"name":"Russian","others":[],"reliable":true}"#
        let decoded = try JSONDecoder().decode(ArticleDocument.Language.self, from: Data(old.utf8))
        #expect(decoded.spans.isEmpty)
        #expect(decoded.script == nil)
    }
}

/// A small seeded generator, so that the random texts are the same on every run.
private struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

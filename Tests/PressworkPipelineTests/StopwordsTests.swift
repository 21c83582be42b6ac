import Dispatch
import Synchronization
import Testing

@testable import PressworkPipeline

@Suite("Stopword lists")
struct StopwordsTests {
    static let required = [
        "en", "ru", "kk", "zh", "ja", "ar", "fa", "ur", "hi", "th", "ko", "tr", "de", "fr", "es", "pt", "it", "nl",
        "sv", "da", "no", "nb", "fi", "pl", "cs", "sk", "uk", "bg", "el", "he", "id", "ms", "vi", "ro", "hu", "hr",
        "sr", "sl", "lt", "lv", "et", "ca", "eu", "hy", "ka", "az", "uz", "ky", "tg", "bn", "ta",
    ]

    @Test("at least forty languages, the required ones among them")
    func coverage() {
        #expect(Stopwords.languageCodes.count >= 40)
        let missing = Self.required.filter { Stopwords.list(for: $0) == nil }
        #expect(missing.isEmpty, "no list for \(missing)")
    }

    @Test("every listed code has a non-empty list")
    func everyCodeHasAList() {
        for code in Stopwords.languageCodes {
            #expect((Stopwords.list(for: code)?.count ?? 0) > 0, "\(code)")
        }
    }

    @Test(
        "function words are stopwords",
        arguments: [
            ("en", "the"), ("en", "and"), ("ru", "и"), ("ru", "в"), ("zh", "的"), ("zh", "了"), ("kk", "және"),
            ("kk", "мен"), ("ja", "の"), ("ar", "في"), ("fa", "از"), ("ur", "کے"), ("hi", "और"), ("th", "และ"),
            ("ko", "그리고"), ("tr", "ve"), ("de", "und"), ("fr", "le"), ("es", "que"), ("pt", "não"), ("it", "di"),
            ("nl", "het"), ("pl", "i"), ("uk", "і"), ("el", "και"), ("he", "של"), ("vi", "của"), ("hy", "եւ"),
            ("ka", "და"), ("az", "və"), ("uz", "bilan"), ("ky", "жана"), ("tg", "ва"), ("bn", "এবং"),
            ("ta", "மற்றும்"),
        ]
    )
    func functionWords(language: String, word: String) {
        #expect(Stopwords.contains(word, languageCode: language))
    }

    @Test(
        "content words are not stopwords",
        arguments: [("en", "computer"), ("en", "research"), ("ru", "книга"), ("zh", "中国"), ("kk", "кітап")]
    )
    func contentWords(language: String, word: String) {
        #expect(!Stopwords.contains(word, languageCode: language))
    }

    @Test(
        "codes with case, region or script and aliases",
        arguments: [("EN", "en"), ("zh-Hant", "zh"), ("pt_BR", "pt"), ("no", "nb"), ("iw", "he"), ("in", "id")]
    )
    func codes(code: String, same: String) {
        #expect(Stopwords.list(for: code) != nil)
        #expect(Stopwords.list(for: code) == Stopwords.list(for: same))
    }

    @Test("no list for unknown codes", arguments: ["xx", "und", "", "english"])
    func unknown(code: String) {
        #expect(Stopwords.list(for: code) == nil)
        #expect(!Stopwords.contains("the", languageCode: code))
    }

    @Test("words are single lowercase tokens")
    func normalized() {
        for code in Stopwords.languageCodes {
            guard let list = Stopwords.list(for: code) else { continue }
            for word in list {
                #expect(!word.isEmpty && !word.contains(where: \.isWhitespace), "\(code): \(word)")
                #expect(word == word.lowercased(), "\(code): \(word)")
            }
        }
    }

    @Test("case-folded and format-character-free forms are listed too")
    func variants() throws {
        let german = try #require(Stopwords.list(for: "de"))
        #expect(german.contains("außer") && german.contains("ausser"))
        let persian = try #require(Stopwords.list(for: "fa"))
        #expect(persian.contains("می\u{200C}توانند") && persian.contains("میتوانند"))
    }

    @Test(
        "words match as tokens are normalized: Arabic-script variants folded, apostrophes as typed",
        arguments: [
            ("fa", "که"), ("fa", "یک"), ("fa", "این"), ("ar", "أحد"), ("ur", "کا"), ("ur", "میں"), ("ur", "نہیں"),
            ("ur", "بہت"), ("uz", "oʻz"), ("fr", "quelqu’un"),
        ]
    )
    func tokenForms(language: String, word: String) throws {
        let list = try #require(Stopwords.list(for: language))
        #expect(list.contains(TextNormalizer().token(word)), "\(language): \(word)")
    }

    @Test(
        "number words and function words the sources lack are stopwords",
        arguments: [
            ("en", "seven"), ("en", "shall"), ("tr", "bir"), ("tr", "beş"), ("ar", "ثلاثة"), ("hi", "तीन"),
            ("pl", "pięć"), ("nl", "tien"), ("th", "สอง"), ("it", "cinque"), ("ko", "또는"), ("uk", "сто"),
            ("zh", "這些"), ("zh", "沒有"),
        ]
    )
    func addedWords(language: String, word: String) {
        #expect(Stopwords.contains(TextNormalizer().token(word), languageCode: language))
    }

    @Test("concurrent first use from several threads gives the same lists")
    func concurrent() {
        let codes = Self.required
        let failures = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for code in codes where Stopwords.list(for: code) != Stopwords.list(for: code) {
                failures.withLock { $0 += 1 }
            }
        }
        #expect(failures.withLock { $0 } == 0)
        #expect(Stopwords.contains("the", languageCode: "en"))
    }
}

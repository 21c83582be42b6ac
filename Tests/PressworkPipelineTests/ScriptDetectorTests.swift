import CICU
import Testing

@testable import PressworkPipeline

@Suite("Script detector")
struct ScriptDetectorTests {
    let detector = ScriptDetector()

    @Test(
        "dominant script",
        arguments: [
            ("The council met on Tuesday.", "Latn"),
            ("Городской совет утвердил бюджет.", "Cyrl"),
            ("Алматыда жаңа велосипед жолдары ашылды.", "Cyrl"),
            ("ذهب الولد إلى المدرسة.", "Arab"),
            ("نگار به مدرسه می‌رود.", "Arab"),
            ("नगर परिषद ने बजट को मंज़ूरी दी।", "Deva"),
            ("ภาษาไทยเป็นภาษาที่ไม่มีช่องว่าง", "Thai"),
            ("שלום עולם", "Hebr"),
            ("Καλημέρα κόσμε", "Grek"),
            ("საქართველო", "Geor"),
            ("Հայաստանի Հանրապետություն", "Armn"),
            ("ኢትዮጵያ", "Ethi"),
            ("বাংলাদেশ", "Beng"),
            ("தமிழ்நாடு", "Taml"),
            ("东京都に住んでいます。", "Jpan"),
            ("コンピューター", "Jpan"),
            ("대한민국의 수도는 서울이다.", "Kore"),
            ("大韓民國 대한민국", "Kore"),
            ("我们在北京开会", "Hani"),
            ("Москва, Moscow — Москва!", "Cyrl"),
            ("2024 — 15:30 !!! 😀", "Zyyy"),
            ("", "Zyyy"),
        ]
    )
    func dominant(text: String, script: String) {
        #expect(detector.detect(text).script == script)
    }

    @Test(
        "Han by language hint",
        arguments: [
            (nil, "Hani"), ("zh", "Hans"), ("zh-CN", "Hans"), ("zh-Hans", "Hans"), ("zh-Hant", "Hant"),
            ("zh_TW", "Hant"), ("zh-HK", "Hant"), ("zh-Hant-CN", "Hant"), ("yue", "Hant"), ("ja", "Jpan"),
            ("ko", "Kore"), ("en", "Hani"),
        ] as [(String?, String)]
    )
    func hanHint(language: String?, script: String) {
        #expect(detector.detect("我們在臺北開會", language: language).script == script)
    }

    @Test func shares() {
        let result = detector.detect("Hello мир, 2024!")
        #expect(result.letters == 8)
        #expect(
            result.shares == [
                .init(script: "Latn", letters: 5, fraction: 0.625), .init(script: "Cyrl", letters: 3, fraction: 0.375),
            ])
        #expect(result.script == "Latn")
    }

    @Test func japaneseSharesListKanaAndHanApart() {
        let result = detector.detect("東京都に住んでいます")
        #expect(result.script == "Jpan")
        #expect(result.shares.map(\.script) == ["Hira", "Hani"])
        #expect(result.shares.map(\.letters) == [6, 4])
    }

    @Test func aQuotedKatakanaNameLeavesChineseChinese() {
        // Three kana against forty Han: under a tenth, so a name quoted in Chinese text.
        let text = "东京电视台今天报道说市议会昨天批准了明年的交通预算市民对此表示欢迎并希望尽快实施テレビ"
        let result = detector.detect(text, language: "zh")
        #expect(result.script == "Hans")
        #expect(result.shares.first?.script == "Hani")
    }

    @Test(
        "letters counted while cutting language pieces equal a separate count, whatever the scripts",
        arguments: [
            "The council met on Tuesday. Городской совет утвердил бюджет.",
            "东京都に住んでいます。我们在北京开会。대한민국의 수도는 서울이다.",
            "ذهب الولد إلى المدرسة. नगर परिषद ने बजट को मंज़ूरी दी। Καλημέρα κόσμε",
            "abc \u{FFFD} ภาษาไทยเป็นภาษา 123 !!",
            "",
        ])
    func piecesCountLettersAlike(text: String) {
        var text = text
        text.withUTF8 { bytes in
            let separate = ScriptCounts(bytes)
            let together = SpanFinder.piecesAndCounts(bytes).counts
            for language in [nil, "ja", "zh", "zh-Hant", "ko"] {
                #expect(separate.script(language: language) == together.script(language: language))
            }
            #expect(separate.hasKana == together.hasKana)
        }
    }

    @Test("a letter's class from the per-thread table is ICU's, also after its slot was taken by another")
    func letterClassTable() {
        var first: [Int32: (Bool, Int32)] = [:]
        // Twice over a range much larger than the table (4,096 slots): entries are replaced and looked up again.
        for pass in 0..<2 {
            for scalar in stride(from: Int32(0x80), to: 0x3_0000, by: 7) {
                var script: Int32 = -2
                let alphabetic = pw_letter_class(scalar, &script) != 0
                if alphabetic {
                    #expect(script == pw_icu_script_of(UInt32(scalar), nil, 0), "U+\(String(scalar, radix: 16))")
                }
                if pass == 0 {
                    first[scalar] = (alphabetic, script)
                } else if let (wasAlphabetic, wasScript) = first[scalar] {
                    #expect(alphabetic == wasAlphabetic && (!alphabetic || script == wasScript))
                }
            }
        }
        var latin: Int32 = -2
        #expect(pw_letter_class(0xE9, &latin) != 0 && latin == pw_icu_script_of(0x61, nil, 0))  // é
        #expect(pw_letter_class(0x2014, &latin) == 0)  // em dash
    }
}

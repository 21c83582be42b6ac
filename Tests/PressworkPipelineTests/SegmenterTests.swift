import Testing

@testable import PressworkPipeline

@Suite("Segmenter")
struct SegmenterTests {
    let segmenter = Segmenter()

    /// The text of each range, cut from the UTF-8 bytes.
    func slices(_ text: String, _ ranges: [Range<Int>]) -> [String] {
        let bytes = Array(text.utf8)
        return ranges.map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    @Test(
        "words and their kinds",
        arguments: [
            (
                "The council met on Tuesday, and spending rose 3.5% (about $1,200)!",
                ["The", "council", "met", "on", "Tuesday", "and", "spending", "rose", "3.5", "about", "1,200"]
            ),
            ("Городской совет утвердил бюджет.", ["Городской", "совет", "утвердил", "бюджет"]),
            ("Қазақстан Республикасының астанасы — Астана.", ["Қазақстан", "Республикасының", "астанасы", "Астана"]),
            ("我们在北京开会", ["我们", "在", "北京", "开会"]),
            ("我們在臺北開會，討論明年的預算。", ["我們", "在", "臺北", "開會", "討論", "明年", "的", "預算"]),
            ("ภาษาไทยเป็นภาษาที่ไม่มีช่องว่าง", ["ภาษา", "ไทย", "เป็น", "ภาษา", "ที่", "ไม่มี", "ช่อง", "ว่าง"]),
            ("ذهب الولد إلى المدرسة.", ["ذهب", "الولد", "إلى", "المدرسة"]),
            ("نگار به مدرسه می‌رود.", ["نگار", "به", "مدرسه", "می‌رود"]),
            ("नगर परिषद ने बजट को मंज़ूरी दी।", ["नगर", "परिषद", "ने", "बजट", "को", "मंज़ूरी", "दी"]),
            ("한국어 문장입니다.", ["한국어", "문장입니다"]),
            ("Hello, world! 😀 — ok? ... «quoted»", ["Hello", "world", "ok", "quoted"]),
            ("", []),
            (" \n\t ", []),
        ]
    )
    func words(text: String, expected: [String]) {
        #expect(segmenter.words(in: text).map(\.text) == expected)
    }

    @Test func kinds() {
        let words = segmenter.words(in: "2024年、東京タワーへ行きました。Tokyo 한국")
        #expect(words.map(\.text) == ["2024", "年", "東京タワー", "へ", "行き", "ま", "した", "Tokyo", "한국"])
        #expect(
            words.map(\.kind) == [
                .number, .ideographic, .ideographic, .kana, .ideographic, .kana, .kana, .letter, .letter,
            ])
        let katakana = segmenter.words(in: "コンピューターを使って")
        #expect(katakana.map(\.text) == ["コンピューター", "を", "使", "って"])
        #expect(katakana.map(\.kind) == [.kana, .kana, .ideographic, .kana])
    }

    @Test func chineseIsSplitIntoMultiCharacterWords() {
        let words = segmenter.words(in: "市议会昨天批准了明年的交通预算，市民对此表示欢迎。")
        #expect(words.allSatisfy { $0.kind == .ideographic })
        // Dictionary segmentation, not one word per character.
        #expect(words.filter { $0.text.count >= 2 }.count >= 6)
        #expect(words.map(\.text).contains("预算"))
        #expect(words.map(\.text).contains("欢迎"))
    }

    @Test(
        "word ranges are the words' bytes",
        arguments: [
            "The council met on Tuesday.", "Алматыда жаңа велосипед жолдары ашылды.", "我们在北京开会，讨论预算。",
            "東京都に住んでいます。", "ภาษาไทยเป็นภาษาที่ไม่มีช่องว่าง", "ذهب الولد إلى المدرسة.",
            "नगर परिषद ने बजट को मंज़ूरी दी।", "e\u{301}te\u{301} cafe\u{301}", "a\u{200B}b wo\u{00AD}rd",
        ]
    )
    func wordRangesRoundTrip(text: String) {
        let words = segmenter.words(in: text)
        #expect(!words.isEmpty)
        #expect(slices(text, words.map(\.range)) == words.map(\.text))
        for (before, after) in zip(words, words.dropFirst()) {
            #expect(before.range.upperBound <= after.range.lowerBound)
        }
    }

    @Test func moreWordsThanFirstGuessed() {
        // One-letter words: more segments than the first buffer holds, so the C call is retried.
        let text = Array(repeating: "a", count: 5000).joined(separator: " ")
        let words = segmenter.words(in: text)
        #expect(words.count == 5000)
        #expect(words.last?.range == (text.utf8.count - 1)..<text.utf8.count)
    }

    @Test(
        "sentences",
        arguments: [
            (
                "Dr. Smith met Mr. Jones in Washington. U.S. officials said the vote was close! Was it? Yes.",
                [
                    "Dr. Smith met Mr. Jones in Washington.", "U.S. officials said the vote was close!", "Was it?",
                    "Yes.",
                ]
            ),
            (
                "J. R. R. Tolkien wrote it. Prof. Müller und Fr. Schmidt kamen. Es kostete ca. 500 Euro, z. B. Bücher.",
                [
                    "J. R. R. Tolkien wrote it.", "Prof. Müller und Fr. Schmidt kamen.",
                    "Es kostete ca. 500 Euro, z. B. Bücher.",
                ]
            ),
            (
                "А. С. Пушкин родился в Москве. Это было в 1799 г. Потом он жил на ул. Мойке.",
                ["А. С. Пушкин родился в Москве.", "Это было в 1799 г.", "Потом он жил на ул. Мойке."]
            ),
            ("我们开会。他来了！真的吗？好的", ["我们开会。", "他来了！", "真的吗？", "好的"]),
            ("今日は晴れです。明日は雨でしょう！", ["今日は晴れです。", "明日は雨でしょう！"]),
            ("هل أنت هنا؟ نعم، أنا هنا.", ["هل أنت هنا؟", "نعم، أنا هنا."]),
            ("यह एक वाक्य है। यह दूसरा है।", ["यह एक वाक्य है।", "यह दूसरा है।"]),
            (
                "Headline without a period\nFirst sentence. Second one.",
                ["Headline without a period", "First sentence.", "Second one."]
            ),
            ("  Hello there.   \n\n  Bye.  ", ["Hello there.", "Bye."]),
            ("", []),
        ]
    )
    func sentences(text: String, expected: [String]) {
        #expect(slices(text, segmenter.sentences(in: text)) == expected)
    }

    @Test func sentenceRangesAreByteOffsets() {
        let text = "Привет. 你好。"
        #expect(segmenter.sentences(in: text) == [0..<13, 14..<23])
    }

    @Test func concurrentCallsAgree() async {
        let texts = ["我们在北京开会，讨论预算。", "The council met on Tuesday.", "ภาษาไทยเป็นภาษาที่ไม่มีช่องว่าง"]
        let shared = segmenter
        let expected = texts.map { shared.words(in: $0) }
        await withTaskGroup(of: Bool.self) { group in
            for round in 0..<64 {
                group.addTask {
                    let index = round % texts.count
                    return shared.words(in: texts[index]) == expected[index]
                }
            }
            for await agreed in group { #expect(agreed) }
        }
    }
}

import Testing

@testable import PressworkPipeline

@Suite("Text normalizer")
struct TextNormalizerTests {
    let normalizer = TextNormalizer()

    @Test(
        "NFC",
        arguments: [
            ("cafe\u{301}", "caf\u{E9}"),
            ("\u{212B}ngstr\u{F6}m", "\u{C5}ngstr\u{F6}m"),  // Angstrom sign is canonically Å
            ("\u{1100}\u{1161}", "\u{AC00}"),  // conjoining jamo compose to a syllable
            ("\u{0958}", "\u{0915}\u{093C}"),  // क़ is excluded from composition: NFC decomposes it
            ("Plain ASCII stays.", "Plain ASCII stays."),
            ("Уже в NFC: 東京", "Уже в NFC: 東京"),
            ("", ""),
        ]
    )
    func nfc(input: String, expected: String) {
        let output = normalizer.nfc(input)
        // Swift's == ignores normalization; compare the scalars.
        #expect(Array(output.unicodeScalars) == Array(expected.unicodeScalars))
    }

    @Test func nfcOfLongText() {
        // Longer than any first guess of the output size, with the decomposed input growing nothing.
        let text = String(repeating: "Cafe\u{301} ", count: 3000)
        #expect(normalizer.nfc(text).utf8.count == text.utf8.count - 3000)
    }

    @Test(
        "case and compatibility folding",
        arguments: [
            ("Straße", "strasse"),
            ("ＴＯＫＹＯ", "tokyo"),
            ("ﬁnance", "finance"),
            ("ΣΟΦΟΣ", "σοφοσ"),
            ("Москва", "москва"),
            ("ҚАЗАҚСТАН", "қазақстан"),
            ("Hello", "hello"),
            ("ﻻ", "\u{0644}\u{0627}"),  // lam-alef ligature
            ("㍿", "株式会社"),
            ("", ""),
        ]
    )
    func folding(input: String, expected: String) {
        #expect(Array(normalizer.token(input).unicodeScalars) == Array(expected.unicodeScalars))
    }

    @Test(
        "invisible and control characters are removed",
        arguments: [
            ("wo\u{200B}rd", "word"),
            ("zero\u{200C}\u{200D}joiners", "zerojoiners"),
            ("\u{200E}mark\u{200F}", "mark"),
            ("co\u{00AD}operate", "cooperate"),
            ("\u{FEFF}bom", "bom"),
            ("a\u{2060}b", "ab"),
            ("\u{202B}abc\u{202C}", "abc"),
            ("\u{202A}\u{202D}\u{202E}x", "x"),
            ("\u{2066}\u{2067}\u{2068}y\u{2069}", "y"),
            ("ab\u{07}c\u{7F}", "abc"),
            ("\u{00}Ж\u{1F}", "ж"),
            ("é\u{85}t", "ét"),
            ("\u{0600}١٢", "12"),
        ]
    )
    func invisibles(input: String, expected: String) {
        #expect(Array(normalizer.token(input).unicodeScalars) == Array(expected.unicodeScalars))
    }

    @Test(
        "Arabic-script variants are unified",
        arguments: [
            ("كتاب", "کتاب"),  // Arabic kaf, Persian keheh
            ("يوسف", "یوسف"),  // Arabic yeh, Persian yeh
            ("مصطفى", "مصطفي"),  // alef maksura
            ("أحمد", "احمد"),
            ("إسلام", "اسلام"),
            ("آمنة", "امنه"),
            ("مدرسة", "مدرسه"),  // teh marbuta
            ("عَرَبِيٌّ", "عربي"),  // harakat
            ("كـــتاب", "كتاب"),  // tatweel
            ("می‌خواهم", "ميخواهم"),  // ZWNJ dropped, Persian yeh unified
            ("خانهٔ", "خانه"),  // hamza above dropped
            ("۲۰۲۴", "2024"),
            ("٢٠٢٤", "2024"),
            ("رحمٰن", "رحمن"),  // superscript alef
        ]
    )
    func arabic(input: String, expected: String) {
        let folded = normalizer.token(input)
        #expect(Array(folded.unicodeScalars) == Array(normalizer.token(expected).unicodeScalars))
        // Nothing of the variants survives in the folded form.
        let variants: Set<UInt32> = [0x0622, 0x0623, 0x0625, 0x0629, 0x0640, 0x0649, 0x06A9, 0x06CC, 0x200C]
        #expect(!folded.unicodeScalars.contains { variants.contains($0.value) || (0x064B...0x065F).contains($0.value) })
    }

    @Test func arabicExactForms() {
        #expect(normalizer.token("أَحْمَد") == "\u{0627}\u{062D}\u{0645}\u{062F}")
        #expect(normalizer.token("کتاب") == "\u{0643}\u{062A}\u{0627}\u{0628}")
        #expect(normalizer.token("مدرسة") == "\u{0645}\u{062F}\u{0631}\u{0633}\u{0647}")
    }

    @Test func tokenThatGrowsPastEveryFirstBuffer() {
        // U+FDFA is one scalar of three bytes and folds to 33 bytes: the C call is asked again, larger.
        let folded = normalizer.token(String(repeating: "\u{FDFA}", count: 20))
        #expect(folded == String(repeating: "صلي الله عليه وسلم", count: 20))
        #expect(folded.utf8.count == 660)
    }

    @Test func hindiSpellingsMeet() {
        // Precomposed ज़ (U+095B) and ज + nukta are one search term.
        #expect(Array(normalizer.token("\u{095B}रा").unicodeScalars) == Array("\u{091C}\u{093C}रा".unicodeScalars))
    }
}

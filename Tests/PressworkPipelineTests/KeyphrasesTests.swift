import Testing

@testable import PressworkPipeline

@Suite("Keyphrases")
struct KeyphrasesTests {
    typealias Fixtures = KeyphraseFixtures
    typealias Token = Keyphrases.Token

    func keyphrases(_ text: String, _ language: String, unspaced: Bool = false, count: Int = 10) -> [Keyphrase] {
        Keyphrases.extract(
            from: Fixtures.sentences(text, language: language), unspaced: unspaced,
            configuration: .init(count: count))
    }

    @Test func englishNewsYieldsItsTopic() throws {
        let phrases = keyphrases(Fixtures.englishClimate, "en")
        #expect(phrases.count == 10)
        let top = phrases.prefix(3).map { $0.text.lowercased() }
        #expect(top.contains("climate summit"))
        let summit = try #require(phrases.first { $0.text.lowercased() == "climate summit" })
        #expect(summit.count == 6)
        // The most frequent form is lowercase, whatever the sentence starts say.
        #expect(summit.text == "climate summit")
    }

    @Test func noPhraseStartsOrEndsWithAStopword() throws {
        let stopwords = try #require(Stopwords.list(for: "en"))
        for text in [Fixtures.englishClimate, Fixtures.englishTransport, Self.bankOfEngland] {
            for phrase in keyphrases(text, "en", count: 30) {
                let words = phrase.text.lowercased().split(separator: " ").map(String.init)
                #expect(!stopwords.contains(words[0]), "\(phrase.text)")
                #expect(!stopwords.contains(words[words.count - 1]), "\(phrase.text)")
                #expect(words.count <= 3)
                #expect(!words.contains { $0.allSatisfy(\.isNumber) }, "\(phrase.text)")
            }
        }
    }

    @Test func scoresAscend() {
        let phrases = keyphrases(Fixtures.englishClimate, "en", count: 30)
        #expect(phrases.count == 30)
        #expect(zip(phrases, phrases.dropFirst()).allSatisfy { $0.score <= $1.score })
        #expect(phrases.allSatisfy { $0.score > 0 && $0.count >= 1 })
    }

    static let bankOfEngland = """
        The Bank of England raised interest rates on Thursday. Economists had expected the Bank of England \
        to act after inflation rose again. The governor of the Bank of England said further rises were \
        possible. Mortgage holders will pay more from next month. Markets fell after the announcement, and \
        the pound weakened. Critics said the Bank of England had moved too late.
        """

    @Test func aStopwordMayJoinTheMiddleOfAPhrase() {
        let top = keyphrases(Self.bankOfEngland, "en").prefix(3).map(\.text)
        #expect(top.contains("Bank of England"))
    }

    @Test func russianInflectedFormsAreGrouped() throws {
        let phrases = keyphrases(Fixtures.russianClimate, "ru")
        let conference = try #require(phrases.prefix(3).first { $0.text.lowercased().contains("конференц") })
        // Климатическая конференция, климатической конференции (twice), климатическую конференцию.
        #expect(conference.text == "климатической конференции")
        #expect(conference.count == 4)
        #expect(!phrases.contains { $0.text.lowercased() == "в" || $0.text.hasPrefix("в ") })
    }

    @Test func chineseYieldsAMultiCharacterTopicWord() throws {
        let phrases = keyphrases(Fixtures.chineseClimate, "zh", unspaced: true)
        let top = phrases.prefix(3).map(\.text)
        #expect(top.contains("气候峰会") || top.contains("气候") || top.contains("峰会"))
        #expect(top.allSatisfy { $0.count >= 2 && !$0.contains(" ") })
        let summit = try #require(phrases.first { $0.text == "气候峰会" })
        #expect(summit.count == 5)
    }

    @Test func kazakhWithoutAStemmerUsesItsStopwords() throws {
        #expect(Stemmer(languageCode: "kk") == nil)
        let stopwords = try #require(Stopwords.list(for: "kk"))
        let phrases = keyphrases(Fixtures.kazakhOil, "kk")
        #expect(phrases.prefix(3).map(\.text).contains("мұнай өндірісі"))
        for phrase in phrases {
            let words = phrase.text.lowercased().split(separator: " ").map(String.init)
            #expect(!stopwords.contains(words[0]) && !stopwords.contains(words[words.count - 1]), "\(phrase.text)")
        }
    }

    @Test func degenerateInputs() {
        func token(_ word: String, stopword: Bool = false, kind: Segmenter.Kind = .letter) -> Token {
            Token(surface: word, normalized: word.lowercased(), isStopword: stopword, kind: kind)
        }
        #expect(Keyphrases.extract(from: [], unspaced: false).isEmpty)
        #expect(Keyphrases.extract(from: [[], []], unspaced: false).isEmpty)
        let one = Keyphrases.extract(from: [[token("Summit")]], unspaced: false)
        #expect(one.map(\.text) == ["Summit"])
        #expect(one.first?.count == 1)
        #expect(one.first.map { $0.score.isFinite && $0.score > 0 } == true)
        let stopwords = [[token("of", stopword: true), token("the", stopword: true)], [token("and", stopword: true)]]
        #expect(Keyphrases.extract(from: stopwords, unspaced: false).isEmpty)
        let numbers = [[token("2024", kind: .number), token("12", kind: .number)]]
        #expect(Keyphrases.extract(from: numbers, unspaced: false).isEmpty)
        // A single character cannot edge a phrase.
        #expect(Keyphrases.extract(from: [[token("a"), token("年", kind: .ideographic)]], unspaced: true).isEmpty)
        let none = Keyphrases.extract(from: [[token("Summit")]], unspaced: false, configuration: .init(count: 0))
        #expect(none.isEmpty)
    }

    @Test func countAndLengthAreHonoured() {
        let sentences = Fixtures.sentences(Fixtures.englishClimate, language: "en")
        let three = Keyphrases.extract(from: sentences, unspaced: false, configuration: .init(count: 3))
        #expect(three.count == 3)
        let single = Keyphrases.extract(from: sentences, unspaced: false, configuration: .init(maximumWords: 1))
        #expect(single.count == 10)
        #expect(single.allSatisfy { !$0.text.contains(" ") })
        #expect(single.map { $0.text.lowercased() }.contains("climate"))
    }

    @Test func variantsOfAChosenPhraseAreSkipped() {
        // The English stemmer keeps "colour" and "color" apart; they are one edit apart.
        let text = """
            The colour scheme of the new stadium divided fans. Designers defended the color scheme. \
            The colour scheme uses the club's old red. Fans voted against the color scheme online.
            """
        let texts = keyphrases(text, "en").map { $0.text.lowercased() }
        #expect(texts.contains("colour scheme") != texts.contains("color scheme"))
        #expect(!(texts.contains("colour") && texts.contains("color")))
        // A word is not listed again once a phrase holding it was chosen.
        let phrases = texts.filter { $0.contains(" ") }
        for word in texts where !word.contains(" ") {
            #expect(!phrases.contains { $0.split(separator: " ").contains(Substring(word)) }, "\(word)")
        }
    }

    static let similarities: [(String, String, Double)] = [
        ("kitten", "sitting", 4.0 / 7), ("climat summit", "climat summit", 1), ("abc", "", 0), ("", "", 1),
        ("colour", "color", 5.0 / 6), ("a", "abcdef", 0),
    ]

    @Test("similarity is one minus edit distance over the longer length", arguments: similarities)
    func similarity(a: String, b: String, expected: Double) {
        let value = Keyphrases.Candidates.similarity(Array(a.unicodeScalars), Array(b.unicodeScalars))
        #expect(abs(value - expected) < 1e-12)
    }

    @Test func phrasesJoinWithoutSpacesInUnspacedScripts() {
        #expect(Keyphrases.Candidates.join(["气候", "峰会"], unspaced: true) == "气候峰会")
        #expect(Keyphrases.Candidates.join(["巴黎", "COP", "28"], unspaced: true) == "巴黎COP 28")
        #expect(Keyphrases.Candidates.join(["climate", "summit"], unspaced: false) == "climate summit")
        #expect(Keyphrases.writesWithoutSpaces(script: "Hans"))
        #expect(Keyphrases.writesWithoutSpaces(script: "Thai"))
        #expect(!Keyphrases.writesWithoutSpaces(script: "Cyrl"))
        #expect(!Keyphrases.writesWithoutSpaces(script: "Kore"))
    }

    @Test(
        "casing: capitals and acronyms",
        arguments: [
            ("Paris", true, false), ("NATO", true, true), ("ООН", true, true), ("paris", false, false),
            ("气候", false, false), ("A", true, false), ("McDonald", true, false), ("3D", false, false),
        ])
    func casing(word: String, capitalized: Bool, acronym: Bool) {
        let casing = Keyphrases.TermStatistics.casing(word)
        #expect(casing.capitalized == capitalized)
        #expect(casing.acronym == acronym)
    }

    @Test func capitalsRaiseATermsWeight() {
        // Same counts and places; only the casing of "Summit" mid-sentence differs.
        func sentences(_ surface: String) -> [[Token]] {
            (0..<4).map { _ in
                [
                    Token(surface: "leaders", normalized: "leaders", isStopword: false, kind: .letter),
                    Token(surface: surface, normalized: "summit", isStopword: false, kind: .letter),
                ]
            }
        }
        func score(_ surface: String) -> Double? {
            Keyphrases.extract(from: sentences(surface), unspaced: false, configuration: .init(maximumWords: 1))
                .first { $0.text == surface }?.score
        }
        let lower = score("summit")
        let upper = score("Summit")
        #expect(lower != nil && upper != nil)
        if let lower, let upper { #expect(upper < lower) }
    }

    @Test func wordsAreGroupedBySentence() {
        let text = "Erste Zeile. Zweite Zeile hier! 第三句。"
        let segmenter = Segmenter()
        let sentences = Keyphrases.sentences(segmenter.words(in: text), in: segmenter.sentences(in: text)) { word in
            Token(word: word, normalizer: TextNormalizer(), stemmer: Stemmer(languageCode: "de"), stopwords: nil)
        }
        #expect(
            sentences.map { $0.map(\.surface) } == [["Erste", "Zeile"], ["Zweite", "Zeile", "hier"], ["第三", "句"]])
        #expect(sentences[0][1].stem == "zeil")
        #expect(sentences[0][1].normalized == "zeile")
    }

    @Test func scoresKeepSixSignificantDigits() {
        #expect(Keyphrases.roundedScore(0.012_345_678_9) == 0.012_345_7)
        #expect(Keyphrases.roundedScore(123.456_789) == 123.457)
        #expect(Keyphrases.roundedScore(0) == 0)
    }

    @Test func integerMapAndTermIndexGrowWithoutLosingEntries() {
        var map = Keyphrases.IntegerMap(capacity: 0)
        for key in 0..<5000 { map.add(Int32(key % 7), to: UInt64(key) << 21) }
        for key in 0..<5000 { map.add(1, to: UInt64(key) << 21) }
        #expect(map.count == 5000)
        #expect((0..<5000).allSatisfy { map[UInt64($0) << 21] == Int32($0 % 7) + 1 })
        #expect(map[12345] == nil)
        var index = Keyphrases.TermIndex(capacity: 0)
        let words = (0..<3000).map { "слово\($0)" } + ["气候", "", "a"]
        let numbers = words.map { index.number(of: $0) }
        #expect(numbers == (0..<Int32(words.count)).map { $0 })
        #expect(words.map { index.number(of: $0) } == numbers)
        #expect(index.keys == words)
    }
}

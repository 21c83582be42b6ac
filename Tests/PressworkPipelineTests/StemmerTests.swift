import Dispatch
import Synchronization
import Testing

@testable import PressworkPipeline

@Suite("Snowball stemmer")
struct StemmerTests {
    @Test(
        "stems of lowercased words",
        arguments: [
            ("en", "running", "run"),
            ("en", "connections", "connect"),
            ("en", "generously", "generous"),
            ("ru", "книгами", "книг"),
            ("ru", "бегущий", "бегущ"),
            ("de", "häuser", "haus"),
            ("de", "laufen", "lauf"),
            ("fr", "continuellement", "continuel"),
            ("fr", "nationales", "national"),
            ("es", "corriendo", "corr"),
            ("ar", "المكتبات", "مكتب"),
            ("ar", "الكتاب", "كتاب"),
            ("tr", "kitaplarımızdan", "kitap"),
            ("tr", "evler", "ev"),
            ("hi", "किताबें", "किताब"),
            ("fi", "taloissa", "talo"),
            ("el", "τραγουδια", "τραγουδ"),
            ("id", "mempermainkan", "main"),
            ("nb", "hundene", "hund"),
            ("sr", "knjigama", "knjig"),
        ]
    )
    func stems(language: String, word: String, stem: String) throws {
        let stemmer = try #require(Stemmer(languageCode: language))
        #expect(stemmer.stem(word) == stem)
        #expect(stemmer.stem(word[...]) == stem)
    }

    @Test(
        "languages without a Snowball algorithm have no stemmer",
        arguments: ["kk", "zh", "ja", "pl", "he", "und", "xx", ""])
    func noAlgorithm(language: String) {
        #expect(Stemmer(languageCode: language) == nil)
        #expect(StemmingAlgorithm(languageCode: language) == nil)
    }

    @Test(
        "codes with case, region, script, ISO 639-2 or a withdrawn code",
        arguments: [
            ("EN", "english"), ("pt-BR", "portuguese"), ("sr_Latn", "serbian"), ("rus", "russian"),
            ("ger", "german"), ("deu", "german"), ("no", "norwegian"), ("nb", "norwegian"), ("in", "indonesian"),
            ("mo", "romanian"),
        ]
    )
    func codes(code: String, algorithm: String) {
        #expect(StemmingAlgorithm(languageCode: code)?.name == algorithm)
    }

    @Test("every algorithm libstemmer offers is reached by a language code, except the old porter")
    func everyAlgorithmMapped() {
        let library = Set(StemmingAlgorithm.libraryAlgorithms).subtracting(["porter"])
        #expect(library.count >= 28)
        #expect(Set(StemmingAlgorithm.all.map(\.name)) == library)
        for algorithm in StemmingAlgorithm.all {
            #expect(Stemmer(algorithm: algorithm) != nil, "\(algorithm)")
        }
    }

    @Test("empty, unchanged and overlong tokens come back as they are")
    func passThrough() throws {
        let stemmer = try #require(Stemmer(languageCode: "en"))
        #expect(stemmer.stem("") == "")
        #expect(stemmer.stem("the") == "the")
        let long = String(repeating: "running", count: 100)
        #expect(stemmer.stem(long) == long)
        // A token of exactly the limit is still stemmed.
        let limit = String(repeating: "a", count: Stemmer.maximumTokenBytes - 3) + "ing"
        #expect(stemmer.stem(limit).utf8.count < Stemmer.maximumTokenBytes)
    }

    @Test("a stemmer reused for many words gives each word's own stem")
    func reuse() throws {
        let stemmer = try #require(Stemmer(languageCode: "ru"))
        let words = ["книгами", "бегущий", "и", "книгами"]
        #expect(words.map { stemmer.stem($0) } == ["книг", "бегущ", "и", "книг"])
    }

    @Test("one stemmer per thread: concurrent stemming matches serial stemming")
    func concurrent() throws {
        let words: [(String, String)] = [
            ("en", "running"), ("ru", "книгами"), ("de", "häuser"), ("ar", "المكتبات"), ("tr", "evler"),
            ("hi", "किताबें"), ("fr", "nationales"), ("fi", "taloissa"),
        ]
        let expected = try words.map { language, word in try #require(Stemmer(languageCode: language)).stem(word) }
        let mismatches = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 16) { iteration in
            let (language, word) = words[iteration % words.count]
            guard let stemmer = Stemmer(languageCode: language) else {
                mismatches.withLock { $0 += 1 }
                return
            }
            var wrong = 0
            for _ in 0..<2_000 where stemmer.stem(word) != expected[iteration % words.count] {
                wrong += 1
            }
            mismatches.withLock { $0 += wrong }
        }
        #expect(mismatches.withLock { $0 } == 0)
    }
}

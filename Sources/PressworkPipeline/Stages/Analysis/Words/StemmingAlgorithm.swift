import CStemmer

/// A Snowball stemming algorithm that this machine's libstemmer offers, chosen by language code.
///
/// Languages without an algorithm (Chinese, Kazakh, Polish, Persian and most others) have none: their
/// tokens are used unstemmed.
struct StemmingAlgorithm: Hashable, Sendable, CustomStringConvertible {
    /// libstemmer's canonical name for the algorithm, such as `"english"`.
    let name: String

    var description: String { name }

    /// The algorithm for a language, or `nil` when libstemmer has none for it.
    ///
    /// - Parameter languageCode: ISO 639-1 (`"ru"`), ISO 639-2 (`"rus"`, `"ger"`) or a tag with a script
    ///   or region (`"pt-BR"`, `"sr_Latn"`); case does not matter.
    init?(languageCode: String) {
        guard let name = Self.byLanguageCode[LanguageKey.base(languageCode)] else { return nil }
        self.name = name
    }

    private init(name: String) {
        self.name = name
    }

    /// Every algorithm reachable through a language code, sorted by name.
    static var all: [StemmingAlgorithm] {
        Set(byLanguageCode.values).sorted().map(StemmingAlgorithm.init(name:))
    }

    /// The canonical names `sb_stemmer_list()` reports, including `porter`, which no language code
    /// reaches (`english` is its successor).
    static let libraryAlgorithms: [String] = {
        var names: [String] = []
        guard var entry = sb_stemmer_list() else { return names }
        while let name = entry.pointee {
            names.append(String(cString: name))
            entry += 1
        }
        return names
    }()

    /// Language codes mapped to the algorithms this libstemmer really has: a newer or older library
    /// with fewer algorithms leaves those languages unstemmed instead of failing at `sb_stemmer_new`.
    private static let byLanguageCode: [String: String] = {
        let available = Set(libraryAlgorithms)
        var table: [String: String] = [:]
        for (name, codes) in codesByAlgorithm where available.contains(name) {
            for code in codes { table[code] = name }
        }
        return table
    }()

    /// ISO 639-1 first, then 639-2/T, 639-2/B and the 639-3 individual codes of macrolanguages.
    /// Snowball's Norwegian is Bokmål, so `nb` maps to it and Nynorsk (`nn`) does not.
    private static let codesByAlgorithm: [String: [String]] = [
        "arabic": ["ar", "ara", "arb"],
        "armenian": ["hy", "hye", "arm"],
        "basque": ["eu", "eus", "baq"],
        "catalan": ["ca", "cat"],
        "danish": ["da", "dan"],
        "dutch": ["nl", "nld", "dut"],
        "english": ["en", "eng"],
        "finnish": ["fi", "fin"],
        "french": ["fr", "fra", "fre"],
        "german": ["de", "deu", "ger"],
        "greek": ["el", "ell", "gre"],
        "hindi": ["hi", "hin"],
        "hungarian": ["hu", "hun"],
        "indonesian": ["id", "ind"],
        "irish": ["ga", "gle"],
        "italian": ["it", "ita"],
        "lithuanian": ["lt", "lit"],
        "nepali": ["ne", "nep", "npi"],
        "norwegian": ["no", "nor", "nb", "nob"],
        "portuguese": ["pt", "por"],
        "romanian": ["ro", "ron", "rum"],
        "russian": ["ru", "rus"],
        "serbian": ["sr", "srp"],
        "spanish": ["es", "spa"],
        "swedish": ["sv", "swe"],
        "tamil": ["ta", "tam"],
        "turkish": ["tr", "tur"],
        "yiddish": ["yi", "yid"],
    ]
}

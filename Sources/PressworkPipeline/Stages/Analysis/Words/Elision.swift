/// Articles and pronouns written onto the next word with an apostrophe (French `l'avion`, `qu'il`; Italian
/// `dell'anno`; Catalan `d'una`), and Turkish suffixes written after an apostrophe on names
/// (`Ankara'da`).
///
/// ICU keeps such a word whole, and no Snowball stemmer removes the part, so `l'avion` and `avion` would be
/// two terms and `l'aéroport` could start a keyphrase. Search engines strip them for the same reason
/// (Lucene's ElisionFilter, its Turkish apostrophe filter).
enum Elision {
    /// The part of `normalized` (a search form, ``TextNormalizer/token(_:)``) that is the word itself, in
    /// `language` (ISO 639-1): the text after an elided article or pronoun, or before a Turkish suffix.
    /// Returns `nil` when there is nothing to remove, or when removing it would leave no letters.
    ///
    /// - Returns: how many characters of the word to drop at the front (`prefix`) and at the end (`suffix`).
    static func split(_ normalized: String, language: String) -> (prefix: Int, suffix: Int)? {
        // Called for every distinct word of every article: languages without elision return at once, and
        // words without an apostrophe byte (' or the first byte of ’) before any Character is formed.
        let suffixes = language == "tr" || language == "az"
        guard suffixes || prefixes[language] != nil,
            normalized.utf8.contains(where: { $0 == 0x27 || $0 == 0xE2 })
        else { return nil }
        guard let apostrophe = normalized.firstIndex(where: { $0 == "'" || $0 == "\u{2019}" }) else { return nil }
        let before = normalized[..<apostrophe]
        let after = normalized[normalized.index(after: apostrophe)...]
        guard !before.isEmpty, after.contains(where: \.isLetter) else { return nil }
        // Only the first apostrophe: `Ankara'da` keeps `ankara`.
        if suffixes { return (0, after.count + 1) }
        guard let articles = prefixes[language], articles.contains(String(before)) else { return nil }
        return (before.count + 1, 0)
    }

    /// The elided words of each language, as search forms (lowercase) without their apostrophe.
    private static let prefixes: [String: Set<String>] = [
        "fr": [
            "c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
        ],
        "it": [
            "c", "d", "l", "m", "n", "s", "t", "v", "un", "all", "dall", "dell", "nell", "sull", "coll", "quest",
            "quell", "bell", "sant", "tutt", "nessun",
        ],
        "ca": ["d", "l", "m", "n", "s", "t"],
    ]
}

/// The key stemmers and stopword lists are looked up by: a language tag reduced to its language subtag.
enum LanguageKey {
    /// `"pt-BR"` to `"pt"`, `"sr_Latn"` to `"sr"`, `"IW"` to `"he"`: regions and scripts choose neither
    /// a stemmer nor a stopword list, and withdrawn ISO 639-1 codes (still emitted by CLD2 and old pages)
    /// mean their current ones.
    static func base(_ languageCode: String) -> String {
        let base = languageCode.prefix { $0 != "-" && $0 != "_" }.lowercased()
        return withdrawn[base] ?? base
    }

    private static let withdrawn: [String: String] = ["iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"]
}

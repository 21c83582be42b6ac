import CICU

/// The writing system of a text: its dominant ISO 15924 script and the share of each script, by letters.
///
/// Letters are counted per script with ICU's Script property (Latn, Cyrl, Arab, Deva, Thai, Hebr, Grek and
/// every other script Unicode knows); characters of no script of their own (Common: digits, punctuation,
/// symbols; Inherited: combining marks) are ignored. Stateless, so one detector serves every thread.
struct ScriptDetector: Sendable {
    /// How many letters of a text one script has.
    struct Share: Sendable, Hashable {
        /// ISO 15924 code as ICU names it: `Latn`, `Cyrl`, `Hani`, `Hira`, `Kana`, `Hang`.
        var script: String
        var letters: Int
        /// `letters` over all counted letters of the text, 0…1.
        var fraction: Double
    }

    /// The scripts of a text.
    struct Result: Sendable, Hashable {
        /// The dominant script, ISO 15924. East Asian text is named as a writing system: `Jpan` (Han with
        /// kana), `Kore` (Hangul, with or without Han), `Hans` or `Hant` (Han when the language hint says
        /// which), else `Hani`. `Zyyy` when the text has no letters.
        var script: String
        /// Every script with letters in the text, most letters first (ties by code). Han, kana and Hangul
        /// are listed apart, as ICU names them.
        var shares: [Share]
        /// All letters counted.
        var letters: Int
    }

    /// Kana or Hangul at least a tenth as frequent as Han makes Han text Japanese or Korean; less is a
    /// quoted name in Chinese text.
    static let companionRatio = 10

    init() {}

    /// The scripts of `text`; `language` (a BCP 47 tag such as `zh`, `zh-Hant`, `zh-TW`, `ja`) names the
    /// form of Han text, which the letters alone do not tell.
    func detect(_ text: String, language: String? = nil) -> Result {
        let names = Self.names
        var counts = [Int32](repeating: 0, count: names.count)
        UTF8Text.withBytes(text) { characters, length, _ in
            _ = counts.withUnsafeMutableBufferPointer { buffer in
                pw_icu_script_letters(characters, length, buffer.baseAddress, Int32(buffer.count))
            }
        }
        var letters: [String: Int] = [:]
        // Codes 0 and 1 are Common and Inherited.
        for code in 2..<counts.count where counts[code] > 0 { letters[names[code], default: 0] += Int(counts[code]) }
        let total = letters.values.reduce(0, +)
        let shares = letters.map {
            Share(script: $0.key, letters: $0.value, fraction: Double($0.value) / Double(total))
        }
        .sorted { ($0.letters, $1.script) > ($1.letters, $0.script) }
        let dominant = Self.writingSystems(letters, language: language)
            .max { ($0.value, $1.key) < ($1.value, $0.key) }
        return Result(script: dominant?.key ?? "Zyyy", shares: shares, letters: total)
    }

    /// Letters per script with Han, kana and Hangul merged into the writing system they form.
    static func writingSystems(_ letters: [String: Int], language: String?) -> [String: Int] {
        var systems = letters
        let han = letters["Hani", default: 0]
        let kana = letters["Hira", default: 0] + letters["Kana", default: 0]
        let hangul = letters["Hang", default: 0]
        if hangul > 0, hangul >= kana, hangul * companionRatio >= han {
            systems["Kore"] = hangul + han
            systems["Hang"] = nil
            systems["Hani"] = nil
        } else if kana > 0, kana * companionRatio >= han {
            systems["Jpan"] = kana + han
            systems["Hira"] = nil
            systems["Kana"] = nil
            systems["Hani"] = nil
        } else if han > 0 {
            systems["Hani"] = nil
            systems[hanScript(language: language), default: 0] += han
        }
        return systems
    }

    /// The script Han text is written in according to a BCP 47 tag: an explicit script subtag, else the
    /// region (Taiwan, Hong Kong and Macau write traditional characters), else the language's usual form.
    static func hanScript(language: String?) -> String {
        guard let language else { return "Hani" }
        let subtags = language.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" })
        guard let primary = subtags.first else { return "Hani" }
        switch primary {
        case "ja": return "Jpan"
        case "ko": return "Kore"
        case "zh", "cmn", "yue", "wuu", "hak", "nan":
            if subtags.contains("hant") { return "Hant" }
            if subtags.contains("hans") { return "Hans" }
            if subtags.contains(where: { ["tw", "hk", "mo"].contains($0) }) { return "Hant" }
            if subtags.contains(where: { ["cn", "sg", "my"].contains($0) }) { return "Hans" }
            // Cantonese is mostly written in traditional characters, the other Chinese languages in simplified.
            return primary == "yue" ? "Hant" : "Hans"
        default: return "Hani"
        }
    }

    /// ISO 15924 codes indexed by ICU script code.
    static let names: [String] = {
        let limit = Int(pw_icu_script_letters(nil, 0, nil, 0))
        return (0..<max(limit, 0)).map { code in
            var buffer = [CChar](repeating: 0, count: 8)
            let named = pw_icu_script_name(Int32(code), &buffer, Int32(buffer.count)) == 0
            return named ? String(decoding: buffer.prefix(4).map { UInt8(bitPattern: $0) }, as: UTF8.self) : "Zzzz"
        }
    }()
}

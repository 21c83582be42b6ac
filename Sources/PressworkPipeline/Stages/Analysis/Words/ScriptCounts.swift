import CICU

/// Letters per script of one text, counted in one pass and kept small, for callers that judge many short
/// texts: no dictionary, no sorting, and no ICU lookups at all when the text is ASCII. Gives the same
/// dominant script as ``ScriptDetector/detect(_:language:)``.
struct ScriptCounts {
    private var han = 0
    private var hiragana = 0
    private var katakana = 0
    private var hangul = 0
    /// The script with the most letters other than Han, kana and hangul (ICU code), and its letters.
    private var top = -1
    private var topLetters = 0

    /// Whether the text has kana, which Japanese text has and Chinese text does not.
    var hasKana: Bool { hiragana + katakana > 0 }

    /// Counts the letters of UTF-8 `bytes` (valid UTF-8; invalid sequences are skipped).
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        if UTF8Text.isASCII(bytes) {
            var letters = 0
            for byte in bytes {
                let lower = byte | 0x20
                if lower >= 0x61 && lower <= 0x7A { letters += 1 }
            }
            if letters > 0 { (top, topLetters) = (Self.codes.latin, letters) }
            return
        }
        self = withUnsafeTemporaryAllocation(of: Int32.self, capacity: Self.scriptCodes) { counts in
            counts.initialize(repeating: 0)
            _ = bytes.withMemoryRebound(to: CChar.self) { characters in
                pw_icu_script_letters(
                    characters.baseAddress, Int32(min(characters.count, Int(Int32.max))), counts.baseAddress,
                    Int32(counts.count))
            }
            return ScriptCounts(counts: UnsafeBufferPointer(counts))
        }
    }

    /// How many ICU script codes a table of counts holds.
    static var scriptCodes: Int { ScriptDetector.names.count }

    /// From letters per ICU script code, as `pw_icu_script_letters` counts them (``scriptCodes`` entries).
    init(counts: UnsafeBufferPointer<Int32>) {
        let names = ScriptDetector.names
        let codes = Self.codes
        // Codes 0 and 1 are Common and Inherited.
        for code in 2..<min(counts.count, names.count) where counts[code] > 0 {
            let letters = Int(counts[code])
            switch code {
            case codes.han: han = letters
            case codes.hiragana: hiragana = letters
            case codes.katakana: katakana = letters
            case codes.hangul: hangul = letters
            default:
                if letters > topLetters || (letters == topLetters && names[code] < names[top]) {
                    (top, topLetters) = (code, letters)
                }
            }
        }
    }

    /// The dominant script, ISO 15924, as ``ScriptDetector/Result/script`` names it; nil without letters.
    func script(language: String?) -> String? {
        let names = ScriptDetector.names
        var best: (name: String, letters: Int)? = top >= 0 ? (names[top], topLetters) : nil
        func offer(_ name: String, _ letters: Int) {
            guard letters > 0 else { return }
            if let current = best, current.letters > letters || (current.letters == letters && current.name < name) {
                return
            }
            best = (name, letters)
        }
        // Han, kana and hangul merge into writing systems as ScriptDetector.writingSystems merges them.
        let kana = hiragana + katakana
        let ratio = ScriptDetector.companionRatio
        if hangul > 0, hangul >= kana, hangul * ratio >= han {
            offer("Kore", hangul + han)
            offer("Hira", hiragana)
            offer("Kana", katakana)
        } else if kana > 0, kana * ratio >= han {
            offer("Jpan", kana + han)
            offer("Hang", hangul)
        } else {
            if han > 0 { offer(ScriptDetector.hanScript(language: language), han) }
            offer("Hira", hiragana)
            offer("Kana", katakana)
            offer("Hang", hangul)
        }
        return best?.name
    }

    /// The ICU codes this type needs, looked up once by name.
    private static let codes: (latin: Int, han: Int, hiragana: Int, katakana: Int, hangul: Int) = {
        let names = ScriptDetector.names
        func code(_ name: String) -> Int { names.firstIndex(of: name) ?? -1 }
        return (code("Latn"), code("Hani"), code("Hira"), code("Kana"), code("Hang"))
    }()
}

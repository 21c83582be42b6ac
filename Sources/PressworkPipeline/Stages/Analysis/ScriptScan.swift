/// The writing system of a piece of text, ISO 15924, from the Unicode blocks of its letters.
///
/// Small and fast on purpose: one pass over the scalars, a table of block ranges, no ICU. Good enough to
/// name the script of a language CLD2 found (Serbian in Cyrillic or Latin, Kazakh, Azerbaijani); it does
/// not try to be a general script detector.
struct ScriptScan {
    /// Letters counted per script.
    private(set) var counts: [String: Int] = [:]

    /// Counts the letters of `text`.
    init<S: StringProtocol>(_ text: S) {
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
            if let script = Self.script(of: scalar.value) {
                counts[script, default: 0] += 1
            }
        }
    }

    /// The script of the text, given the language CLD2 found in it (CLD2's own code, such as `"zh-Hant"`).
    ///
    /// Han, kana and hangul are one family: kana make it Japanese (`Jpan`), hangul Korean (`Kore`), and Han
    /// alone is simplified or traditional Chinese as CLD2's code says (`Hans`, `Hant`), else `Hani`.
    func script(cld2Code: String) -> String? {
        let kana = count("Hira") + count("Kana")
        let han = count("Hani")
        let hangul = count("Hang")
        var family = counts.filter { !["Hira", "Kana", "Hani", "Hang", "Bopo"].contains($0.key) }
        let cjk = kana + han + hangul + count("Bopo")
        if cjk > 0 {
            let name: String
            if cld2Code == "ja" || (kana > 0 && kana >= hangul) {
                name = "Jpan"
            } else if cld2Code == "ko" || hangul > 0 {
                name = "Kore"
            } else if cld2Code == "zh-Hant" {
                name = "Hant"
            } else if cld2Code == "zh" {
                name = "Hans"
            } else {
                name = "Hani"
            }
            family[name] = cjk
        }
        // Ties go to the alphabetically first name, so the answer does not depend on dictionary order.
        return family.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
    }

    /// Letters of one script, such as `"Hira"`.
    func count(_ script: String) -> Int { counts[script] ?? 0 }

    /// The script of a letter's Unicode block; nil for blocks not listed.
    static func script(of value: UInt32) -> String? {
        // Binary search over sorted, disjoint ranges.
        var low = 0
        var high = ranges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = ranges[middle]
            if value < range.first {
                high = middle - 1
            } else if value > range.last {
                low = middle + 1
            } else {
                return range.script
            }
        }
        return nil
    }

    private struct BlockRange {
        let first: UInt32
        let last: UInt32
        let script: String
    }

    /// Unicode blocks of the scripts CLD2 knows languages in, sorted by first scalar.
    private static let ranges: [BlockRange] = [
        (0x0041, 0x005A, "Latn"), (0x0061, 0x007A, "Latn"), (0x00AA, 0x00AA, "Latn"), (0x00BA, 0x00BA, "Latn"),
        (0x00C0, 0x02AF, "Latn"), (0x0370, 0x03FF, "Grek"), (0x0400, 0x052F, "Cyrl"), (0x0530, 0x058F, "Armn"),
        (0x0590, 0x05FF, "Hebr"), (0x0600, 0x06FF, "Arab"), (0x0700, 0x074F, "Syrc"), (0x0750, 0x077F, "Arab"),
        (0x0780, 0x07BF, "Thaa"), (0x07C0, 0x07FF, "Nkoo"), (0x08A0, 0x08FF, "Arab"), (0x0900, 0x097F, "Deva"),
        (0x0980, 0x09FF, "Beng"), (0x0A00, 0x0A7F, "Guru"), (0x0A80, 0x0AFF, "Gujr"), (0x0B00, 0x0B7F, "Orya"),
        (0x0B80, 0x0BFF, "Taml"), (0x0C00, 0x0C7F, "Telu"), (0x0C80, 0x0CFF, "Knda"), (0x0D00, 0x0D7F, "Mlym"),
        (0x0D80, 0x0DFF, "Sinh"), (0x0E00, 0x0E7F, "Thai"), (0x0E80, 0x0EFF, "Laoo"), (0x0F00, 0x0FFF, "Tibt"),
        (0x1000, 0x109F, "Mymr"), (0x10A0, 0x10FF, "Geor"), (0x1100, 0x11FF, "Hang"), (0x1200, 0x139F, "Ethi"),
        (0x13A0, 0x13FF, "Cher"), (0x1400, 0x167F, "Cans"), (0x1680, 0x169F, "Ogam"), (0x16A0, 0x16FF, "Runr"),
        (0x1700, 0x171F, "Tglg"), (0x1780, 0x17FF, "Khmr"), (0x1800, 0x18AF, "Mong"), (0x1900, 0x194F, "Limb"),
        (0x1C80, 0x1C8F, "Cyrl"), (0x1C90, 0x1CBF, "Geor"), (0x1E00, 0x1EFF, "Latn"), (0x1F00, 0x1FFF, "Grek"),
        (0x2C60, 0x2C7F, "Latn"), (0x2D00, 0x2D2F, "Geor"), (0x2D30, 0x2D7F, "Tfng"), (0x2DE0, 0x2DFF, "Cyrl"),
        (0x3040, 0x309F, "Hira"), (0x30A0, 0x30FF, "Kana"), (0x3100, 0x312F, "Bopo"), (0x3130, 0x318F, "Hang"),
        (0x31F0, 0x31FF, "Kana"), (0x3400, 0x4DBF, "Hani"), (0x4E00, 0x9FFF, "Hani"), (0xA640, 0xA69F, "Cyrl"),
        (0xA720, 0xA7FF, "Latn"), (0xA8E0, 0xA8FF, "Deva"), (0xA960, 0xA97F, "Hang"), (0xAC00, 0xD7FF, "Hang"),
        (0xF900, 0xFAFF, "Hani"), (0xFB1D, 0xFB4F, "Hebr"), (0xFB50, 0xFDFF, "Arab"), (0xFE70, 0xFEFF, "Arab"),
        (0xFF21, 0xFF3A, "Latn"), (0xFF41, 0xFF5A, "Latn"), (0xFF66, 0xFF9F, "Kana"), (0xFFA0, 0xFFDC, "Hang"),
        (0x20000, 0x3134F, "Hani"),
    ].map { BlockRange(first: $0.0, last: $0.1, script: $0.2) }
}

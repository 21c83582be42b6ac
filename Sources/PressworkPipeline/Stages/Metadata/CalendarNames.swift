import CICU

/// Month and weekday names of the supported locales, read once from ICU's CLDR data.
///
/// Names are stored folded (lowercased, trailing dots dropped) so that "Juli", "juil." and "ИЮЛЯ" are
/// found whatever their case. Built on first use, then shared read-only by every thread.
enum CalendarNames {
    /// ICU locale IDs read; the Gregorian calendar is forced because some locales (fa) default to another.
    static let locales = [
        "en", "de", "fr", "es", "it", "pt", "nl", "ru", "uk", "kk", "tr", "pl", "cs", "ar", "fa", "hi", "id", "vi",
        "ro", "sv", "da", "nb", "fi", "hu", "el", "bg", "sr", "sk", "sl", "lt", "lv", "et", "be", "ky", "uz",
        "az", "ka", "hy", "he", "ur", "bn", "ms", "ca", "gl", "eu",
    ]

    /// Folded month name → month number (1…12). A name shared by several locales maps to one month in all
    /// of them, or it is left out as ambiguous.
    static let months: [String: Int] = {
        var table: [String: Int] = [:]
        var ambiguous: Set<String> = []
        for locale in locales {
            for kind in [PW_ICU_MONTHS, PW_ICU_SHORT_MONTHS, PW_ICU_STANDALONE_MONTHS, PW_ICU_STANDALONE_SHORT_MONTHS] {
                let names = symbols(locale: locale, kind: kind)
                guard names.count == 12 else { continue }
                for (index, name) in names.enumerated() {
                    let key = fold(name)
                    // One-letter and numeric names ("1", "I") are no evidence of a month.
                    guard key.count >= 3 || (key.count >= 2 && !key.allSatisfy(\.isASCII)),
                        !key.contains(where: \.isNumber)
                    else { continue }
                    if let existing = table[key], existing != index + 1 { ambiguous.insert(key) }
                    table[key] = index + 1
                }
            }
        }
        for key in ambiguous { table[key] = nil }
        return table
    }()

    /// Folded weekday names (full and short) of every supported locale.
    static let weekdays: Set<String> = {
        var names: Set<String> = []
        for locale in locales {
            for kind in [PW_ICU_WEEKDAYS, PW_ICU_SHORT_WEEKDAYS] {
                for name in symbols(locale: locale, kind: kind) {
                    let key = fold(name)
                    if key.count >= 2 { names.insert(key) }
                }
            }
        }
        return names
    }()

    /// The month a word names, if any.
    static func month(_ word: some StringProtocol) -> Int? {
        months[fold(word)]
    }

    /// Whether a word is a weekday name.
    static func isWeekday(_ word: some StringProtocol) -> Bool {
        weekdays.contains(fold(word))
    }

    /// Lowercased, without trailing dots or commas.
    static func fold(_ word: some StringProtocol) -> String {
        var folded = word.lowercased()
        while let last = folded.last, last == "." || last == "," { folded.removeLast() }
        return folded
    }

    /// The names ICU gives for one locale and kind; empty when ICU fails.
    static func symbols(locale: String, kind: pw_icu_symbol_kind) -> [String] {
        var buffer = [CChar](repeating: 0, count: 8192)
        let count = buffer.withUnsafeMutableBufferPointer { pointer in
            pw_icu_date_symbols(locale + "@calendar=gregorian", kind, pointer.baseAddress, Int32(pointer.count))
        }
        guard count > 0 else { return [] }
        let text = buffer.withUnsafeBufferPointer { pointer in
            String(decoding: UnsafeRawBufferPointer(pointer).prefix { $0 != 0 }, as: UTF8.self)
        }
        return text.split(separator: "\n").map(String.init)
    }
}

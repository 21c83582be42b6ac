import CCLD2

/// A language code and English name as documents carry them, made from CLD2's.
///
/// CLD2 uses some withdrawn ISO 639-1 codes and script-qualified codes; documents carry ISO 639-1 where
/// one exists, so that `kk` from CLD2, from a page's `lang` attribute and from a caller all compare equal.
struct LanguageCode: Equatable, Sendable {
    let code: String
    let name: String

    static let undetermined = LanguageCode(code: "und", name: "Undetermined")
    /// Chinese without a word on simplified or traditional: what Han-only text CLD2 calls Japanese becomes.
    static let chinese = LanguageCode(code: "zh", name: "Chinese")

    init(code: String, name: String) {
        self.code = code
        self.name = name
    }

    /// - Parameters:
    ///   - cld2: CLD2's code: `"en"`, `"zh-Hant"`, `"iw"`, `"un"`.
    ///   - cld2Name: CLD2's name: `"ENGLISH"`, `"ChineseT"`, `"SCOTS_GAELIC"`, `"Unknown"`.
    init(cld2: String, cld2Name: String) {
        if cld2 == "un" || cld2.isEmpty || cld2Name == "Unknown" {
            self = .undetermined
            return
        }
        code = Self.normalize(cld2)
        name = Self.names[code] ?? Self.titleCased(cld2Name)
    }

    /// ISO 639-1 for CLD2's old and script-qualified codes; others pass through.
    static func normalize(_ cld2: String) -> String {
        if let replacement = replacements[cld2] { return replacement }
        // "zh-Hant", "sr-ME": the script or region is detail the code field does not carry.
        if let dash = cld2.firstIndex(of: "-") {
            let base = String(cld2[..<dash])
            if base.count == 2 && base != "xx" { return replacements[base] ?? base }
        }
        return cld2
    }

    private static let replacements: [String: String] = [
        "iw": "he", "in": "id", "jw": "jv", "ji": "yi", "mo": "ro", "zh-Hant": "zh",
    ]

    /// Names where CLD2's own are not plain English names.
    private static let names: [String: String] = [
        "zh": "Chinese", "he": "Hebrew", "id": "Indonesian", "jv": "Javanese", "yi": "Yiddish",
    ]

    /// `"SCOTS_GAELIC"` to `"Scots Gaelic"`.
    private static func titleCased(_ name: String) -> String {
        name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }
            .joined(separator: " ")
    }
}

extension LanguageCode {
    /// A CLD2 language as the stage needs it: CLD2's own code (`zh-Hant` says the script) and ours.
    struct CLD2Entry: Sendable {
        var cld2: String
        var language: LanguageCode
    }

    /// Every CLD2 language by its number, converted once: converting names on every call cost more than
    /// CLD2's detection on a sentence.
    static let cld2Table: [CLD2Entry] = (0..<Int(ccld2_language_count())).map { number in
        var code = [CChar](repeating: 0, count: Int(CCLD2_CODE_CAPACITY))
        var name = [CChar](repeating: 0, count: Int(CCLD2_NAME_CAPACITY))
        ccld2_language_info(Int32(number), &code, &name)
        let cld2 = String(decoding: code.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let cld2Name = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return CLD2Entry(cld2: cld2, language: LanguageCode(cld2: cld2, cld2Name: cld2Name))
    }

    /// The entry for CLD2's language number `number`; unknown numbers are `und`.
    static func cld2(_ number: Int32) -> CLD2Entry {
        let table = cld2Table
        return number >= 0 && Int(number) < table.count
            ? table[Int(number)] : CLD2Entry(cld2: "un", language: .undetermined)
    }
}

/// Corrections to uchardet's answer where it names a charset's sibling.
///
/// uchardet tells scripts and byte layouts apart well, but not charsets that share most of their layout:
/// - ISO-8859-1 and windows-1252 (and ISO-8859-9 and windows-1254) are one label here: the windows
///   charset is a superset, as in the WHATWG Encoding Standard.
/// - ISO-8859-15 differs from ISO-8859-1 in eight positions (€ Š š Ž ž Œ œ Ÿ) and uchardet answers
///   ISO-8859-1 for it: the eight bytes are read as -15 when they sit inside words or stand for €, and no
///   byte uses windows-1252's 0x80–0x9F range.
/// - ISO-8859-x text never uses 0x80–0x9F (C1 controls), where the windows-125x siblings keep quotes,
///   dashes and a few letters: an ISO answer for bytes in that range is replaced by its windows sibling
///   (uchardet answers ISO-8859-7 for most windows-1253 Greek, for instance).
/// - ISO-8859-8 Hebrew comes back as windows-1255, which decodes its letters identically.
enum CharsetRefinement {
    /// The charset to decode with, given uchardet's answer.
    static func refine(_ detected: CharsetLabel, bytes: [UInt8]) -> CharsetLabel {
        let sample = bytes.prefix(CharsetDetector.sampleBytes)
        let usesC1 = sample.contains { (0x80...0x9F).contains($0) }
        if usesC1, let sibling = windowsSibling[detected.name], let label = CharsetLabel(label: sibling) {
            return label
        }
        if detected == .windows1252, !usesC1, looksLikeLatin9(sample), let label = CharsetLabel(label: "iso-8859-15") {
            return label
        }
        return detected
    }

    private static let windowsSibling: [String: String] = [
        "iso-8859-2": "windows-1250",
        "iso-8859-7": "windows-1253", "iso-8859-8": "windows-1255", "iso-8859-13": "windows-1257",
        "iso-8859-15": "windows-1252",
    ]

    /// Whether ISO-8859-15's own positions appear as letters (between letters) or as the euro sign
    /// (0xA4, which ISO-8859-1 spends on the never-written ¤).
    private static func looksLikeLatin9(_ bytes: ArraySlice<UInt8>) -> Bool {
        let letterOnly: Set<UInt8> = [0xA6, 0xA8, 0xB4, 0xB8, 0xBC, 0xBD, 0xBE]
        func isLetter(_ byte: UInt8) -> Bool {
            (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || (byte >= 0xC0 && byte != 0xD7 && byte != 0xF7)
        }
        var previous: UInt8 = 0x20
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 0xA4 { return true }
            let next = index + 1 < bytes.endIndex ? bytes[index + 1] : 0x20
            if letterOnly.contains(byte) && (isLetter(previous) || isLetter(next)) { return true }
            previous = byte
            index += 1
        }
        return false
    }
}

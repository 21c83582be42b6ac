/// Decodes the few HTML character references that leak into JSON-LD and attribute values twice-escaped.
enum HTMLEntities {
    static let named: [Substring: Character] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "#39": "'",
        "rsquo": "\u{2019}", "lsquo": "\u{2018}", "rdquo": "\u{201D}", "ldquo": "\u{201C}", "ndash": "\u{2013}",
        "mdash": "\u{2014}", "hellip": "\u{2026}",
    ]

    /// Replaces `&amp;`, `&#8217;`, `&#x2019;` and the other names in ``named``; anything else is kept.
    static func decode(_ text: String) -> String {
        guard text.containsBytes("&") else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            guard character == "&",
                let semicolon = text[index...].prefix(12).firstIndex(of: ";")
            else {
                result.append(character)
                index = text.index(after: index)
                continue
            }
            let name = text[text.index(after: index)..<semicolon]
            if let replacement = named[name] ?? numeric(name) {
                result.append(replacement)
                index = text.index(after: semicolon)
            } else {
                result.append(character)
                index = text.index(after: index)
            }
        }
        return result
    }

    private static func numeric(_ name: Substring) -> Character? {
        guard name.hasPrefix("#") else { return nil }
        let digits = name.dropFirst()
        let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
        guard let value, value > 0, let scalar = Unicode.Scalar(value) else { return nil }
        return Character(scalar)
    }
}

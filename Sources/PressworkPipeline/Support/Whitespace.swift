/// Whitespace handling shared by the text stages.
enum Whitespace {
    /// Runs of Unicode whitespace (spaces, tabs, newlines, no-break spaces, ideographic spaces) become
    /// one ASCII space; leading and trailing whitespace goes.
    ///
    /// Works on the UTF-8 bytes: every Unicode whitespace character has a fixed encoding, so no scalar
    /// needs decoding and the common all-text run is copied byte by byte.
    static func collapse<S: StringProtocol>(_ text: S) -> String {
        var output = [UInt8]()
        output.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let length = whitespaceLength(bytes, at: index)
            if length > 0 {
                pendingSpace = !output.isEmpty
                index += length
                continue
            }
            if pendingSpace {
                output.append(0x20)
                pendingSpace = false
            }
            output.append(bytes[index])
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The byte length of the whitespace character starting at `index`, or 0 if there is none.
    /// The set is Unicode's `White_Space` property.
    @inline(__always)
    static func whitespaceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let byte = bytes[index]
        if byte < 0x80 {
            return (byte == 0x20 || (0x09...0x0D).contains(byte)) ? 1 : 0
        }
        let remaining = bytes.count - index
        switch byte {
        case 0xC2 where remaining >= 2:
            // U+0085 NEXT LINE, U+00A0 NO-BREAK SPACE
            return bytes[index + 1] == 0x85 || bytes[index + 1] == 0xA0 ? 2 : 0
        case 0xE1 where remaining >= 3:
            // U+1680 OGHAM SPACE MARK
            return bytes[index + 1] == 0x9A && bytes[index + 2] == 0x80 ? 3 : 0
        case 0xE2 where remaining >= 3:
            let second = bytes[index + 1]
            let third = bytes[index + 2]
            // U+2000…U+200A, U+2028, U+2029, U+202F
            if second == 0x80 && ((0x80...0x8A).contains(third) || third == 0xA8 || third == 0xA9 || third == 0xAF) {
                return 3
            }
            // U+205F MEDIUM MATHEMATICAL SPACE
            return second == 0x81 && third == 0x9F ? 3 : 0
        case 0xE3 where remaining >= 3:
            // U+3000 IDEOGRAPHIC SPACE
            return bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80 ? 3 : 0
        default:
            return 0
        }
    }

    /// Whether the text holds at least one letter in any script.
    static func containsLetter<S: StringProtocol>(_ text: S) -> Bool {
        text.unicodeScalars.contains { $0.properties.isAlphabetic }
    }

    /// ``containsLetter(_:)`` for valid UTF-8 bytes: an ASCII letter answers at once (as in nearly every
    /// page); otherwise the non-ASCII characters are judged.
    static func containsLetter(utf8 bytes: [UInt8]) -> Bool {
        if bytes.contains(where: { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }) { return true }
        return bytes.contains { $0 >= 0x80 } && containsLetter(String(decoding: bytes, as: UTF8.self))
    }
}

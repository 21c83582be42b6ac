/// One pass over a page's bytes: whether they are valid UTF-8, whether any is non-ASCII, and whether any
/// is a control character the decoder drops.
///
/// Eight ASCII bytes are checked at a time, so a typical page costs about one instruction per byte where
/// Swift's own validation (through `String(validating:)`) costs ten; valid UTF-8 then goes to the parser
/// without being copied into a `String` at all.
struct UTF8Scan {
    /// The bytes are well-formed UTF-8: no overlong forms, surrogates or code points above U+10FFFF.
    private(set) var isValid = true
    /// Some byte is 0x80 or above (meaningful only when ``isValid``: the scan stops at the first error).
    private(set) var hasNonASCII = false
    /// Some byte is a control character other than tab, line feed and carriage return, or DEL.
    private(set) var hasDroppedControls = false

    init(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { scan($0) }
    }

    /// Control characters that carry no text: all below 0x20 except tab, line feed, carriage return; DEL.
    static func isDroppedControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0x7F
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Whether a word of ASCII bytes holds a byte below 0x20 or equal to 0x7F (the classic SWAR test for
    /// "a byte less than n", valid because no byte has its high bit set).
    private static func hasControl(_ word: UInt64) -> Bool {
        let below = (word &- ones &* 0x20) & ~word & highBits
        let delete = ((word ^ (ones &* 0x7F)) &- ones) & ~(word ^ (ones &* 0x7F)) & highBits
        return below | delete != 0
    }

    /// Whether the eight bytes at `index` are all there and all ASCII other than controls and DEL: the
    /// common case, skipped a word at a time.
    static func isPlainASCIIWord(_ base: UnsafePointer<UInt8>, at index: Int, count: Int) -> Bool {
        guard index + 8 <= count else { return false }
        let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
        return word & highBits == 0 && !hasControl(word)
    }

    private mutating func scan(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let base = buffer.baseAddress else { return }
        let count = buffer.count
        var index = 0
        while index < count {
            if Self.isPlainASCIIWord(base, at: index, count: count) {
                index += 8
                continue
            }
            // Byte by byte to the end of this word (or past a multi-byte sequence that crosses it).
            let stop = min(index + 8, count)
            while index < stop {
                let byte = base[index]
                if byte < 0x80 {
                    if Self.isDroppedControl(byte) { hasDroppedControls = true }
                    index += 1
                    continue
                }
                hasNonASCII = true
                guard let length = Self.sequenceLength(base, at: index, count: count) else {
                    isValid = false
                    return
                }
                index += length
            }
        }
    }

    /// The length of the well-formed sequence starting with a non-ASCII byte at `index`, or nil (Unicode's
    /// table of well-formed byte sequences, chapter 3).
    static func sequenceLength(_ base: UnsafePointer<UInt8>, at index: Int, count: Int) -> Int? {
        let lead = base[index]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            secondRange = 0x80...0x9F
        case 0xF0:
            length = 4
            secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            secondRange = 0x80...0x8F
        default: return nil
        }
        guard index + length <= count, secondRange.contains(base[index + 1]) else { return nil }
        for offset in 2..<length where base[index + offset] & 0xC0 != 0x80 { return nil }
        return length
    }
}

/// A text as CLD2 should see it: without the characters it refuses or that split words invisibly, with a
/// map back to the original byte offsets.
///
/// CLD2's UTF-8 check stops at C0 controls (other than tab, line feed, form feed and return), DEL, C1
/// controls and Unicode noncharacters, and judges only what came before: a line with a windows-1252
/// leftover such as U+0092 near its start is judged on a few letters or not at all. Controls become a space;
/// invisible format characters (soft hyphen, zero-width space, word joiner, bidi marks and isolates, byte
/// order mark) are removed, since they sit inside words and would cut them in two. Zero-width (non-)joiners
/// stay: Persian and Indic text needs them. A byte that is not part of well-formed UTF-8 becomes U+FFFD,
/// as decoding would make it, so callers may pass any bytes.
struct DetectionText {
    /// The bytes to judge.
    private(set) var bytes: [UInt8] = []
    /// Where the cleaned bytes and the original diverge: from each `(cleaned, original)` pair on, offsets
    /// differ by `original - cleaned` until the next pair. Empty when nothing was changed.
    private var checkpoints: [(cleaned: Int, original: Int)] = []

    /// Whether anything had to change; when not, ``bytes`` is empty and callers use the original.
    var changed: Bool { !checkpoints.isEmpty }

    /// Cleans `text`, copying it only when it holds something to clean.
    init(_ text: UnsafeBufferPointer<UInt8>) {
        guard let first = Self.firstDirty(text) else { return }
        bytes.reserveCapacity(text.count)
        bytes.append(contentsOf: text[..<first])
        var index = first
        while index < text.count {
            // A character: one ASCII byte or a whole well-formed sequence.
            var length = 1
            if text[index] >= 0x80 {
                guard let valid = UTF8Scan.sequenceLength(text.baseAddress!, at: index, count: text.count) else {
                    bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    index += 1
                    checkpoints.append((bytes.count, index))
                    continue
                }
                length = valid
            }
            let width = Self.dirtyWidth(text, at: index)
            guard width > 0 else {
                bytes.append(contentsOf: text[index..<index + length])
                index += length
                continue
            }
            // Controls and noncharacters keep words apart; format characters joined them.
            if Self.isSeparating(text, at: index) { bytes.append(0x20) }
            index += width
            checkpoints.append((bytes.count, index))
        }
    }

    /// The original offset of cleaned offset `offset`.
    func original(_ offset: Int) -> Int {
        guard changed else { return offset }
        var low = 0
        var high = checkpoints.count
        // The last checkpoint at or before `offset`.
        while low < high {
            let middle = (low + high) / 2
            if checkpoints[middle].cleaned <= offset { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return offset }
        let point = checkpoints[low - 1]
        return point.original + (offset - point.cleaned)
    }

    /// The cleaned offset of original offset `offset` (the first cleaned byte at or after it).
    func cleaned(_ offset: Int) -> Int {
        guard changed else { return offset }
        var result = offset
        for point in checkpoints {
            if point.original > offset { break }
            result = point.cleaned + (offset - point.original)
        }
        return result
    }

    /// The first byte that starts a character to clean or is not well-formed UTF-8, if any. Plain text has
    /// none: ASCII is checked eight bytes at a time, other characters one sequence at a time.
    private static func firstDirty(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = text.baseAddress else { return nil }
        let count = text.count
        var index = 0
        while index < count {
            if UTF8Scan.isPlainASCIIWord(base, at: index, count: count) {
                index += 8
                continue
            }
            let byte = base[index]
            if byte < 0x80 {
                if (byte < 0x20 || byte == 0x7F) && dirtyWidth(text, at: index) > 0 { return index }
                index += 1
                continue
            }
            guard let length = UTF8Scan.sequenceLength(base, at: index, count: count) else { return index }
            if (byte == 0xC2 || byte == 0xE2 || byte == 0xEF) && dirtyWidth(text, at: index) > 0 { return index }
            index += length
        }
        return nil
    }

    /// The byte length of the character to clean at `index`, or 0 when it stays.
    private static func dirtyWidth(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = text[index]
        switch byte {
        case 0x09, 0x0A, 0x0C, 0x0D: return 0
        case 0x00..<0x20, 0x7F: return 1
        case 0xC2:
            guard index + 1 < text.count else { return 0 }
            let next = text[index + 1]
            // C1 controls U+0080...U+009F and the soft hyphen U+00AD.
            return (0x80...0x9F).contains(next) || next == 0xAD ? 2 : 0
        case 0xE2:
            guard index + 2 < text.count else { return 0 }
            let (second, third) = (text[index + 1], text[index + 2])
            // U+200B zero-width space, U+200E/F marks, U+202A...U+202E embeddings, U+2060...U+2064 (word
            // joiner, invisible operators), U+2066...U+2069 isolates. U+200C/D (joiners) stay.
            if second == 0x80 && (third == 0x8B || third == 0x8E || third == 0x8F || (0xAA...0xAE).contains(third)) {
                return 3
            }
            if second == 0x81 && ((0xA0...0xA4).contains(third) || (0xA6...0xA9).contains(third)) { return 3 }
            return 0
        case 0xEF:
            guard index + 2 < text.count else { return 0 }
            let (second, third) = (text[index + 1], text[index + 2])
            // U+FEFF byte order mark, noncharacters U+FDD0...U+FDEF, U+FFFE, U+FFFF.
            if second == 0xBB && third == 0xBF { return 3 }
            if second == 0xB7 && (0x90...0xAF).contains(third) { return 3 }
            if second == 0xBF && (third == 0xBE || third == 0xBF) { return 3 }
            return 0
        default: return 0
        }
    }

    /// Whether the character at `index` (one that ``dirtyWidth(_:at:)`` cleans) stood between words.
    private static func isSeparating(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        switch text[index] {
        case 0xC2: text[index + 1] != 0xAD
        case 0xE2: false
        case 0xEF: text[index + 1] != 0xBB
        default: true
        }
    }
}

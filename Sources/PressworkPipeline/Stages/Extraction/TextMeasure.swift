/// How much text a run of UTF-8 holds, measured in characters weighted by script, so that pages in every
/// language are judged alike.
///
/// Whitespace-separated words undercount Chinese, Japanese and Thai (one "word" per sentence), and raw
/// characters undercount ideographs, which carry about as much as three Latin letters. So Han, kana and
/// Hangul characters count 3 (Hangul 2), other visible characters 1, whitespace 0; commas and sentence ends
/// of every script are counted too, as signs of prose.
struct TextMeasure: Equatable {
    /// Weighted visible characters.
    var characters = 0
    /// Commas: `,` `，` `、` `،` and their variants.
    var commas = 0
    /// Sentence ends: `.` `!` `?` `。` `！` `？` `؟` `।` `۔`.
    var sentenceEnds = 0

    /// Measures a NUL-terminated UTF-8 string, reading it once and allocating nothing.
    static func measure(_ text: UnsafePointer<UInt8>) -> TextMeasure {
        var measure = TextMeasure()
        var index = 0
        while true {
            let byte = text[index]
            if byte == 0 { break }
            if byte < 0x80 {
                switch byte {
                case 0x20, 0x09, 0x0A, 0x0D, 0x0C: break
                case UInt8(ascii: ","): measure.commas += 1; measure.characters += 1
                case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"):
                    measure.sentenceEnds += 1
                    measure.characters += 1
                default: measure.characters += 1
                }
                index += 1
                continue
            }
            var length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
            var scalar = UInt32(byte) & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F)
            for offset in 1..<max(length, 1) {
                let continuation = text[index + offset]
                guard continuation & 0xC0 == 0x80 else {
                    length = offset
                    break
                }
                scalar = scalar << 6 | UInt32(continuation & 0x3F)
            }
            measure.add(length == 1 ? 0xFFFD : scalar)
            index += length
        }
        return measure
    }

    private mutating func add(_ scalar: UInt32) {
        switch scalar {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
            return
        case 0xFF0C, 0x3001, 0x060C, 0xFE50, 0xFE51, 0xFF64:
            commas += 1
            characters += 3
        case 0x3002, 0xFF01, 0xFF1F, 0xFF61:
            sentenceEnds += 1
            characters += 3
        case 0x061F, 0x0964, 0x06D4:
            sentenceEnds += 1
            characters += 1
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFF66...0xFF9F,
            0x20000...0x3FFFF:
            characters += 3
        case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7A3:
            characters += 2
        default:
            characters += 1
        }
    }

    static func += (left: inout TextMeasure, right: TextMeasure) {
        left.characters += right.characters
        left.commas += right.commas
        left.sentenceEnds += right.sentenceEnds
    }
}

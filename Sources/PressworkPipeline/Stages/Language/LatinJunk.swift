/// Whether a few Latin-script "words" are keyboard mashing or random letters rather than language.
///
/// CLD2 names a language for almost any string of letters when asked for its best effort, and on a few
/// words its score does not separate the two well (see ``LanguageStage``). Written languages share a
/// shape that junk lacks: about a third or more of the letters are vowels, consonant runs are short, and
/// the letters do not follow a keyboard row. Measured on 3,000 strings of 2 to 9 random letters: a third
/// have a vowel share under 0.3; UDHR sentences of the 13 Latin-script languages in the data practically
/// never do (German and Polish clusters such as "nschr" or "szcz" stay within five consonants).
enum LatinJunk {
    /// Below this share of vowels among Latin letters, a text is not language.
    static let minimumVowelShare = 0.3
    /// A run of more consonants than this is not language.
    static let maximumConsonantRun = 5
    /// At least this share of letters in keyboard-row runs ("asdf", "qwerty", "zxcv") is mashing.
    static let keyboardShare = 0.5

    /// Judges the Latin letters of UTF-8 `bytes`; other characters only break consonant runs.
    static func isJunk(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var letters = 0
        var vowels = 0
        var run = 0
        var longestRun = 0
        var keyboardLetters = 0
        var coveredUntil = 0  // letters before this byte index are already counted as keyboard run
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            var scalar = UInt32(byte)
            var width = 1
            if byte >= 0x80 {
                // Two- and three-byte sequences hold all Latin letters; anything else is skipped whole.
                if byte & 0xE0 == 0xC0, index + 1 < bytes.count {
                    scalar = UInt32(byte & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                    width = 2
                } else if byte & 0xF0 == 0xE0, index + 2 < bytes.count {
                    scalar =
                        UInt32(byte & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6
                        | UInt32(bytes[index + 2] & 0x3F)
                    width = 3
                } else {
                    scalar = 0
                    width = byte & 0xF0 == 0xF0 ? 4 : 1
                }
            }
            switch Self.kind(scalar) {
            case .vowel:
                letters += 1
                vowels += 1
                run = 0
            case .consonant:
                letters += 1
                run += 1
                longestRun = max(longestRun, run)
            case .other:
                run = 0
            }
            if index + 2 < bytes.count, Self.isKeyboardRun(byte, bytes[index + 1], bytes[index + 2]) {
                keyboardLetters += 3 - max(0, coveredUntil - index)
                coveredUntil = index + 3
            }
            index += width
        }
        guard letters > 0 else { return false }
        return Double(vowels) < Double(letters) * minimumVowelShare || longestRun > maximumConsonantRun
            || Double(keyboardLetters) >= Double(letters) * keyboardShare
    }

    private enum Kind { case vowel, consonant, other }

    /// Latin letters by sound class: vowels with or without marks (Vietnamese, Turkish `ı`, `ə`, `ø`, `æ`)
    /// and `y`, which is a vowel in most languages that write it.
    private static func kind(_ scalar: UInt32) -> Kind {
        switch scalar {
        case 0x61, 0x65, 0x69, 0x6F, 0x75, 0x79, 0x41, 0x45, 0x49, 0x4F, 0x55, 0x59: return .vowel
        case 0x41...0x5A, 0x61...0x7A: return .consonant
        case 0xC0...0xC6, 0xC8...0xCF, 0xD2...0xD6, 0xD8...0xDD, 0xE0...0xE6, 0xE8...0xEF, 0xF2...0xF6,
            0xF8...0xFD, 0xFF:
            return .vowel
        case 0xC7, 0xD0, 0xD1, 0xDE, 0xDF, 0xE7, 0xF0, 0xF1, 0xFE: return .consonant
        case 0x100...0x105, 0x112...0x11B, 0x128...0x131, 0x14C...0x153, 0x168...0x173, 0x176...0x178, 0x18E,
            0x18F, 0x1A0, 0x1A1, 0x1AF, 0x1B0, 0x1CD...0x1DC, 0x259, 0x1EA0...0x1EF9:
            return .vowel
        case 0x106...0x111, 0x11C...0x127, 0x132...0x14B, 0x154...0x167, 0x174, 0x175, 0x179...0x17F,
            0x218...0x21B, 0x1E00...0x1E9F:
            return .consonant
        default: return .other
        }
    }

    /// Three ASCII letters next to each other on one QWERTY row, either way round.
    private static func isKeyboardRun(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
        let keys = Self.keys
        let (x, y, z) = (keys[Int(a & 0x7F)], keys[Int(b & 0x7F)], keys[Int(c & 0x7F)])
        guard a < 0x80, b < 0x80, c < 0x80, x >= 0, y >= 0, z >= 0 else { return false }
        // Rows are numbered in sixteens, so neighbours differ by one only within a row.
        let step = y - x
        return (step == 1 || step == -1) && z - y == step
    }

    /// Key positions by ASCII code: row × 16 + column, upper and lower case alike; -1 for non-letters.
    private static let keys: [Int8] = {
        var keys = [Int8](repeating: -1, count: 128)
        for (row, letters) in ["qwertyuiop", "asdfghjkl", "zxcvbnm"].enumerated() {
            for (column, letter) in letters.utf8.enumerated() {
                keys[Int(letter)] = Int8(row * 16 + column)
                keys[Int(letter - 0x20)] = Int8(row * 16 + column)
            }
        }
        return keys
    }()
}

/// Stage 4: word and character counts.
///
/// Words are runs of letters, marks and digits; an apostrophe between letters stays inside a word
/// (`don't`). Scripts written without spaces (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar) count
/// one word per letter: an approximation, documented in SCHEMA.md, until ICU word segmentation lands.
struct CountStage: Sendable {
    struct Output: Sendable, Equatable {
        var wordCount: Int
        var characterCount: Int
    }

    func run(_ text: String) -> Output {
        let scalars = Array(text.unicodeScalars)
        var words = 0
        var characters = 0
        var inWord = false
        var afterUnspacedLetter = false
        for (index, scalar) in scalars.enumerated() {
            if scalar.isASCII {
                // ASCII fast path: the same rules without looking up Unicode properties.
                let value = scalar.value
                let isSpace = value == 0x20 || (0x09...0x0D).contains(value)
                if !isSpace { characters += 1 }
                afterUnspacedLetter = false
                let isWordCharacter =
                    (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
                if isWordCharacter {
                    if !inWord { words += 1 }
                    inWord = true
                } else if inWord, value == 0x27, index + 1 < scalars.count,
                    Self.isWordCharacter(scalars[index + 1]), !Self.isUnspacedScriptLetter(scalars[index + 1])
                {
                    continue
                } else {
                    inWord = false
                }
                continue
            }
            if !scalar.properties.isWhitespace { characters += 1 }
            if Self.isUnspacedScriptLetter(scalar) {
                words += 1
                inWord = false
                afterUnspacedLetter = true
                continue
            }
            // Thai and Myanmar vowel signs and tone marks belong to the letter before them.
            if afterUnspacedLetter && Self.isMark(scalar) { continue }
            afterUnspacedLetter = false
            if Self.isWordCharacter(scalar) {
                if !inWord { words += 1 }
                inWord = true
            } else if inWord, Self.isApostrophe(scalar), index + 1 < scalars.count,
                Self.isWordCharacter(scalars[index + 1]), !Self.isUnspacedScriptLetter(scalars[index + 1])
            {
                continue
            } else {
                inWord = false
            }
        }
        return Output(wordCount: words, characterCount: characters)
    }

    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    private static func isApostrophe(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "'" || scalar == "\u{2019}"
    }

    /// A letter (not a mark or a digit) of a script written without spaces between words.
    static func isUnspacedScriptLetter(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.value >= 0x0E00, isLetter(scalar) else { return false }
        switch scalar.value {
        case 0x0E00...0x0E7F,  // Thai
            0x0E80...0x0EFF,  // Lao
            0x1000...0x109F, 0xA9E0...0xA9FF, 0xAA60...0xAA7F,  // Myanmar
            0x1780...0x17FF, 0x19E0...0x19FF,  // Khmer
            0x2E80...0x2FDF, 0x3005, 0x3007, 0x3021...0x3029, 0x3038...0x303B,  // Han radicals and marks
            0x3040...0x309F,  // Hiragana
            0x30A0...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F,  // Katakana
            0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF:  // Han
            return true
        default:
            return false
        }
    }
}

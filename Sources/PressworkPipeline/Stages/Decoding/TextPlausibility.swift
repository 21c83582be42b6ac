/// Judges whether decoded text reads like text in one script, to tell a right charset from a wrong one.
///
/// Text decoded with the wrong charset shows it in its non-ASCII characters: windows-1251 Russian read as
/// windows-1252 becomes words made only of accented Latin letters (`Ãîðîäñêîé`), French read as
/// windows-1251 mixes Latin and Cyrillic inside words (`crиme`), CJK bytes read as a single-byte charset
/// turn into symbols such as `±`, `¶` and `¼`. Right text keeps the non-ASCII letters of one script,
/// in words of that script, with few stray symbols; Latin-script languages use accents sparingly.
enum TextPlausibility {
    /// What the non-ASCII part of a text says about its charset.
    enum Verdict: Equatable, Sendable {
        /// Reads like text in one script.
        case plausible
        /// Mixed scripts, stray symbols or nothing but accents: decoded with the wrong charset.
        case implausible
        /// Too few non-ASCII characters to judge.
        case insufficient
    }

    /// Scripts as far as telling charsets apart needs; Han, kana and Hangul are one group because
    /// Japanese and Korean text mix them with Han.
    enum Script: Sendable {
        case latin, greek, cyrillic, hebrew, arabic, thai, cjk, other
    }

    /// Non-ASCII characters needed before a verdict is given.
    static let minimumEvidence = 8
    /// How many scalars are looked at: the verdict is made on a prefix, so it costs the same on any size.
    static let sampleScalars = 64 * 1024

    /// The verdict on (a prefix of) `text`.
    static func assess(_ text: String) -> Verdict {
        var counts = Counts()
        var word = Word()
        for scalar in text.unicodeScalars.prefix(sampleScalars) {
            switch classify(scalar) {
            case .asciiLetter:
                word.asciiLetters += 1
            case .letter(let script):
                counts.letters[script, default: 0] += 1
                word.add(script)
            case .mark:
                word.marks += 1
            case .punctuation:
                counts.punctuation += 1
                counts.close(&word)
            case .odd:
                counts.odd += 1
                counts.close(&word)
            case .ascii:
                counts.close(&word)
            }
        }
        counts.close(&word)
        return counts.verdict
    }

    // MARK: - Counting

    private enum Kind {
        case ascii, asciiLetter, letter(Script), mark, punctuation, odd
    }

    /// The letters of the word being read.
    private struct Word {
        var asciiLetters = 0
        var marks = 0
        var scripts: [Script: Int] = [:]

        mutating func add(_ script: Script) { scripts[script, default: 0] += 1 }
    }

    private struct Counts {
        var letters: [Script: Int] = [:]
        var punctuation = 0
        var odd = 0
        /// Words with non-ASCII letters, and those whose letters are all of one script.
        var foreignWords = 0
        var pureWords = 0
        /// Letters, and non-ASCII letters, in Latin-script words that have accents.
        var accentedWordLetters = 0
        var accents = 0

        mutating func close(_ word: inout Word) {
            defer { word = Word() }
            guard !word.scripts.isEmpty else { return }
            foreignWords += 1
            let nonASCII = word.scripts.values.reduce(0, +)
            if word.scripts.count == 1, let script = word.scripts.keys.first {
                if script == .latin {
                    pureWords += 1
                    accentedWordLetters += nonASCII + word.asciiLetters
                    accents += nonASCII
                } else if word.asciiLetters == 0 {
                    pureWords += 1
                }
            }
        }

        var verdict: Verdict {
            let letterCount = letters.values.reduce(0, +)
            let nonASCII = letterCount + punctuation + odd
            guard nonASCII >= TextPlausibility.minimumEvidence else { return .insufficient }
            // Stray symbols and controls: more than one in ten non-ASCII characters is not text.
            if odd * 10 > nonASCII { return .implausible }
            guard letterCount >= TextPlausibility.minimumEvidence else {
                // Only punctuation (quotes, dashes, no-break spaces): nothing to say about letters.
                return .insufficient
            }
            let (script, dominant) = letters.max { $0.value < $1.value }!
            guard script != .other, dominant * 10 >= letterCount * 9, pureWords * 10 >= foreignWords * 9 else {
                return .implausible
            }
            // Latin languages put an accent on a minority of letters; text that is all accents is another
            // script read through a Latin charset.
            if script == .latin && accents * 10 > accentedWordLetters * 6 { return .implausible }
            return .plausible
        }
    }

    private static func classify(_ scalar: Unicode.Scalar) -> Kind {
        let value = scalar.value
        if value < 0x80 {
            let isLetter = (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
            return isLetter ? .asciiLetter : .ascii
        }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return .mark
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return .letter(script(of: value))
        case .spaceSeparator, .initialPunctuation, .finalPunctuation, .dashPunctuation, .openPunctuation,
            .closePunctuation, .connectorPunctuation:
            return .punctuation
        case .otherPunctuation:
            // Common punctuation (¡ ¿ · …, CJK and fullwidth), but not the pilcrow and section signs a
            // wrong single-byte charset scatters around.
            return value == 0xB6 || value == 0xA7 ? .odd : .punctuation
        case .currencySymbol:
            return value == 0xA4 ? .odd : .punctuation
        case .otherSymbol, .mathSymbol, .modifierSymbol:
            // © ® ° № ™ are written in text; the rest of Latin-1's symbols (¦ ¨ ¬ ± ´ ¸ ¼ ½ ¾ …) are what
            // wrongly decoded bytes look like.
            return [0xA9, 0xAE, 0xB0, 0x2116, 0x2122].contains(value) ? .punctuation : .odd
        case .decimalNumber, .letterNumber, .otherNumber:
            return (0x80...0xFF).contains(value) ? .odd : .punctuation
        default:
            // Controls, format characters, private use, surrogates, unassigned: never text.
            return .odd
        }
    }

    private static func script(of value: UInt32) -> Script {
        switch value {
        case 0x00C0...0x024F, 0x1E00...0x1EFF: .latin
        case 0x0370...0x03FF, 0x1F00...0x1FFF: .greek
        case 0x0400...0x052F: .cyrillic
        case 0x0590...0x05FF, 0xFB1D...0xFB4F: .hebrew
        case 0x0600...0x06FF, 0x0750...0x077F, 0xFB50...0xFDFF, 0xFE70...0xFEFF: .arabic
        case 0x0E00...0x0E7F: .thai
        case 0x1100...0x11FF, 0x3040...0x30FF, 0x3130...0x318F, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFF66...0xFFDC:
            .cjk
        default: .other
        }
    }
}

import GRDB

/// The text the search index holds and the words a search asks for, in the same form. SQLite's
/// `unicode61` tokenizer splits words at spaces and punctuation, which scripts written without spaces
/// (Chinese, Japanese, Thai, Lao, Khmer, Myanmar) do not have: there every character is made a word of its
/// own, and a search word in those scripts becomes a phrase of its characters, which finds it wherever
/// those characters stand together. Other words are matched as prefixes, so `көпір` finds `көпірді` and
/// `storm` finds `storms`.
public enum SearchText {
    /// The SQL function that prepares stored text for the index, registered on every connection.
    static let function = DatabaseFunction("pw_search_text", argumentCount: 1, pure: true) { values in
        String.fromDatabaseValue(values[0].databaseValue).map(indexed)
    }

    /// Whether `text` has a character of an unspaced script. Every such script lies at U+0E00 or above, so only
    /// UTF-8 sequences of three or four bytes are decoded: most text (Latin, Cyrillic, Arabic…) is passed
    /// over a byte at a time. This runs on the coordinator for every stored result.
    static func containsUnspaced(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var index = 0
            let count = bytes.count
            while index < count {
                let lead = bytes[index]
                if lead < 0xE0 {
                    index += 1
                } else if lead < 0xF0 {
                    guard index + 2 < count else { return false }
                    let value =
                        UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6
                        | UInt32(bytes[index + 2] & 0x3F)
                    if isUnspaced(value: value) { return true }
                    index += 3
                } else {
                    guard index + 3 < count else { return false }
                    let value =
                        UInt32(lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                        | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
                    if isUnspaced(value: value) { return true }
                    index += 4
                }
            }
            return false
        }
    }

    /// Whether a scalar belongs to a script written without spaces between words.
    public static func isUnspaced(_ scalar: Unicode.Scalar) -> Bool { isUnspaced(value: scalar.value) }

    static func isUnspaced(value: UInt32) -> Bool {
        switch value {
        case 0x0E00...0x0EFF,  // Thai, Lao
            0x1000...0x109F,  // Myanmar
            0x1780...0x17FF,  // Khmer
            0x3040...0x30FF,  // Hiragana, Katakana
            0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF,  // CJK ideographs
            0x20000...0x3134F:
            return true
        default:
            return false
        }
    }

    /// `text` with a space on each side of every character of an unspaced script.
    public static func indexed(_ text: String) -> String {
        guard containsUnspaced(text) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isUnspaced(scalar) {
                out.append(" ")
                out.append(scalar)
                out.append(" ")
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// The words of `search` as the index holds them: each word's letter-and-digit tokens (one per character
    /// for unspaced scripts), and whether it is written without spaces (then a phrase, else a prefix).
    public static func terms(_ search: String) -> [(tokens: [Substring], unspaced: Bool)] {
        search.split(whereSeparator: { $0.isWhitespace }).compactMap { word in
            let tokens = indexed(String(word)).split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            return tokens.isEmpty ? nil : (tokens, word.unicodeScalars.contains(where: isUnspaced))
        }
    }

    /// An FTS5 query requiring every word of `search`: prefix queries, phrases of single characters for
    /// unspaced scripts. Nil when `search` holds no letter or digit to look for. Everything the user typed
    /// is quoted, so FTS5's operators (`OR`, `NOT`, `*`, `"`) are plain words.
    public static func query(_ search: String) -> String? {
        let parts = terms(search).map { term in
            "\"" + term.tokens.joined(separator: " ") + "\"" + (term.unspaced ? "" : "*")
        }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// `text` for a SQL `LIKE … ESCAPE '\'` pattern: its `%`, `_` and `\` taken literally.
    public static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}

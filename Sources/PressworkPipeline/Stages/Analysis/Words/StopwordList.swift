import Glibc

/// One language's stopwords, matched by their UTF-8 bytes.
///
/// `Set<String>` compares strings by canonical equivalence, which for non-ASCII text normalizes both
/// sides on every hash and comparison (two to four times slower for Cyrillic). Tokens and list words
/// are both NFKC-normalized already, so equal bytes is the right equality and the faster one.
struct StopwordList: Sendable, Equatable, Sequence {
    /// A word hashed and compared by its UTF-8 bytes.
    private struct Word: Hashable, Sendable {
        // A String, not a slice of the packed list: most words fit a small string inline, and hashing a
        // small string's bytes is faster than a substring's.
        let text: String

        static func == (lhs: Word, rhs: Word) -> Bool {
            guard lhs.text.utf8.count == rhs.text.utf8.count else { return false }
            var left = lhs.text
            var right = rhs.text
            return left.withUTF8 { a in
                right.withUTF8 { b in
                    guard let first = a.baseAddress, let second = b.baseAddress else { return true }
                    return memcmp(first, second, a.count) == 0
                }
            }
        }

        func hash(into hasher: inout Hasher) {
            let hashed: Void? = text.utf8.withContiguousStorageIfAvailable {
                hasher.combine(bytes: UnsafeRawBufferPointer($0))
            }
            if hashed == nil {
                for byte in text.utf8 { hasher.combine(byte) }
            }
        }
    }

    private let words: Set<Word>

    /// A list from words separated by spaces or newlines. Each word is also kept as tokens are normalized
    /// (``TextNormalizer/token(_:)``), which unifies Arabic-script letter variants (Persian `ک` and `ی`,
    /// alef forms): the sources write them as the language does, tokens come folded.
    init(packed: String) {
        // Split bytes, not Characters: a separator followed by a combining mark would be one Character.
        let ranges = packed.utf8.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") })
        let normalizer = TextNormalizer()
        var words = Set<Word>(minimumCapacity: ranges.count)
        for range in ranges {
            let word = String(decoding: range, as: UTF8.self)
            words.insert(Word(text: word))
            // ASCII words are lowercase already; only others can fold further.
            if range.contains(where: { $0 >= 0x80 }) { words.insert(Word(text: normalizer.token(word))) }
        }
        self.words = words
    }

    /// The number of words.
    var count: Int { words.count }

    /// Whether `token` is a stopword; it must be normalized like the list (NFKC, lowercased).
    func contains(_ token: String) -> Bool {
        words.contains(Word(text: token))
    }

    /// Whether `token` is a stopword; it must be normalized like the list (NFKC, lowercased).
    func contains(_ token: Substring) -> Bool {
        words.contains(Word(text: String(token)))
    }

    func makeIterator() -> some IteratorProtocol<String> {
        words.lazy.map(\.text).makeIterator()
    }
}

/// Substring search on UTF-8 bytes, for the short ASCII keys the stages look for in class names and
/// attributes. Foundation's `String.contains(_:)` goes through CFString and showed as the single
/// largest cost of processing a page.
enum ByteSearch {
    /// Whether `needle` occurs in `haystack` (byte for byte; both already lowercased where that matters).
    static func contains(_ haystack: some StringProtocol, _ needle: some StringProtocol) -> Bool {
        let found = haystack.utf8.withContiguousStorageIfAvailable { text in
            needle.utf8.withContiguousStorageIfAvailable { key in contains(text, key) }
        }
        if let found, let found { return found }
        return contains(String(haystack), String(needle))
    }

    /// Whether any of `needles` occurs in `haystack`.
    static func containsAny(_ haystack: String, _ needles: [String]) -> Bool {
        needles.contains { contains(haystack, $0) }
    }

    /// The UTF-8 offset of the first `needle` in `haystack`, if any.
    static func offset(of needle: String, in haystack: String) -> Int? {
        var haystack = haystack
        var needle = needle
        return haystack.withUTF8 { text in needle.withUTF8 { key in offset(of: key, in: text) } }
    }

    /// The offset of the first (or last) `key` in `text`.
    static func offset(of key: [UInt8], in text: UnsafeBufferPointer<UInt8>, backwards: Bool) -> Int? {
        guard !key.isEmpty, key.count <= text.count else { return nil }
        var start = backwards ? text.count - key.count : 0
        let step = backwards ? -1 : 1
        while start >= 0 && start <= text.count - key.count {
            if text[start] == key[0] {
                var matched = 1
                while matched < key.count && text[start + matched] == key[matched] { matched += 1 }
                if matched == key.count { return start }
            }
            start += step
        }
        return nil
    }

    static func contains(_ text: UnsafeBufferPointer<UInt8>, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        offset(of: key, in: text) != nil
    }

    static func offset(of key: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !key.isEmpty else { return 0 }
        guard key.count <= text.count else { return nil }
        let first = key[0]
        var index = 0
        let last = text.count - key.count
        while index <= last {
            if text[index] == first {
                var matched = 1
                while matched < key.count && text[index + matched] == key[matched] { matched += 1 }
                if matched == key.count { return index }
            }
            index += 1
        }
        return nil
    }
}

extension StringProtocol {
    /// Whether `needle` occurs in this string, comparing UTF-8 bytes.
    ///
    /// The stages' substring tests go through this rather than Foundation's `contains(_:)`, which bridges
    /// to CFString and cost more than all of metadata extraction besides. Byte equality differs from it
    /// only for text in different normalization forms, which the keys (ASCII or NFC) never are.
    func containsBytes(_ needle: some StringProtocol) -> Bool {
        ByteSearch.contains(self, needle)
    }

    /// The range of the first (or last) `needle` in this string, comparing UTF-8 bytes: Foundation's
    /// `range(of:)` without its cost. A match of valid UTF-8 always starts and ends on scalar boundaries.
    func byteRange(of needle: String, backwards: Bool = false) -> Range<Index>? {
        let key = Array(needle.utf8)
        let search = { (text: UnsafeBufferPointer<UInt8>) in ByteSearch.offset(of: key, in: text, backwards: backwards)
        }
        let found = utf8.withContiguousStorageIfAvailable(search) ?? Array(utf8).withUnsafeBufferPointer(search)
        guard let offset = found else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: offset)
        return lower..<utf8.index(lower, offsetBy: key.count)
    }
}

/// A fixed set of short keywords found in one pass over UTF-8 bytes.
///
/// Each keyword carries a bit mask; a scan returns the union of the masks of the keywords that occur, so
/// one pass answers several questions ("a content word?", "a furniture word?") at once. Keywords are
/// bucketed by their first byte: most positions cost one table lookup and no comparison. Built once, as a
/// static constant, and shared by every thread.
struct KeywordSet: Sendable {
    private struct Entry: Sendable {
        var offset: Int32
        var length: Int32
        var mask: UInt32
        /// Matches only a whole token: no ASCII letter or digit right before or after it.
        var wholeToken: Bool
    }

    private let pool: [UInt8]
    private let entries: [Entry]
    /// `entries[bucketStart[b]..<bucketStart[b + 1]]` are the keywords whose first byte is `b`.
    private let bucketStart: [Int32]

    /// Creates a set.
    ///
    /// - Parameter keywords: each keyword (non-empty), the mask it sets, and whether it must be a whole
    ///   token rather than part of one.
    init(_ keywords: [(word: String, mask: UInt32, wholeToken: Bool)]) {
        var pool: [UInt8] = []
        var entries: [(first: UInt8, entry: Entry)] = []
        for keyword in keywords where !keyword.word.isEmpty {
            let bytes = Array(keyword.word.utf8)
            let entry = Entry(
                offset: Int32(pool.count), length: Int32(bytes.count), mask: keyword.mask,
                wholeToken: keyword.wholeToken)
            entries.append((bytes[0], entry))
            pool += bytes
        }
        entries.sort { $0.first < $1.first }
        var bucketStart = [Int32](repeating: 0, count: 257)
        for (first, _) in entries { bucketStart[Int(first) + 1] += 1 }
        for index in 1...256 { bucketStart[index] += bucketStart[index - 1] }
        self.pool = pool
        self.entries = entries.map(\.entry)
        self.bucketStart = bucketStart
    }

    /// A set of words that all set mask 1 and match anywhere, even inside a token.
    init(_ words: [String]) {
        self.init(words.map { ($0, 1, false) })
    }

    /// Calls `visit` with the offset and entry of each keyword occurrence at or after `start`, in text order,
    /// until it returns false. Entries `wanted` rejects are not compared. Keyword bytes are compared whole;
    /// token boundaries are the caller's to check.
    @inline(__always)
    private func forEachOccurrence(
        in text: UnsafeBufferPointer<UInt8>, from start: Int, wanted: (Entry) -> Bool,
        _ visit: (_ offset: Int, _ entry: Entry) -> Bool
    ) {
        pool.withUnsafeBufferPointer { pool in
            entries.withUnsafeBufferPointer { entries in
                bucketStart.withUnsafeBufferPointer { buckets in
                    let count = text.count
                    var index = max(0, start)
                    while index < count {
                        let first = Int(text[index])
                        var entryIndex = Int(buckets[first])
                        let bucketEnd = Int(buckets[first + 1])
                        while entryIndex < bucketEnd {
                            let entry = entries[entryIndex]
                            entryIndex += 1
                            let length = Int(entry.length)
                            guard index + length <= count, wanted(entry) else { continue }
                            var matched = 1
                            let offset = Int(entry.offset)
                            while matched < length && text[index + matched] == pool[offset + matched] { matched += 1 }
                            if matched == length, !visit(index, entry) { return }
                        }
                        index += 1
                    }
                }
            }
        }
    }

    /// The union of the masks of the keywords found in `text`.
    ///
    /// - Parameter firstOnly: stop at the first keyword found (for a yes-or-no question).
    func scan(_ text: UnsafeBufferPointer<UInt8>, firstOnly: Bool = false) -> UInt32 {
        var found: UInt32 = 0
        let count = text.count
        forEachOccurrence(in: text, from: 0, wanted: { $0.mask & ~found != 0 }) { index, entry in
            let length = Int(entry.length)
            if entry.wholeToken
                && ((index > 0 && Self.isTokenByte(text[index - 1]))
                    || (index + length < count && Self.isTokenByte(text[index + length])))
            {
                return true
            }
            found |= entry.mask
            return !firstOnly
        }
        return found
    }

    /// The first keyword in `text` at or after `start`: its offset and length (whole-token keywords are
    /// matched as anywhere). One pass for the whole set, where one search per keyword would read the text
    /// once each.
    func firstMatch(in text: UnsafeBufferPointer<UInt8>, from start: Int) -> (offset: Int, length: Int)? {
        var match: (offset: Int, length: Int)?
        forEachOccurrence(in: text, from: start, wanted: { _ in true }) { index, entry in
            match = (index, Int(entry.length))
            return false
        }
        return match
    }

    /// The union of the masks of the keywords found in `text`.
    func scan(_ text: some StringProtocol, firstOnly: Bool = false) -> UInt32 {
        if let found = text.utf8.withContiguousStorageIfAvailable({ scan($0, firstOnly: firstOnly) }) {
            return found
        }
        var copy = String(text)
        return copy.withUTF8 { scan($0, firstOnly: firstOnly) }
    }

    /// Whether any keyword occurs in `text`.
    func matches(_ text: some StringProtocol) -> Bool {
        scan(text, firstOnly: true) != 0
    }

    /// Whether any keyword occurs in `text`.
    func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        scan(text, firstOnly: true) != 0
    }

    /// Bytes that continue a token: ASCII letters and digits, and every byte of a non-ASCII character.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }
}

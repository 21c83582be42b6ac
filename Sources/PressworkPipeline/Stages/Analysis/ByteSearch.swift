/// Substring search on UTF-8 bytes, for the short ASCII keys the stages look for in class names and
/// attributes. Foundation's `String.contains(_:)` goes through CFString and showed as the single
/// largest cost of processing a page.
enum ByteSearch {
    /// Whether `needle` occurs in `haystack` (byte for byte; both already lowercased where that matters).
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        var haystack = haystack
        var needle = needle
        return haystack.withUTF8 { text in
            needle.withUTF8 { key in contains(text, key) }
        }
    }

    /// Whether any of `needles` occurs in `haystack`.
    static func containsAny(_ haystack: String, _ needles: [String]) -> Bool {
        var haystack = haystack
        return haystack.withUTF8 { text in
            needles.contains { needle in
                var needle = needle
                return needle.withUTF8 { key in contains(text, key) }
            }
        }
    }

    static func contains(_ text: UnsafeBufferPointer<UInt8>, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !key.isEmpty else { return true }
        guard key.count <= text.count else { return false }
        let first = key[0]
        var index = 0
        let last = text.count - key.count
        while index <= last {
            if text[index] == first {
                var matched = 1
                while matched < key.count && text[index + matched] == key[matched] { matched += 1 }
                if matched == key.count { return true }
            }
            index += 1
        }
        return false
    }
}

/// A 64-bit SimHash (Charikar, 2002) of a text's words: a fingerprint in which near-duplicate articles
/// differ in few bits and unrelated ones in about half of them.
///
/// The features are shingles of ``shingleLength`` consecutive normalized words (one shingle of all the
/// words when the text has fewer), each of weight 1, so a changed sentence changes only the shingles that
/// overlap it. A shingle is hashed with FNV-1a 64 over its words' UTF-8 bytes, separated by 0xFF (a byte
/// UTF-8 never holds, so `ab c` and `a bc` differ), then mixed by splitmix64's finalizer: FNV alone is fast
/// but leaves the high bits poorly mixed for short inputs, and SimHash needs every bit to be a fair coin.
///
/// Bit *i* of the fingerprint is 1 when more shingles have bit *i* set in their hash than not. Chinese,
/// Japanese and Thai words are the segmenter's dictionary words, so the same rules apply to them.
enum SimHash {
    /// Words per shingle.
    static let shingleLength = 3

    /// The fingerprint of a text given as its normalized words (``TextNormalizer/token(_:)``), in order;
    /// 0 for no words.
    static func fingerprint(_ words: [String]) -> UInt64 {
        guard !words.isEmpty else { return 0 }
        let width = min(shingleLength, words.count)
        // Set bits are tallied four at a time: lane word `j` holds, in four 16-bit lanes, the counts of bits
        // j, j + 16, j + 32 and j + 48. Lanes are emptied into `counts` before they can overflow.
        var lanes = [UInt64](repeating: 0, count: 16)
        var counts = [Int](repeating: 0, count: 64)
        var pending = 0
        func empty() {
            for j in 0..<16 {
                for lane in 0..<4 { counts[j + 16 * lane] += Int((lanes[j] >> UInt64(16 * lane)) & 0xFFFF) }
                lanes[j] = 0
            }
            pending = 0
        }
        let shingles = words.count - width + 1
        for start in 0..<shingles {
            let hash = shingleHash(words[start..<start + width])
            for j in 0..<16 { lanes[j] &+= (hash >> UInt64(j)) & 0x0001_0001_0001_0001 }
            pending += 1
            if pending == 0xFFFF { empty() }
        }
        empty()
        // A bit is set when more than half of the shingles' hashes have it.
        var fingerprint: UInt64 = 0
        for bit in 0..<64 where counts[bit] * 2 > shingles { fingerprint |= 1 << UInt64(bit) }
        return fingerprint
    }

    /// The number of bits in which two fingerprints differ: 0 for the same text, about 32 for unrelated
    /// texts.
    static func hammingDistance(_ a: UInt64, _ b: UInt64) -> Int {
        (a ^ b).nonzeroBitCount
    }

    /// A fingerprint as 16 lowercase hexadecimal digits: JSON numbers lose integers above 2^53.
    static func hex(_ fingerprint: UInt64) -> String {
        let digits = String(fingerprint, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The fingerprint spelled by ``hex(_:)``; `nil` unless `text` is 1 to 16 hexadecimal digits.
    static func fingerprint(hex text: String) -> UInt64? {
        guard (1...16).contains(text.utf8.count), text.utf8.allSatisfy({ UInt8(ascii: "+") != $0 }) else { return nil }
        return UInt64(text, radix: 16)
    }

    /// The hash of one shingle: FNV-1a 64 of its words, then splitmix64's finalizer.
    static func shingleHash(_ words: ArraySlice<String>) -> UInt64 {
        mix(fnv1a(words))
    }

    /// FNV-1a 64 of the words' UTF-8 bytes with 0xFF between words.
    static func fnv1a(_ words: ArraySlice<String>) -> UInt64 {
        let prime: UInt64 = 0x0000_0100_0000_01B3
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for index in words.indices {
            if index != words.startIndex { hash = (hash ^ 0xFF) &* prime }
            for byte in words[index].utf8 { hash = (hash ^ UInt64(byte)) &* prime }
        }
        return hash
    }

    /// splitmix64's output function: every input bit affects every output bit.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

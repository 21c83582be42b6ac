extension Keyphrases {
    /// Numbers terms by their key's UTF-8 bytes: an open-addressing table of term numbers, each slot with
    /// the hash of its key, probed linearly and at most half full.
    ///
    /// `Dictionary<String, Int>` hashes with seeded SipHash and compares non-ASCII strings by canonical
    /// equivalence; keys are normalized already, so FNV-1a over the bytes and a byte comparison are enough,
    /// and a new term costs one probe instead of a lookup and an insertion.
    struct TermIndex {
        private var hashes: [UInt64]
        private var terms: [Int32]
        private var mask: Int
        private(set) var keys: [String] = []

        /// An empty index with room for `capacity` terms before it grows.
        init(capacity: Int) {
            var size = 16
            while size < capacity * 2 { size <<= 1 }
            hashes = [UInt64](repeating: 0, count: size)
            terms = [Int32](repeating: -1, count: size)
            mask = size - 1
        }

        /// The number of `key`, numbering it next when it is new.
        mutating func number(of key: String) -> Int32 {
            var key = key
            return key.withUTF8 { bytes in
                let hash = Self.hash(bytes)
                var slot = Int(truncatingIfNeeded: hash) & mask
                while terms[slot] >= 0 {
                    if hashes[slot] == hash, Self.equal(keys[Int(terms[slot])], bytes) { return terms[slot] }
                    slot = (slot + 1) & mask
                }
                let term = Int32(keys.count)
                keys.append(String(decoding: bytes, as: UTF8.self))
                hashes[slot] = hash
                terms[slot] = term
                if keys.count * 2 > terms.count { grow() }
                return term
            }
        }

        private mutating func grow() {
            let size = terms.count * 2
            var hashes = [UInt64](repeating: 0, count: size)
            var terms = [Int32](repeating: -1, count: size)
            for slot in self.terms.indices where self.terms[slot] >= 0 {
                var target = Int(truncatingIfNeeded: self.hashes[slot]) & (size - 1)
                while terms[target] >= 0 { target = (target + 1) & (size - 1) }
                hashes[target] = self.hashes[slot]
                terms[target] = self.terms[slot]
            }
            self.hashes = hashes
            self.terms = terms
            mask = size - 1
        }

        private static func equal(_ key: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            var key = key
            return key.withUTF8 { $0.count == bytes.count && $0.elementsEqual(bytes) }
        }

        /// FNV-1a 64 of the bytes, then splitmix64's finalizer so that the low bits pick slots well.
        private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            return SimHash.mix(hash)
        }
    }
}

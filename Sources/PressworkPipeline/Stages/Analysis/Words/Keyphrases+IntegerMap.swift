extension Keyphrases {
    /// A hash map from 64-bit keys to 32-bit values by open addressing with linear probing: term pairs and
    /// candidate keys are integers, and `Dictionary`'s per-lookup SipHash was a third of the extraction time.
    ///
    /// Keys are spread by splitmix64's finalizer; the table at most half full. `UInt64.max` marks an empty
    /// slot and cannot be a key.
    struct IntegerMap {
        private static let empty = UInt64.max
        private var keys: [UInt64]
        private var values: [Int32]
        private var mask: Int
        /// How many keys the map holds.
        private(set) var count = 0

        /// An empty map with room for `capacity` keys before it grows.
        init(capacity: Int) {
            var size = 16
            while size < capacity * 2 { size <<= 1 }
            keys = [UInt64](repeating: Self.empty, count: size)
            values = [Int32](repeating: 0, count: size)
            mask = size - 1
        }

        /// The value of `key`, or `nil`.
        subscript(key: UInt64) -> Int32? {
            let slot = self.slot(of: key)
            return keys[slot] == key ? values[slot] : nil
        }

        /// The value of `key`, first setting it to `value` when the key is new.
        mutating func value(of key: UInt64, inserting value: Int32) -> Int32 {
            let slot = self.slot(of: key)
            if keys[slot] == key { return values[slot] }
            insert(key, value, at: slot)
            return value
        }

        /// Adds `amount` to the value of `key` (0 when the key is new).
        mutating func add(_ amount: Int32, to key: UInt64) {
            let slot = self.slot(of: key)
            if keys[slot] == key {
                values[slot] += amount
            } else {
                insert(key, amount, at: slot)
            }
        }

        /// Calls `body` with every key and value, in no particular order.
        func forEach(_ body: (UInt64, Int32) -> Void) {
            for slot in keys.indices where keys[slot] != Self.empty { body(keys[slot], values[slot]) }
        }

        /// The slot holding `key`, or the empty slot where it would go.
        private func slot(of key: UInt64) -> Int {
            precondition(key != Self.empty, "UInt64.max marks empty slots")
            var slot = Int(truncatingIfNeeded: Self.spread(key)) & mask
            while keys[slot] != key && keys[slot] != Self.empty { slot = (slot + 1) & mask }
            return slot
        }

        private mutating func insert(_ key: UInt64, _ value: Int32, at slot: Int) {
            keys[slot] = key
            values[slot] = value
            count += 1
            if count * 2 > keys.count { grow() }
        }

        private mutating func grow() {
            var bigger = IntegerMap(capacity: keys.count)
            forEach { key, value in bigger.add(value, to: key) }
            self = bigger
        }

        /// splitmix64's finalizer: neighbouring keys (term numbers) land far apart.
        private static func spread(_ key: UInt64) -> UInt64 {
            var z = key
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
    }
}

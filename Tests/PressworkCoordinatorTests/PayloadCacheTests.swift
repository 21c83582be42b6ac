import PressworkProtocol
import Testing

@testable import PressworkCoordinator

@Suite("Payload cache")
struct PayloadCacheTests {
    static func payload(_ bytes: Int) -> PayloadCache.Payload {
        (ArticleMeta(source: "a.txt", format: .text), [UInt8](repeating: 0x61, count: bytes))
    }

    @Test("A payload is taken once; a retry finds nothing and reads the store")
    func takeOnce() {
        var cache = PayloadCache(budget: 1 << 20)
        cache.insert("j1", Self.payload(10))
        #expect(cache.take("j1")?.body.count == 10)
        #expect(cache.take("j1") == nil)
        #expect(cache.bytes == 0)
    }

    @Test("Everything inserted in a turn is kept until trim, which then enforces the budget")
    func budget() {
        let entry = 1_000 + PayloadCache.entryOverhead
        var cache = PayloadCache(budget: 3 * entry)
        for index in 0..<10 { cache.insert("j\(index)", Self.payload(1_000)) }
        // Before the commit, every job of the turn must be dispatchable from memory.
        #expect(cache.count == 10)
        #expect(cache.bytes == 10 * entry)
        cache.trim()
        #expect(cache.count == 3)
        #expect(cache.bytes == 3 * entry)
    }

    @Test("Replacing an entry does not count it twice")
    func replace() {
        var cache = PayloadCache(budget: 1 << 20)
        cache.insert("j1", Self.payload(10))
        cache.insert("j1", Self.payload(20))
        #expect(cache.bytes == 20 + PayloadCache.entryOverhead)
    }
}

import PressworkProtocol
import PressworkStore
import Testing

@testable import PressworkCoordinator

@Suite("Payload cache")
struct PayloadCacheTests {
    static func payload(_ bytes: Int) -> PayloadCache.Payload {
        StoredArticle(
            article: ArticleMeta(source: "a.txt", format: .text), body: [UInt8](repeating: 0x61, count: bytes),
            encoding: nil, bodyBytes: bytes)
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
        // The oldest are kept: they are dispatched first.
        #expect((0..<3).allSatisfy { cache.take("j\($0)") != nil })
    }

    @Test("A full cache keeps what it holds and drops the next turn's articles")
    func full() {
        let entry = 100 + PayloadCache.entryOverhead
        var cache = PayloadCache(budget: 2 * entry)
        cache.insert("a", Self.payload(100))
        cache.insert("b", Self.payload(100))
        cache.trim()
        cache.insert("c", Self.payload(100))
        #expect(cache.count == 3, "the turn's article is there until the commit")
        cache.trim()
        #expect(cache.take("c") == nil)
        #expect(cache.take("a") != nil && cache.take("b") != nil)
    }

    @Test("Trimming a large cache costs the turn's inserts, not the cache's size", .timeLimit(.minutes(5)))
    func trimCost() {
        var cache = PayloadCache(budget: 100_000 * (10 + PayloadCache.entryOverhead))
        for turn in 0..<300 {
            for index in 0..<1_000 { cache.insert("j\(turn)-\(index)", Self.payload(10)) }
            cache.trim()
        }
        // 300,000 inserts, 100,000 kept: seconds in a debug build on one slow core, while quadratic eviction
        // takes hours; the five-minute limit tells the two apart on any machine.
        #expect(cache.count == 100_000)
        #expect(cache.take("j0-0") != nil)
    }

    @Test("Replacing an entry does not count it twice")
    func replace() {
        var cache = PayloadCache(budget: 1 << 20)
        cache.insert("j1", Self.payload(10))
        cache.insert("j1", Self.payload(20))
        #expect(cache.bytes == 20 + PayloadCache.entryOverhead)
    }
}

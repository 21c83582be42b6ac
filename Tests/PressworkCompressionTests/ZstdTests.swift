import PressworkCompression
import Testing

@Suite("Zstd: compression of article bodies and bounded decompression")
struct ZstdTests {
    static let page = Array(
        String(repeating: "<p>The harbour reopened on Monday after a week of storms, officials said.</p>\n", count: 400)
            .utf8)

    @Test("A body round-trips, several frames in a row too, and text shrinks")
    func roundTrip() throws {
        let packed = Zstd.compress(Self.page)
        #expect(packed.count < Self.page.count / 5)
        #expect(try Zstd.decompress(packed, maxBytes: Self.page.count) == Self.page)
        let two = Zstd.compress(Array("one ".utf8)) + Zstd.compress(Array("two".utf8))
        #expect(try Zstd.decompress(two, maxBytes: 100) == Array("one two".utf8))
        #expect(try Zstd.decompress(Zstd.compress([]), maxBytes: 0) == [])
    }

    @Test("Small or incompressible bodies are kept as they are")
    func onlyWhenSmaller() throws {
        let compressor = ZstdCompressor()
        #expect(compressor.compressIfSmaller(Array("short".utf8)) == nil)
        var generator = SystemRandomNumberGenerator()
        let noise = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(compressor.compressIfSmaller(noise) == nil)
        #expect(compressor.compressIfSmaller(Self.page) != nil)
        #expect(try Zstd.decompress(compressor.compress(Self.page), maxBytes: 1 << 20) == Self.page)
    }

    @Test("Over the bound, truncated, corrupt or not zstd at all: an error, never a crash or a huge allocation")
    func hostileFrames() {
        let packed = Zstd.compress(Self.page)
        #expect(throws: ZstdError.self) { _ = try Zstd.decompress(packed, maxBytes: Self.page.count - 1) }
        #expect(throws: ZstdError.self) { _ = try Zstd.decompress(Array(packed.dropLast(5)), maxBytes: 1 << 20) }
        #expect(throws: ZstdError.self) { _ = try Zstd.decompress(Array("not zstd at all".utf8), maxBytes: 1 << 20) }
        var corrupt = packed
        corrupt[corrupt.count / 2] ^= 0xFF
        corrupt[corrupt.count / 2 + 1] ^= 0xFF
        #expect(throws: ZstdError.self) { _ = try Zstd.decompress(corrupt, maxBytes: 1 << 20) }
        // A bomb: 64 MB of zeros packs to a few KB; with a 1 MB bound it stops at the bound.
        let bomb = Zstd.compress([UInt8](repeating: 0, count: 64 << 20))
        #expect(bomb.count < 10_000)
        #expect(throws: ZstdError.self) { _ = try Zstd.decompress(bomb, maxBytes: 1 << 20) }
    }
}

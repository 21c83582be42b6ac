import Foundation
import PressworkHashing
import Testing

@Suite("SHA-256 content hash")
struct ContentHashTests {
    @Test(
        "FIPS 180-4 test vectors",
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
            (
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                    + "mnopqrstnopqrstu",
                "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
            ),
        ]
    )
    func vectors(message: String, digest: String) {
        #expect(SHA256.hex(of: message) == digest)
    }

    @Test func oneMillionA() {
        #expect(
            SHA256.hex(of: String(repeating: "a", count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Lengths around the padding boundaries (55, 56, 63, 64 bytes) and multi-byte UTF-8, digests from
    /// coreutils' `sha256sum`.
    @Test(
        "vectors from sha256sum",
        arguments: [
            (String(repeating: "x", count: 55), "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072"),
            (String(repeating: "y", count: 56), "4877e564e5e36e367c7c8d59670774becd3350610b6df4c399c9fa9b66da5813"),
            (String(repeating: "z", count: 63), "85021e4907c21645631d596eee989bf43c2cd56b074175d5393804dbf1744412"),
            (String(repeating: "w", count: 64), "54b74fa3b75131703c57f171843dc58b7ec633810c1d414697a7b314d5fc6d5d"),
            ("Климатический саммит — 气候峰会 🌍", "6bc98b6242cec5c1840a52d51b35355a55b7cedc068f4d90f29ddfb9875c1eff"),
        ]
    )
    func sha256sumVectors(message: String, digest: String) {
        #expect(SHA256.hex(of: message) == digest)
    }

    /// Random messages of every length from 0 to 200 bytes and a few longer ones, against `sha256sum` run
    /// once over all of them.
    @Test func randomMessagesMatchSha256sum() throws {
        let tool = "/usr/bin/sha256sum"
        try #require(FileManager.default.isExecutableFile(atPath: tool), "coreutils' sha256sum is needed")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sha256-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var generator = SplitMix(seed: 0x5EED)
        let lengths = Array(0...200) + [1000, 4095, 4096, 65_537]
        var files: [String] = []
        var expected: [String] = []
        for length in lengths {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let path = directory.appendingPathComponent("\(length)").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            files.append(path)
            var hasher = SHA256()
            bytes.withUnsafeBytes { hasher.update($0) }
            expected.append(SHA256.hex(hasher.finalize()))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = files
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let digests = String(decoding: data, as: UTF8.self).split(separator: "\n").map { String($0.prefix(64)) }
        #expect(digests == expected)
    }

    @Test func updatesInPiecesGiveTheSameDigest() {
        var generator = SplitMix(seed: 42)
        let bytes = (0..<1000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        var whole = SHA256()
        bytes.withUnsafeBytes { whole.update($0) }
        var pieces = SHA256()
        var start = 0
        // Pieces of 1, 7, 63, 64, 65… bytes cross block boundaries in every way.
        for size in [1, 7, 63, 64, 65, 0, 128, 3, 200] + Array(repeating: 50, count: 20) where start < bytes.count {
            let end = min(start + size, bytes.count)
            bytes[start..<end].withUnsafeBytes { pieces.update($0) }
            start = end
        }
        bytes[start...].withUnsafeBytes { pieces.update($0) }
        #expect(SHA256.hex(pieces.finalize()) == SHA256.hex(whole.finalize()))
    }

    @Test func digestIs32BytesAndHexIsLowercase() {
        var hasher = SHA256()
        hasher.update("abc")
        let digest = hasher.finalize()
        #expect(digest.count == 32)
        #expect(digest.prefix(2) == [0xBA, 0x78])
        #expect(SHA256.hex([0x00, 0x0F, 0xA0, 0xFF]) == "000fa0ff")
    }
}

/// A seeded generator (splitmix64), so random tests fail the same way every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

import Foundation
import PressworkWARC
import Testing

@Suite("WARCReader: a large file is read in bounded memory")
struct WARCMemoryTests {
    /// The process's peak resident set (VmHWM) in bytes, from /proc/self/status; nil where there is none.
    static func peakResidentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").dropFirst().first
            return digits.flatMap { Int($0) }.map { $0 * 1024 }
        }
        return nil
    }

    @Test("About 50 MB of gzip members: every record read, peak memory grows well under the file's size")
    func largeFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("large.warc.gz")
        // Written member by member, so the test itself never holds the file.
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        var generator = SeededRandom(seed: 7)
        var written = 0
        var count = 0
        while written < 50_000_000 {
            // Random lowercase words compress about 2:1, so the file really is ~50 MB on disk.
            let size = 20_000 + Int(generator.next() % 180_000)
            var body = [UInt8](repeating: 0, count: size)
            for index in body.indices { body[index] = index % 7 == 6 ? 0x20 : 0x61 + UInt8(generator.next() % 26) }
            let record = WARCFileWriter.record(
                type: "response", uri: "https://example.org/\(count)", block: Samples.httpResponse(body), id: count)
            let member = WARCFileWriter.gzipMember(record, level: 1)
            try handle.write(contentsOf: member)
            written += member.count
            count += 1
        }
        try handle.close()

        let before = try #require(Self.peakResidentBytes())
        var records = 0
        var bytes = 0
        for event in try WARCReader(path: path) {
            guard case .record(let record) = event else {
                Issue.record("unexpected event \(event)")
                continue
            }
            records += 1
            bytes += record.block.count
        }
        let after = try #require(Self.peakResidentBytes())
        #expect(records == count)
        #expect(bytes > written)
        #expect(after - before < 32 << 20, "peak RSS grew by \(after - before) bytes reading \(written) bytes")
    }
}

/// A small deterministic generator (SplitMix64), so the file is the same on every run.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

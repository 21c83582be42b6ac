import CZlib
import Foundation
import PressworkWARC

/// `presswork-bench warc [--megabytes N] [--dir DIR]`: writes a WARC file of about N MB (default 1024) in DIR
/// (default a new temporary directory, removed afterwards), each record its own gzip member as Common Crawl
/// writes them: HTML response records of 20–200 KB. Then reads it with `WARCReader` and prints records per
/// second, MB per second (of the file, and of decoded blocks) and the peak resident memory.
func warcBench(_ arguments: Arguments) throws {
    let megabytes = arguments.int("megabytes", 1024)
    let directory = arguments.values["dir"] ?? NSTemporaryDirectory() + "presswork-bench-warc-\(getpid())"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let removeDirectory = arguments.values["dir"] == nil
    defer { if removeDirectory { try? FileManager.default.removeItem(atPath: directory) } }
    let path = directory + "/bench.warc.gz"

    let writeStart = now()
    let (written, count) = try writeBenchWARC(path: path, bytes: megabytes * 1_000_000)
    let writeSeconds = now() - writeStart
    print(
        String(
            format: "wrote %d records, %.1f MB in %.1f s (generation is not measured below)", count,
            Double(written) / 1e6, writeSeconds))

    let residentBefore = peakResidentBytes() ?? 0
    let start = now()
    var records = 0
    var skipped = 0
    var blockBytes = 0
    for event in try WARCReader(path: path) {
        switch event {
        case .record(let record):
            records += 1
            blockBytes += record.block.count
        case .oversize, .skipped:
            skipped += 1
        }
    }
    let seconds = now() - start
    let peak = peakResidentBytes() ?? 0
    guard records == count, skipped == 0 else {
        throw BenchError("read \(records) records and \(skipped) skips, expected \(count) records")
    }
    report(
        String(
            format: "read %d records in %.2f s: %.0f records/s, %.1f MB/s of gzip file, %.1f MB/s of blocks; "
                + "peak RSS %.1f MiB (%.1f MiB before reading)", records, seconds, Double(records) / seconds,
            Double(written) / 1e6 / seconds, Double(blockBytes) / 1e6 / seconds, Double(peak) / 1_048_576,
            Double(residentBefore) / 1_048_576),
        [
            "records": Double(records), "seconds": seconds, "recordsPerSecond": Double(records) / seconds,
            "fileMBPerSecond": Double(written) / 1e6 / seconds, "blockMBPerSecond": Double(blockBytes) / 1e6 / seconds,
            "peakResidentBytes": Double(peak), "fileBytes": Double(written),
        ])
}

/// The process's peak resident set (VmHWM), in bytes.
func peakResidentBytes() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }.map { $0 * 1024 }
    }
    return nil
}

/// Writes response records until the file holds `bytes` bytes; returns the file's size and the record count.
private func writeBenchWARC(path: String, bytes: Int) throws -> (Int, Int) {
    guard FileManager.default.createFile(atPath: path, contents: nil),
        let handle = FileHandle(forWritingAtPath: path)
    else { throw BenchError("cannot create \(path)") }
    defer { try? handle.close() }
    // Seeded: the same file on every run, and no system call per word as SystemRandomNumberGenerator makes.
    var generator = SplitMix64(seed: 2026)
    let words: [[UInt8]] = [
        "harbour", "council", "storm", "minister", "election", "market", "weather", "report", "village", "river",
        "bridge", "school", "teachers", "budget", "season", "players", "festival", "museum", "railway", "farmers",
        "said", "on", "Monday", "after", "the", "a", "of", "and", "in", "to", "was", "were", "will", "new",
    ].map { Array($0.utf8) }
    var written = 0
    var count = 0
    while written < bytes {
        let size = Int.random(in: 20_000...200_000, using: &generator)
        var body: [UInt8] = []
        body.reserveCapacity(size + 200)
        body += Array("<!doctype html><html><head><meta charset=\"utf-8\"><title>Story \(count)</title>".utf8)
        body += Array("<link rel=stylesheet href=/site.css></head><body><nav><a href=/>Home</a></nav>".utf8)
        body += Array("<article><h1>Story \(count)</h1>".utf8)
        while body.count < size - 40 {
            body += Array("<p>".utf8)
            for _ in 0..<Int.random(in: 20...60, using: &generator) {
                body += words[Int.random(in: 0..<words.count, using: &generator)]
                body.append(0x20)
            }
            body += Array("</p>\n".utf8)
        }
        body += Array("</article></body></html>".utf8)
        let http = Array(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: \(body.count)\r\n\r\n".utf8)
        let block = http + body
        let head =
            "WARC/1.1\r\nWARC-Type: response\r\nWARC-Date: 2026-12-07T12:00:00Z\r\n"
            + "WARC-Record-ID: <urn:uuid:\(UUID().uuidString.lowercased())>\r\n"
            + "WARC-Target-URI: https://news.example.org/story/\(count)\r\n"
            + "Content-Type: application/http; msgtype=response\r\nContent-Length: \(block.count)\r\n\r\n"
        let member = try gzipMember(Array(head.utf8) + block + Array("\r\n\r\n".utf8))
        try handle.write(contentsOf: member)
        written += member.count
        count += 1
    }
    return (written, count)
}

/// `data` as one gzip member (zlib's deflate, default level, as Common Crawl's writers use).
private func gzipMember(_ data: [UInt8]) throws -> [UInt8] {
    var stream = z_stream()
    // 15 + 16: a gzip wrapper rather than zlib's.
    guard
        deflateInit2_(
            &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
            Int32(MemoryLayout<z_stream>.size)) == Z_OK
    else { throw BenchError("deflateInit2 failed") }
    defer { deflateEnd(&stream) }
    var input = data
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(data.count))) + 64)
    let produced = input.withUnsafeMutableBufferPointer { inBuffer in
        output.withUnsafeMutableBufferPointer { outBuffer -> Int? in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(inBuffer.count)
            stream.next_out = outBuffer.baseAddress
            stream.avail_out = uInt(outBuffer.count)
            guard deflate(&stream, Z_FINISH) == Z_STREAM_END else { return nil }
            return outBuffer.count - Int(stream.avail_out)
        }
    }
    guard let produced else { throw BenchError("deflate did not finish") }
    return Array(output[..<produced])
}

/// SplitMix64: a fast deterministic generator for the bench's text.
private struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE5_E9B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

import CZlib
import Foundation
import PressworkWARC

/// Writes WARC files for the tests: records built from fields and a block, plain or each record its own gzip
/// member (as Common Crawl writes them).
struct WARCFileWriter {
    private(set) var bytes: [UInt8] = []
    /// The offset where each appended piece starts, in order.
    private(set) var offsets: [Int64] = []
    let gzip: Bool

    init(gzip: Bool) { self.gzip = gzip }

    /// A record's bytes: version line, fields, a `Content-Length` (unless `contentLength` overrides it, or is
    /// "" to leave it out), the block and the closing CR LF CR LF.
    static func record(
        type: String, uri: String? = nil, version: String = "WARC/1.1", extra: [(String, String)] = [],
        block: [UInt8], contentLength: String? = nil, id: Int = 0
    ) -> [UInt8] {
        var head = "\(version)\r\nWARC-Type: \(type)\r\n"
        head += "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-\(String(format: "%012d", id))>\r\n"
        head += "WARC-Date: 2026-12-07T12:00:00Z\r\n"
        if let uri { head += "WARC-Target-URI: \(uri)\r\n" }
        for (name, value) in extra { head += "\(name): \(value)\r\n" }
        let length = contentLength ?? String(block.count)
        if !length.isEmpty { head += "Content-Length: \(length)\r\n" }
        head += "\r\n"
        return Array(head.utf8) + block + Array("\r\n\r\n".utf8)
    }

    /// Appends a piece (a record or junk), gzip-compressed as one member when the file is gzip.
    mutating func append(_ piece: [UInt8]) {
        offsets.append(Int64(bytes.count))
        bytes += gzip ? Self.gzipMember(piece) : piece
    }

    /// Appends raw bytes as they are, never compressed (corrupt members, junk).
    mutating func appendRaw(_ raw: [UInt8]) {
        offsets.append(Int64(bytes.count))
        bytes += raw
    }

    func write(to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// `data` as one gzip member, through zlib's deflate.
    static func gzipMember(_ data: [UInt8], level: Int32 = 6) -> [UInt8] {
        var stream = z_stream()
        // 15 + 16: a gzip wrapper rather than zlib's.
        let status = deflateInit2_(
            &stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
            Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "deflateInit2 failed")
        defer { deflateEnd(&stream) }
        var input = data
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(data.count))) + 64)
        let produced = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = uInt(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = uInt(outBuffer.count)
                let result = deflate(&stream, Z_FINISH)
                precondition(result == Z_STREAM_END, "deflate did not finish")
                return outBuffer.count - Int(stream.avail_out)
            }
        }
        return Array(output[..<produced])
    }
}

/// A directory removed when the test ends.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "presswork-warc-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }
}

enum Samples {
    static let html = Array(
        ("<!doctype html><html><head><meta charset=utf-8><title>Harbour</title></head><body>"
            + String(repeating: "<p>The harbour reopened on Monday after a week of storms.</p>\n", count: 20)
            + "</body></html>").utf8)

    static func httpResponse(_ body: [UInt8], contentType: String = "text/html; charset=UTF-8") -> [UInt8] {
        Array("HTTP/1.1 200 OK\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body
    }

    static let warcinfo = Array("software: presswork-tests\r\nformat: WARC File Format 1.1\r\n".utf8)
    static let request = Array("GET /news HTTP/1.1\r\nHost: example.org\r\n\r\n".utf8)
    static let metadata = Array("fetchTimeMs: 120\r\n".utf8)

    /// warcinfo, request, response, metadata, response: five records of four types.
    static func mixed() -> [[UInt8]] {
        [
            WARCFileWriter.record(type: "warcinfo", block: warcinfo, contentLength: nil, id: 1),
            WARCFileWriter.record(
                type: "request", uri: "https://example.org/news",
                extra: [("Content-Type", "application/http; msgtype=request")], block: request, id: 2),
            WARCFileWriter.record(
                type: "response", uri: "https://example.org/news",
                extra: [("Content-Type", "application/http; msgtype=response")], block: httpResponse(html), id: 3),
            WARCFileWriter.record(
                type: "metadata", uri: "https://example.org/news", version: "WARC/1.0",
                extra: [("Content-Type", "application/warc-fields")], block: metadata, id: 4),
            WARCFileWriter.record(
                type: "response", uri: "<https://example.org/other>",
                extra: [("content-type", "application/http; msgtype=response")],
                block: httpResponse(Array("plain text".utf8), contentType: "text/plain"), id: 5),
        ]
    }
}

extension WARCReader {
    /// Every event until the end.
    func all() -> [WARCEvent] { Array(self) }
}

extension [WARCEvent] {
    var records: [WARCRecord] {
        compactMap { if case .record(let record) = $0 { record } else { nil } }
    }
    var skips: [(offset: Int64, reason: WARCSkipReason)] {
        compactMap { if case .skipped(let offset, let reason) = $0 { (offset, reason) } else { nil } }
    }
}

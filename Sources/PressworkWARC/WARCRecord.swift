/// One WARC record: where it starts, its header fields and its content block.
public struct WARCRecord: Sendable {
    /// Byte offset of the record in the file: where its gzip member starts in a gzip-per-record file, where its
    /// `WARC/1.x` line starts in a plain one. A `WARCReader` started at this offset reads this record first
    /// (in the rare gzip file with several records in one member, they share the member's offset).
    public var offset: Int64
    /// The version from the first line, e.g. `WARC/1.1`.
    public var version: String
    /// The named fields of the record header.
    public var headers: WARCHeaderFields
    /// The content block: exactly `Content-Length` bytes.
    public var block: [UInt8]

    public init(offset: Int64, version: String, headers: WARCHeaderFields, block: [UInt8]) {
        self.offset = offset
        self.version = version
        self.headers = headers
        self.block = block
    }

    /// `WARC-Type`: `warcinfo`, `response`, `request`, `metadata`, `resource`, `revisit`, …
    public var type: String? { headers["WARC-Type"] }
    /// `WARC-Target-URI`, without the angle brackets WARC/1.0 writers sometimes put around it.
    public var targetURI: String? {
        guard let value = headers["WARC-Target-URI"] else { return nil }
        if value.hasPrefix("<") && value.hasSuffix(">") && value.count >= 2 {
            return String(value.dropFirst().dropLast())
        }
        return value
    }
    /// `WARC-Date`, as written (an ISO 8601 UTC timestamp).
    public var date: String? { headers["WARC-Date"] }
    /// `WARC-Record-ID`, as written (`<urn:uuid:…>`).
    public var recordID: String? { headers["WARC-Record-ID"] }
    /// `Content-Type` of the block, e.g. `application/http; msgtype=response`.
    public var contentType: String? { headers["Content-Type"] }
    /// `Content-Length`: the length of `block`.
    public var contentLength: Int64 { Int64(block.count) }
}

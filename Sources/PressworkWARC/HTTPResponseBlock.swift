/// The HTTP response held in a WARC `response` record's block (`Content-Type: application/http; msgtype=response`):
/// status, head fields and body, the body de-chunked when it was sent chunked.
public struct HTTPResponseBlock: Sendable {
    /// The status code, e.g. 200.
    public var status: Int
    /// The reason phrase after the code, possibly empty.
    public var reason: String
    /// The response head fields (names matched without regard to case).
    public var headers: WARCHeaderFields
    /// The body: de-chunked when `Transfer-Encoding: chunked` was declared and the body parses as chunks,
    /// otherwise as stored. Content codings (gzip, br) are left as they are.
    public var body: [UInt8]
    /// Whether `body` was de-chunked.
    public var wasDechunked: Bool

    /// The most head lines accepted (fields and folded continuations).
    public static let maxFields = 256
    /// The longest head line accepted, in bytes.
    public static let maxLineBytes = 64 * 1024

    /// Parses `block`; nil when it does not start with an `HTTP/x.y NNN` status line or its head is malformed
    /// or over the limits.
    public init?(parsing block: [UInt8]) {
        var position = 0
        // The next line, without CR LF; nil when there is no newline within the limit.
        func nextLine() -> ArraySlice<UInt8>? {
            let limit = min(block.count, position + Self.maxLineBytes + 2)
            guard let newline = block[position..<limit].firstIndex(of: 0x0A) else { return nil }
            var end = newline
            if end > position && block[end - 1] == 0x0D { end -= 1 }
            defer { position = newline + 1 }
            return block[position..<end]
        }
        guard let statusLine = nextLine(), statusLine.starts(with: Array("HTTP/".utf8)) else { return nil }
        let parts = statusLine.split(separator: 0x20, maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[1].count == 3, parts[1].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let status = Int(String(decoding: parts[1], as: UTF8.self))
        else { return nil }
        self.status = status
        reason = parts.count > 2 ? String(decoding: parts[2], as: UTF8.self).trimmingSpaces() : ""
        var headers = WARCHeaderFields()
        var lines = 0
        while true {
            guard let line = nextLine() else { return nil }
            if line.isEmpty { break }
            // Folded lines count too, so that no number of them can grow the head without bound.
            lines += 1
            guard lines <= Self.maxFields else { return nil }
            if let first = line.first, first == 0x20 || first == 0x09 {
                let text = String(decoding: line, as: UTF8.self).trimmingSpaces()
                guard headers.continueLast(with: text, limit: Self.maxLineBytes) else { return nil }
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else { return nil }
            headers.append(
                name: String(decoding: line[..<colon], as: UTF8.self).trimmingSpaces(),
                value: String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingSpaces())
        }
        self.headers = headers
        let raw = block[position...]
        let chunked = headers.values("Transfer-Encoding").contains { value in
            value.split(separator: ",").contains { String($0).trimmingSpaces().lowercased() == "chunked" }
        }
        if chunked, let decoded = Self.dechunk(raw) {
            body = decoded
            wasDechunked = true
        } else {
            body = Array(raw)
            wasDechunked = false
        }
    }

    /// The `charset` parameter of `Content-Type`, lowercased, without quotes; nil when not declared.
    public var charset: String? {
        guard let contentType = headers["Content-Type"] else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, String(pair[0]).trimmingSpaces().lowercased() == "charset" else { continue }
            var value = String(pair[1]).trimmingSpaces()
            if value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            return value.isEmpty ? nil : value.lowercased()
        }
        return nil
    }

    /// The media type of `Content-Type` without parameters, lowercased (`text/html`); nil when not declared.
    public var mediaType: String? {
        guard let contentType = headers["Content-Type"] else { return nil }
        let type = String(contentType.split(separator: ";", omittingEmptySubsequences: false).first ?? "")
        let trimmed = type.trimmingSpaces().lowercased()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Whether the body is declared HTML: `text/html` or `application/xhtml+xml`.
    public var isHTML: Bool { mediaType == "text/html" || mediaType == "application/xhtml+xml" }

    /// The chunked transfer coding removed, or nil when `bytes` is not a complete chunked body.
    static func dechunk(_ bytes: ArraySlice<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var position = bytes.startIndex
        while true {
            guard let newline = bytes[position...].firstIndex(of: 0x0A) else { return nil }
            var sizeEnd = newline
            if sizeEnd > position && bytes[sizeEnd - 1] == 0x0D { sizeEnd -= 1 }
            // The size is hex digits, optionally followed by `;extensions`.
            let sizeField = bytes[position..<sizeEnd].prefix { $0 != UInt8(ascii: ";") }
            let digits = String(decoding: sizeField, as: UTF8.self).trimmingSpaces()
            let isHex = { (byte: UInt8) in (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte | 0x20) }
            guard !digits.isEmpty, digits.utf8.count <= 15, digits.utf8.allSatisfy(isHex),
                let size = Int(digits, radix: 16)
            else { return nil }
            position = newline + 1
            if size == 0 { return output }  // Trailer fields, if any, are dropped.
            guard bytes.endIndex - position >= size else { return nil }
            output.append(contentsOf: bytes[position..<(position + size)])
            position += size
            // Each chunk ends with CR LF (a bare LF is accepted).
            if position < bytes.endIndex && bytes[position] == 0x0D { position += 1 }
            guard position < bytes.endIndex, bytes[position] == 0x0A else { return nil }
            position += 1
        }
    }
}

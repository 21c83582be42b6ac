import Foundation

/// One HTTP/1.x request, parsed from the bytes read so far: the request line, the query, the headers
/// (names lower-cased) and a small body announced by `Content-Length`.
public struct HTTPRequestHead: Sendable, Equatable {
    public var method: String
    /// The path, without the query string (not percent-decoded: routes compare it as sent).
    public var path: String
    /// The query's parameters, percent-decoded (`+` is a space); a repeated name keeps its last value.
    public var query: [String: String]
    /// Header values by lower-cased name; a repeated header keeps its last value.
    public var headers: [String: String]
    /// The body, when `Content-Length` announced one.
    public var body: [UInt8]

    public init(
        method: String, path: String, query: [String: String] = [:], headers: [String: String] = [:],
        body: [UInt8] = []
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// Request heads larger than this are refused (400).
    public static let maxBytes = 8 * 1024
    /// Bodies larger than this are refused (413): the endpoints take small JSON selections only.
    public static let maxBodyBytes = 256 * 1024

    public enum ParseResult: Sendable, Equatable {
        /// The request is not complete yet: read more.
        case incomplete
        case request(HTTPRequestHead)
        /// Malformed, or larger than `maxBytes`: answer 400 and close.
        case invalid(String)
        /// A body over `maxBodyBytes`: answer 413 and close.
        case tooLarge
    }

    /// Parses `bytes`, the start of a connection's input.
    public static func parse(_ bytes: [UInt8]) -> ParseResult {
        guard let end = headEnd(bytes) else {
            return bytes.count > maxBytes ? .invalid("request head over \(maxBytes) bytes") : .incomplete
        }
        guard end <= maxBytes else { return .invalid("request head over \(maxBytes) bytes") }
        let lines = bytes[..<end].split(separator: UInt8(ascii: "\n")).map { line in
            line.last == UInt8(ascii: "\r") ? line.dropLast() : line
        }.filter { !$0.isEmpty }
        guard let line = lines.first, line.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            return .invalid("request line is not ASCII")
        }
        let parts = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3, let version = String(bytes: parts[2], encoding: .ascii),
            version == "HTTP/1.1" || version == "HTTP/1.0",
            let method = String(bytes: parts[0], encoding: .ascii), !method.isEmpty,
            method.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }),
            let target = String(bytes: parts[1], encoding: .ascii), target.hasPrefix("/")
        else { return .invalid("malformed request line") }
        let split = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var headers: [String: String] = [:]
        for header in lines.dropFirst() {
            guard let colon = header.firstIndex(of: UInt8(ascii: ":")) else { return .invalid("malformed header") }
            let name = String(decoding: header[..<colon], as: UTF8.self).lowercased()
            let value = String(decoding: header[(colon + 1)...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !name.contains(" ") else { return .invalid("malformed header") }
            headers[name] = value
        }
        var body: [UInt8] = []
        if let length = headers["content-length"] {
            guard let count = Int(length), count >= 0 else { return .invalid("malformed Content-Length") }
            guard count <= maxBodyBytes else { return .tooLarge }
            guard bytes.count - end >= count else { return .incomplete }
            body = Array(bytes[end..<(end + count)])
        } else if headers["transfer-encoding"] != nil {
            return .invalid("chunked bodies are not accepted: send Content-Length")
        }
        return .request(
            HTTPRequestHead(
                method: method, path: String(split[0]), query: split.count > 1 ? parseQuery(split[1]) : [:],
                headers: headers, body: body))
    }

    /// `a=1&b=x%20y` as a dictionary; pairs that do not decode are dropped.
    static func parseQuery(_ text: Substring) -> [String: String] {
        var query: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), !name.isEmpty else { continue }
            query[name] = parts.count > 1 ? decode(parts[1]) ?? "" : ""
        }
        return query
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// The index just past the blank line ending the head (CRLF CRLF, or bare LF LF), if present.
    static func headEnd(_ bytes: [UInt8]) -> Int? {
        let lf = UInt8(ascii: "\n")
        var index = 0
        while index < bytes.count {
            if bytes[index] == lf {
                if index + 1 < bytes.count && bytes[index + 1] == lf { return index + 2 }
                if index + 2 < bytes.count && bytes[index + 1] == UInt8(ascii: "\r") && bytes[index + 2] == lf {
                    return index + 3
                }
            }
            index += 1
        }
        return nil
    }
}

import Foundation

/// The request line of an HTTP/1.x request, parsed from the bytes read so far. Headers are read (to
/// find their end and bound their size) but not interpreted: the endpoint needs none of them.
public struct HTTPRequestHead: Sendable, Equatable {
    public var method: String
    /// The path, without the query string.
    public var path: String

    /// Request heads larger than this are refused (400).
    public static let maxBytes = 8 * 1024

    public enum ParseResult: Sendable, Equatable {
        /// The head is not complete yet: read more.
        case incomplete
        case request(HTTPRequestHead)
        /// Malformed, or larger than `maxBytes`: answer 400 and close.
        case invalid(String)
    }

    /// Parses `bytes`, the start of a connection's input.
    public static func parse(_ bytes: [UInt8]) -> ParseResult {
        guard let end = headEnd(bytes) else {
            return bytes.count > maxBytes ? .invalid("request head over \(maxBytes) bytes") : .incomplete
        }
        guard end <= maxBytes else { return .invalid("request head over \(maxBytes) bytes") }
        let lineEnd = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? end
        var line = bytes[..<lineEnd]
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        guard line.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return .invalid("request line is not ASCII") }
        let parts = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3, let version = String(bytes: parts[2], encoding: .ascii),
            version == "HTTP/1.1" || version == "HTTP/1.0",
            let method = String(bytes: parts[0], encoding: .ascii), !method.isEmpty,
            method.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }),
            let target = String(bytes: parts[1], encoding: .ascii), target.hasPrefix("/")
        else { return .invalid("malformed request line") }
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return .request(HTTPRequestHead(method: method, path: String(path)))
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

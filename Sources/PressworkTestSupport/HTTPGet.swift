import Foundation

/// A response read by `HTTPGet`.
public struct HTTPReply: Sendable {
    public var status: Int
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: String
}

/// A tiny HTTP/1.1 client over a plain TCP socket, for testing the coordinator's HTTP endpoint: sends one
/// request (`Connection: close`) and reads until the server closes.
public enum HTTPGet {
    public static func request(_ path: String, method: String = "GET", port: Int, timeout: Int = 5) throws
        -> HTTPReply
    {
        try exchange(
            Array("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8), port: port,
            timeout: timeout)
    }

    /// A request with headers (`Name: value` lines) and a body.
    public static func request(
        _ path: String, method: String, headers: [String], body: String? = nil, port: Int, timeout: Int = 5
    ) throws -> HTTPReply {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for header in headers { head += header + "\r\n" }
        if let body { head += "Content-Length: \(body.utf8.count)\r\n" }
        return try exchange(Array((head + "\r\n" + (body ?? "")).utf8), port: port, timeout: timeout)
    }

    /// Sends `raw` bytes as they are and parses what comes back.
    public static func exchange(_ raw: [UInt8], port: Int, timeout: Int = 5) throws -> HTTPReply {
        guard let fd = LoopbackSocket.connect(port: port, receiveTimeout: timeout) else {
            throw TestClusterError("connect to port \(port) failed")
        }
        defer { close(fd) }
        var sent = 0
        while sent < raw.count {
            let count = raw[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { break }
            sent += count
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received += buffer[0..<count]
        }
        return try parse(received)
    }

    static func parse(_ bytes: [UInt8]) throws -> HTTPReply {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw TestClusterError("no response head in: \(text)") }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), let status = Int(statusParts[1]) else {
            throw TestClusterError("bad status line: \(lines[0])")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        return HTTPReply(status: status, headers: headers, body: String(text[split.upperBound...]))
    }
}

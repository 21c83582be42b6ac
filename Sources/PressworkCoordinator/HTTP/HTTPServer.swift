import Foundation
import Logging
import PressworkLogging
import PressworkProtocol
import ZeroMQ

/// A small HTTP/1.1 server for the dashboard at `/`, `/metrics`, `/healthz`, `/api/status` and `/api/history`, on a
/// thread of its own. It answers one connection at a time from the latest `StatusBoard` snapshot, so a
/// slow client can delay other scrapes (up to `clientTimeout`) but never the coordinator loop. Every
/// response closes the connection.
public final class HTTPServer: Sendable {
    /// The listening socket; only `run` (one thread) accepts on it and closes it.
    private let listener: Int32
    private let board: StatusBoard
    private let logger: Logger
    private let address: HTTPAddress
    /// The port actually bound (useful when asked for port 0).
    public let port: Int
    /// Seconds a client has to send its request head, and to take the response.
    static let clientTimeout = 2.0
    /// Seconds without a new snapshot after which `/healthz` reports the loop stalled.
    static let staleAfter = 10.0

    /// Binds and listens on `address`, so bind problems surface at start-up.
    public init(address: HTTPAddress, board: StatusBoard, logger: Logger) throws(HTTPServerError) {
        self.board = board
        self.logger = logger
        self.address = address
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(address.host, String(address.port), &hints, &list)
        guard status == 0, let info = list else {
            throw HTTPServerError("cannot resolve \(address): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HTTPServerError("socket(): \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0, listen(fd, 16) == 0 else {
            let message = String(cString: strerror(errno))
            close(fd)
            throw HTTPServerError("cannot listen on \(address): \(message)")
        }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let bigEndianPort: UInt16 =
            storage.ss_family == sa_family_t(AF_INET6)
            ? withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_port }
            }
            : withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_port }
            }
        port = Int(UInt16(bigEndian: bigEndianPort))
        listener = fd
    }

    /// Accepts and answers connections until `shouldStop` returns true (checked every 200 ms), then
    /// closes the listening socket.
    public func run(until shouldStop: () -> Bool) {
        defer { close(listener) }
        if !address.isLoopback {
            logger.warning(
                "HTTP endpoint off loopback WITHOUT authentication (--insecure)",
                metadata: [LogKey.endpoint: "\(address)"])
        }
        logger.info(
            "HTTP endpoint listening",
            metadata: [LogKey.endpoint: "http://\(HTTPAddress(host: address.host, port: port))"])
        while !shouldStop() {
            var pollfd = Foundation.pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&pollfd, 1, 200) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                // Out of descriptors or a connection reset before accept: do not spin on it.
                usleep(50_000)
                continue
            }
            serve(client)
            close(client)
        }
    }

    private func serve(_ client: Int32) {
        var timeout = timeval(tv_sec: Int(Self.clientTimeout), tv_usec: 0)
        _ = setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let deadline = Timestamp.monotonic() + Self.clientTimeout
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            switch HTTPRequestHead.parse(received) {
            case .request(let head):
                write(response(to: head), to: client)
                return
            case .invalid(let reason):
                write(HTTPResponse(status: 400, body: reason + "\n"), to: client)
                return
            case .incomplete:
                guard Timestamp.monotonic() < deadline else { return }
                let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
                if count < 0 && errno == EINTR { continue }
                // Closed, timed out or failed before a full head: nothing sensible to answer.
                guard count > 0 else { return }
                received += buffer[0..<count]
            }
        }
    }

    func response(to head: HTTPRequestHead) -> HTTPResponse {
        let known = ["/", "/metrics", "/healthz", "/api/status", "/api/history"]
        guard known.contains(head.path) else { return HTTPResponse(status: 404, body: "not found\n") }
        guard head.method == "GET" else {
            return HTTPResponse(status: 405, body: "method not allowed\n", extraHeaders: ["Allow: GET"])
        }
        // The page is static: it loads even while the loop is down, and says so itself.
        if head.path == "/" {
            return HTTPResponse(status: 200, contentType: DashboardPage.contentType, body: DashboardPage.html)
        }
        guard board.isRunning, let snapshot = board.snapshot else {
            return HTTPResponse(status: 503, body: "coordinator loop not running\n")
        }
        switch head.path {
        case "/metrics":
            return HTTPResponse(status: 200, contentType: PrometheusText.contentType, body: snapshot.prometheusText())
        case "/api/status":
            guard let json = try? StableJSON.encode(snapshot.status, pretty: true) else {
                return HTTPResponse(status: 500, body: "cannot encode the status\n")
            }
            return HTTPResponse(status: 200, contentType: "application/json", body: [UInt8](json) + [0x0A])
        case "/api/history":
            guard let json = try? StableJSON.encode(board.history, pretty: false) else {
                return HTTPResponse(status: 500, body: "cannot encode the history\n")
            }
            return HTTPResponse(status: 200, contentType: "application/json", body: [UInt8](json) + [0x0A])
        default:
            // The loop publishes every 250 ms; a much older snapshot means its turns have stalled.
            guard Timestamp.monotonic() - snapshot.takenAt < Self.staleAfter else {
                return HTTPResponse(status: 503, body: "coordinator loop stalled\n")
            }
            return HTTPResponse(status: 200, body: "ok\n")
        }
    }

    private func write(_ response: HTTPResponse, to client: Int32) {
        let bytes = response.bytes()
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            sent += count
        }
        shutdown(client, Int32(SHUT_WR))
    }
}

/// One response: status, content type, body; always `Connection: close`.
struct HTTPResponse {
    var status: Int
    var contentType = "text/plain; charset=utf-8"
    var body: [UInt8]
    var extraHeaders: [String] = []

    init(status: Int, contentType: String = "text/plain; charset=utf-8", body: [UInt8], extraHeaders: [String] = []) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.extraHeaders = extraHeaders
    }

    init(status: Int, contentType: String = "text/plain; charset=utf-8", body: String, extraHeaders: [String] = []) {
        self.init(status: status, contentType: contentType, body: Array(body.utf8), extraHeaders: extraHeaders)
    }

    static let reasons = [
        200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 500: "Internal Server Error",
        503: "Service Unavailable",
    ]

    func bytes() -> [UInt8] {
        let lines =
            ["HTTP/1.1 \(status) \(Self.reasons[status] ?? "Status")", "Content-Type: \(contentType)"]
            + ["Content-Length: \(body.count)", "Connection: close", "Cache-Control: no-store"] + extraHeaders
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8) + body
    }
}

/// Where the HTTP endpoint listens: `HOST:PORT`, `[IPv6]:PORT`, `:PORT` or `PORT` (loopback).
public struct HTTPAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses the `--http` value; nil when it is not an address with a port.
    public init?(_ text: String) {
        var host = "127.0.0.1"
        var portText = Substring(text)
        if let colon = text.lastIndex(of: ":") {
            let hostPart = text[..<colon]
            portText = text[text.index(after: colon)...]
            if !hostPart.isEmpty {
                host = String(hostPart)
                if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            }
        }
        guard !host.isEmpty, let port = Int(portText), (0...65535).contains(port) else { return nil }
        self.init(host: host, port: port)
    }

    /// Whether only this machine can connect (the same rule as the ZeroMQ bind).
    public var isLoopback: Bool { Endpoint.tcp(host: host, port: port).isLocal }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// The HTTP endpoint could not start.
public struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

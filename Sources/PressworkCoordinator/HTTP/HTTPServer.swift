import Foundation
import Logging
import PressworkLogging
import PressworkProtocol
import ZeroMQ

/// A small HTTP/1.1 server for the dashboard at `/`, `/metrics`, `/healthz`, `/api/status` and `/api/history`, on a
/// thread of its own. One `poll(2)` loop serves up to `maxConnections` connections at once, each answered from
/// the latest `StatusBoard` snapshot, so idle or slow clients cannot delay `/healthz` or the coordinator loop:
/// each connection has `clientTimeout` to send its request head and `sendTimeout` to take the response, and
/// when the cap is reached the oldest connection still sending its head is closed to make room. Every
/// response closes the connection.
public final class HTTPServer: Sendable {
    /// The listening socket; only `run` (one thread) accepts on it and closes it.
    private let listener: Int32
    private let board: StatusBoard
    private let logger: Logger
    private let address: HTTPAddress
    /// The port actually bound (useful when asked for port 0).
    public let port: Int
    /// Seconds a client has to send its request head.
    static let clientTimeout = 2.0
    /// Seconds a client has to take the whole response.
    static let sendTimeout = 10.0
    /// Connections served at once; beyond it the oldest one still sending its head is dropped.
    static let maxConnections = 2_048
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
        guard bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0, listen(fd, SOMAXCONN) == 0 else {
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
        // Non-blocking, so `acceptAll` stops when nothing is pending.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        listener = fd
    }

    /// One client connection: what it sent so far, then the response still to write.
    private struct Connection {
        var fd: Int32
        var received: [UInt8] = []
        var outgoing: [UInt8] = []
        var sent = 0
        /// Reading the head until `deadline`; once a response is queued, writing it until `deadline`.
        var deadline: Double
        var isWriting: Bool { !outgoing.isEmpty }
    }

    /// Accepts and answers connections until `shouldStop` returns true (checked every 200 ms), then
    /// closes every socket.
    public func run(until shouldStop: () -> Bool) {
        var connections: [Connection] = []
        defer {
            for connection in connections { close(connection.fd) }
            close(listener)
        }
        if !address.isLoopback {
            logger.warning(
                "HTTP endpoint off loopback WITHOUT authentication (--insecure)",
                metadata: [LogKey.endpoint: "\(address)"])
        }
        logger.info(
            "HTTP endpoint listening",
            metadata: [LogKey.endpoint: "http://\(HTTPAddress(host: address.host, port: port))"])
        var pollfds: [pollfd] = []
        while !shouldStop() {
            pollfds.removeAll(keepingCapacity: true)
            pollfds.append(pollfd(fd: listener, events: Int16(POLLIN), revents: 0))
            for connection in connections {
                let events = connection.isWriting ? POLLOUT : POLLIN
                pollfds.append(pollfd(fd: connection.fd, events: Int16(events), revents: 0))
            }
            guard poll(&pollfds, nfds_t(pollfds.count), 200) >= 0 || errno == EINTR else {
                usleep(50_000)
                continue
            }
            let now = Timestamp.monotonic()
            var open: [Connection] = []
            open.reserveCapacity(connections.count + 1)
            for (index, connection) in connections.enumerated() {
                var connection = connection
                let ready = pollfds[index + 1].revents != 0
                if (ready && !step(&connection, now: now)) || now > connection.deadline {
                    close(connection.fd)
                } else {
                    open.append(connection)
                }
            }
            connections = open
            if pollfds[0].revents & Int16(POLLIN) != 0 {
                acceptAll(into: &connections, now: now)
            }
        }
    }

    /// Accepts every pending connection; at the cap, the oldest connection still reading its head goes.
    private func acceptAll(into connections: inout [Connection], now: Double) {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                // Nothing pending, out of descriptors, or reset before accept: try again next turn.
                if errno == EINTR { continue }
                return
            }
            _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            if connections.count >= Self.maxConnections {
                guard let oldest = connections.firstIndex(where: { !$0.isWriting }) else {
                    close(client)
                    continue
                }
                close(connections[oldest].fd)
                connections.remove(at: oldest)
            }
            connections.append(Connection(fd: client, deadline: now + Self.clientTimeout))
        }
    }

    /// Reads or writes what the connection is ready for; false when it is finished.
    private func step(_ connection: inout Connection, now: Double) -> Bool {
        if connection.isWriting {
            let count = connection.outgoing[connection.sent...].withUnsafeBytes {
                send(connection.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if count < 0 { return errno == EAGAIN || errno == EINTR }
            connection.sent += count
            guard connection.sent >= connection.outgoing.count else { return true }
            shutdown(connection.fd, Int32(SHUT_WR))
            return false
        }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(connection.fd, $0.baseAddress, $0.count, 0) }
        if count < 0 { return errno == EAGAIN || errno == EINTR }
        // Closed before a full head: nothing sensible to answer.
        guard count > 0 else { return false }
        connection.received += buffer[0..<count]
        let response: HTTPResponse
        switch HTTPRequestHead.parse(connection.received) {
        case .incomplete: return true
        case .request(let head): response = self.response(to: head)
        case .invalid(let reason): response = HTTPResponse(status: 400, body: reason + "\n")
        }
        connection.received = []
        connection.outgoing = response.bytes()
        connection.deadline = now + Self.sendTimeout
        return true
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

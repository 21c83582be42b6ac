import Foundation
import Logging
import PressworkLogging

/// A small HTTP/1.1 server on a thread of its own, for endpoints whose answers are ready in memory
/// (the coordinator's dashboard, metrics and health). One `poll(2)` loop serves up to `maxConnections`
/// connections at once, so idle or slow clients cannot delay anyone: each connection has `clientTimeout`
/// to send its request head and `sendTimeout` to take the response, and when the cap is reached the
/// oldest connection still sending its head is closed to make room. Every response closes the connection.
public final class HTTPServer: Sendable {
    /// The listening socket; only `run` (one thread) accepts on it and closes it.
    private let listener: Int32
    private let respond: @Sendable (HTTPRequestHead) -> HTTPAnswer
    private let logger: Logger
    private let host: String
    /// The port actually bound (useful when asked for port 0).
    public let port: Int
    /// Seconds a client has to send its request head.
    static let clientTimeout = 2.0
    /// Seconds a client has to take the whole response.
    static let sendTimeout = 10.0
    /// Connections served at once; beyond it the oldest one still sending its head is dropped.
    static let maxConnections = 2_048

    /// Binds and listens on `host`:`port` (port 0: one the kernel picks), so bind problems surface at
    /// start-up. `respond` answers each request on the server's thread; it must not block.
    public convenience init(
        host: String, port: Int, logger: Logger, respond: @escaping @Sendable (HTTPRequestHead) -> HTTPResponse
    ) throws(HTTPServerError) {
        try self.init(host: host, port: port, logger: logger, answer: { .response(respond($0)) })
    }

    /// As above, but `answer` may hand back an `HTTPPending` that another thread completes: the connection
    /// waits for it (at most `sendTimeout`, then 503) while the server goes on serving the others.
    public init(
        host: String, port: Int, logger: Logger, answer: @escaping @Sendable (HTTPRequestHead) -> HTTPAnswer
    ) throws(HTTPServerError) {
        self.respond = answer
        self.logger = logger
        self.host = host
        let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
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
        self.port = Int(UInt16(bigEndian: bigEndianPort))
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
        /// A response another thread is preparing.
        var pending: HTTPPending?
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
        let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        logger.info("HTTP endpoint listening", metadata: [LogKey.endpoint: "http://\(address)"])
        var pollfds: [pollfd] = []
        while !shouldStop() {
            pollfds.removeAll(keepingCapacity: true)
            pollfds.append(pollfd(fd: listener, events: Int16(POLLIN), revents: 0))
            var waiting = false
            for connection in connections {
                let events = connection.isWriting ? POLLOUT : connection.pending != nil ? 0 : POLLIN
                waiting = waiting || connection.pending != nil
                pollfds.append(pollfd(fd: connection.fd, events: Int16(events), revents: 0))
            }
            // Pending responses are completed by other threads: look again soon.
            guard poll(&pollfds, nfds_t(pollfds.count), waiting ? 5 : 200) >= 0 || errno == EINTR else {
                usleep(50_000)
                continue
            }
            let now = Self.monotonic()
            var open: [Connection] = []
            open.reserveCapacity(connections.count + 1)
            for (index, connection) in connections.enumerated() {
                var connection = connection
                if let pending = connection.pending {
                    let response =
                        pending.response
                        ?? (now > connection.deadline
                            ? HTTPResponse(status: 503, body: "the coordinator did not answer in time\n") : nil)
                    if let response {
                        connection.pending = nil
                        connection.outgoing = response.bytes()
                        connection.deadline = now + Self.sendTimeout
                    }
                    open.append(connection)
                    continue
                }
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
        case .request(let head):
            switch respond(head) {
            case .response(let answer): response = answer
            case .pending(let pending):
                connection.received = []
                connection.pending = pending
                connection.deadline = now + Self.sendTimeout
                return true
            }
        case .invalid(let reason): response = HTTPResponse(status: 400, body: reason + "\n")
        case .tooLarge:
            response = HTTPResponse(
                status: 413, body: "request body over \(HTTPRequestHead.maxBodyBytes) bytes\n")
        }
        connection.received = []
        connection.outgoing = response.bytes()
        connection.deadline = now + Self.sendTimeout
        return true
    }

    private static func monotonic() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// One response: status, content type, body; always `Connection: close`.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]
    public var extraHeaders: [String]

    public init(
        status: Int, contentType: String = "text/plain; charset=utf-8", body: [UInt8], extraHeaders: [String] = []
    ) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.extraHeaders = extraHeaders
    }

    public init(
        status: Int, contentType: String = "text/plain; charset=utf-8", body: String, extraHeaders: [String] = []
    ) {
        self.init(status: status, contentType: contentType, body: Array(body.utf8), extraHeaders: extraHeaders)
    }

    static let reasons = [
        200: "OK", 202: "Accepted", 308: "Permanent Redirect", 400: "Bad Request", 401: "Unauthorized",
        403: "Forbidden", 404: "Not Found",
        405: "Method Not Allowed", 409: "Conflict", 413: "Content Too Large", 500: "Internal Server Error",
        503: "Service Unavailable",
    ]

    func bytes() -> [UInt8] {
        let lines =
            ["HTTP/1.1 \(status) \(Self.reasons[status] ?? "Status")", "Content-Type: \(contentType)"]
            + ["Content-Length: \(body.count)", "Connection: close", "Cache-Control: no-store"] + extraHeaders
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8) + body
    }
}

/// What a handler gives the server: a response now, or one another thread completes.
public enum HTTPAnswer: Sendable {
    case response(HTTPResponse)
    case pending(HTTPPending)
}

/// A response being prepared on another thread; the first `complete` wins.
public final class HTTPPending: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: HTTPResponse?

    public init() {}

    public func complete(_ response: HTTPResponse) {
        lock.lock()
        defer { lock.unlock() }
        if stored == nil { stored = response }
    }

    var response: HTTPResponse? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}

/// The HTTP endpoint could not start.
public struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

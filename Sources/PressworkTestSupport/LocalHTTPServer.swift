import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A small HTTP/1.1 server on 127.0.0.1 for fetch tests: each request gets the answer `respond` gives for
/// its path, on a connection closed after it. Requests are recorded (path and headers).
public final class LocalHTTPServer: @unchecked Sendable {
    /// One answer.
    public struct Response: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]
        /// Seconds to wait before answering (a slow server).
        public var delay: Double

        public init(status: Int = 200, headers: [(String, String)] = [], body: [UInt8] = [], delay: Double = 0) {
            self.status = status
            self.headers = headers
            self.body = body
            self.delay = delay
        }

        public static func html(_ text: String, charset: String = "utf-8") -> Response {
            Response(headers: [("Content-Type", "text/html; charset=\(charset)")], body: Array(text.utf8))
        }

        public static func redirect(to location: String, status: Int = 302) -> Response {
            Response(status: status, headers: [("Location", location)])
        }
    }

    public let port: Int
    private let listener: Int32
    private let respond: @Sendable (String, String) -> Response
    private let lock = NSLock()
    private var recorded: [(path: String, headers: String)] = []
    private var stopped = false
    private var active = 0
    private var mostActive = 0
    private var arrivals: [Double] = []

    /// Starts listening on a free port of 127.0.0.1.
    public convenience init(_ respond: @escaping @Sendable (String) -> Response) throws {
        try self.init(answering: { path, _ in respond(path) })
    }

    /// Starts listening on a free port of 127.0.0.1; `answering` gets the path and the raw header block.
    public init(answering respond: @escaping @Sendable (_ path: String, _ headers: String) -> Response) throws {
        self.respond = respond
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestClusterError("socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw TestClusterError("bind/listen: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    /// `http://127.0.0.1:PORT` + `path`.
    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// The requests received so far: path and raw header block.
    public var requests: [(path: String, headers: String)] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    /// The most requests this server was answering at the same time.
    public var mostConcurrentRequests: Int {
        lock.lock()
        defer { lock.unlock() }
        return mostActive
    }

    /// When each request arrived (monotonic seconds), in order.
    public var arrivalTimes: [Double] {
        lock.lock()
        defer { lock.unlock() }
        return arrivals
    }

    public func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        lock.unlock()
        if !wasStopped {
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
        }
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else {
                if errno == EINTR { continue }
                return
            }
            let thread = Thread { [self] in serve(connection) }
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while request.count < 65_536, !request.ends(with: [13, 10, 13, 10]) {
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            request += buffer[0..<count]
        }
        let text = String(decoding: request, as: UTF8.self)
        let parts = text.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2 else { return }
        let path = String(parts[1])
        lock.lock()
        recorded.append((path, text))
        arrivals.append(ProcessInfo.processInfo.systemUptime)
        active += 1
        mostActive = max(mostActive, active)
        lock.unlock()
        defer {
            lock.lock()
            active -= 1
            lock.unlock()
        }
        let response = respond(path, text)
        if response.delay > 0 { Thread.sleep(forTimeInterval: response.delay) }
        var head = "HTTP/1.1 \(response.status) Status\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(response.body.count)\r\nConnection: close\r\n\r\n"
        let bytes = Array(head.utf8) + response.body
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes {
                send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { return }
            sent += count
        }
    }
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}

import Foundation
import Synchronization

/// A TCP proxy on a free loopback port that forwards every connection to `127.0.0.1:targetPort` and
/// records the bytes in both directions, so a test can look at what crosses the wire. `blackhole` makes it
/// swallow everything while keeping the connections open: a network that silently stops delivering.
public final class RecordingProxy: Sendable {
    /// The port peers connect to instead of the target's.
    public let port: Int
    private let listener: Int32
    private let recorded = Mutex<[UInt8]>([])
    private let stopped = Atomic<Bool>(false)
    /// 0: forward; 1: swallow both directions; 2: swallow only what the target sends back.
    private let swallowing = Atomic<Int>(0)
    private let accepted = Atomic<Int>(0)

    /// Starts listening and forwarding at once.
    public init(targetPort: Int) throws {
        let (fd, port) = try LoopbackSocket.bindAnyPort(reuseAddress: true)
        guard listen(fd, 16) == 0 else {
            close(fd)
            throw TestClusterError("proxy cannot listen: errno \(errno)")
        }
        listener = fd
        self.port = port
        let thread = Thread { [self] in acceptLoop(targetPort: targetPort) }
        thread.name = "recording-proxy"
        thread.start()
    }

    /// The endpoint to give peers.
    public var endpoint: String { "tcp://127.0.0.1:\(port)" }

    /// Connections accepted so far (a peer that rebuilds its socket makes a new one).
    public var connectionsAccepted: Int { accepted.load(ordering: .relaxed) }

    /// Everything forwarded so far, both directions concatenated per read.
    public var bytes: [UInt8] { recorded.withLock { $0 } }

    /// Whether `text` occurs anywhere in the recorded bytes.
    public func saw(_ text: String) -> Bool {
        let needle = Array(text.utf8)
        let haystack = bytes
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    /// While on, bytes read from either side (or, with `repliesOnly`, only from the target) are dropped
    /// instead of forwarded; connections stay open and new ones are accepted, so neither peer sees an
    /// error, only silence.
    public func blackhole(_ on: Bool, repliesOnly: Bool = false) {
        swallowing.store(on ? (repliesOnly ? 2 : 1) : 0, ordering: .relaxed)
    }

    /// Stops accepting (open connections end when their peers close). Safe to call more than once.
    public func stop() {
        // Only the first call acts, and the accept thread closes the listener once `accept` has returned: a
        // descriptor closed twice, or accepted on after its close, may by then be another thread's (libzmq
        // aborts on a signaler descriptor closed under it).
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
    }

    deinit { stop() }

    private func acceptLoop(targetPort: Int) {
        defer { close(listener) }
        while !stopped.load(ordering: .relaxed) {
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                if errno == EINTR { continue }
                return
            }
            accepted.add(1, ordering: .relaxed)
            guard let upstream = LoopbackSocket.connect(port: targetPort) else {
                close(client)
                continue
            }
            let pair = SocketPair(client, upstream)
            for (from, to, isReply) in [(client, upstream, false), (upstream, client, true)] {
                let thread = Thread { [self] in
                    pump(from: from, to: to, isReply: isReply)
                    pair.directionEnded()
                }
                thread.start()
            }
        }
    }

    /// The two sockets of one proxied connection, closed once both directions have ended.
    private final class SocketPair: Sendable {
        let descriptors: (Int32, Int32)
        let running = Atomic<Int>(2)
        init(_ first: Int32, _ second: Int32) { descriptors = (first, second) }
        func directionEnded() {
            guard running.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 else { return }
            close(descriptors.0)
            close(descriptors.1)
        }
    }

    /// Copies one direction until either side closes, then shuts down both ends of that direction.
    private func pump(from: Int32, to: Int32, isReply: Bool) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(from, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            let mode = swallowing.load(ordering: .relaxed)
            if mode == 1 || (mode == 2 && isReply) { continue }
            recorded.withLock { $0.append(contentsOf: buffer[0..<count]) }
            var sent = 0
            while sent < count {
                // MSG_NOSIGNAL: a peer that closed must not SIGPIPE the test process.
                let written = buffer.withUnsafeBytes {
                    send(to, $0.baseAddress! + sent, count - sent, Int32(MSG_NOSIGNAL))
                }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { break }
                sent += written
            }
            if sent < count { break }
        }
        shutdown(from, Int32(SHUT_RD))
        shutdown(to, Int32(SHUT_WR))
    }
}

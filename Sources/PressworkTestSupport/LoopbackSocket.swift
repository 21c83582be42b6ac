import Glibc

/// TCP sockets to `127.0.0.1`, for tests that talk to a process below ZeroMQ or HTTP.
public enum LoopbackSocket {
    /// The IPv4 loopback address with `port`.
    public static func address(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    /// A TCP socket bound to a port of the kernel's choosing on 127.0.0.1, and that port; the caller owns the
    /// descriptor. Letting the kernel choose at bind time is what keeps tests running in parallel apart.
    /// - Parameter reuseAddress: set `SO_REUSEADDR` (a listener that may be restarted on its port).
    public static func bindAnyPort(reuseAddress: Bool) throws -> (descriptor: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestClusterError("socket() failed: errno \(errno)") }
        if reuseAddress {
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = address(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else {
            let error = errno
            close(fd)
            throw TestClusterError("cannot bind a loopback port: errno \(error)")
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// A connected socket (the caller closes it), or nil when the port does not accept.
    ///
    /// - Parameter receiveTimeout: seconds a read may block; nil leaves reads blocking.
    public static func connect(port: Int, receiveTimeout: Int? = nil) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        if let receiveTimeout {
            var time = timeval(tv_sec: receiveTimeout, tv_usec: 0)
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        }
        var address = address(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        return fd
    }
}

/// A loopback TCP port where nothing listens, for as long as this object lives: the socket is bound (so no
/// other process can be given the port, by `bind` or as a connection's source port) but never listens, so
/// every connection to it is refused at once. Probing a port and closing it again would let a test running
/// in parallel take it in between.
public final class ClosedPort: Sendable {
    public let port: Int
    private let descriptor: Int32

    public init() throws {
        // No SO_REUSEADDR: with it, a process that sets it too could bind the port beside this socket.
        (descriptor, port) = try LoopbackSocket.bindAnyPort(reuseAddress: false)
    }

    deinit { close(descriptor) }
}

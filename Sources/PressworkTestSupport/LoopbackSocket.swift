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

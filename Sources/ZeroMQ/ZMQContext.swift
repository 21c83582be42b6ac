import CZeroMQ

/// A libzmq context: owns the I/O threads that all of its sockets share.
///
/// Contexts are thread-safe in libzmq, unlike sockets; one context per process is the norm.
public final class ZMQContext: @unchecked Sendable {
    // @unchecked: libzmq documents zmq_ctx_* as thread-safe; the pointer is only read after init.
    let handle: UnsafeMutableRawPointer

    /// Creates a context.
    /// - Parameter ioThreads: libzmq I/O threads (1 handles about a gigabyte per second of traffic).
    public init(ioThreads: Int32 = 1) throws(ZMQError) {
        guard let handle = zmq_ctx_new() else {
            throw ZMQError(errno: zmq_errno(), operation: "zmq_ctx_new")
        }
        self.handle = handle
        try zmqCall("zmq_ctx_set(IO_THREADS)") { zmq_ctx_set(handle, ZMQ_IO_THREADS, ioThreads) }
    }

    /// Makes every blocking call on every socket of this context return `.terminated`.
    ///
    /// Sockets must still be closed by their owning threads before the context is freed.
    public func shutdown() {
        _ = zmq_ctx_shutdown(handle)
    }

    deinit {
        // Blocks until every socket is closed; all sockets hold a strong reference to the context.
        while zmq_ctx_term(handle) == -1 && zmq_errno() == EINTR {}
    }

    /// Whether this libzmq build supports a capability such as `"curve"`.
    public static func has(_ capability: String) -> Bool {
        zmq_has(capability) == 1
    }

    /// The libzmq version as `major.minor.patch`.
    public static var libraryVersion: String {
        var major: Int32 = 0
        var minor: Int32 = 0
        var patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }
}

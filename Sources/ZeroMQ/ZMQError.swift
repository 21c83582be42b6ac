import CZeroMQ

#if canImport(Glibc)
    import Glibc
#endif

/// An error from libzmq, keeping the `errno` it reported.
public struct ZMQError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added; switch with a default.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Kind: Hashable, Sendable {
            case terminated, wouldBlock, hostUnreachable, invalidEndpoint, addressInUse, closed
            case invalidArgument, tooManyFrames, other
        }
        fileprivate let kind: Kind

        /// The context was terminated (`ETERM`): the process is shutting down.
        public static let terminated = Code(kind: .terminated)
        /// The operation would block (`EAGAIN`), e.g. a high-water mark was reached.
        public static let wouldBlock = Code(kind: .wouldBlock)
        /// A ROUTER socket with `ROUTER_MANDATORY` has no peer of that routing id.
        public static let hostUnreachable = Code(kind: .hostUnreachable)
        /// The endpoint string is malformed or its transport unsupported.
        public static let invalidEndpoint = Code(kind: .invalidEndpoint)
        /// Binding failed because the address is already in use.
        public static let addressInUse = Code(kind: .addressInUse)
        /// The socket or context was used after `close()`.
        public static let closed = Code(kind: .closed)
        /// libzmq rejected an argument (`EINVAL`), e.g. a malformed CURVE key.
        public static let invalidArgument = Code(kind: .invalidArgument)
        /// A received message had more frames than the receiver accepts.
        public static let tooManyFrames = Code(kind: .tooManyFrames)
        /// Any other `errno`.
        public static let other = Code(kind: .other)

        public var description: String {
            switch kind {
            case .terminated: "terminated"
            case .wouldBlock: "would-block"
            case .hostUnreachable: "host-unreachable"
            case .invalidEndpoint: "invalid-endpoint"
            case .addressInUse: "address-in-use"
            case .closed: "closed"
            case .invalidArgument: "invalid-argument"
            case .tooManyFrames: "too-many-frames"
            case .other: "other"
            }
        }
    }

    /// The classified failure.
    public var code: Code
    /// The raw `errno` libzmq reported (0 when the error did not come from libzmq).
    public var errno: Int32
    /// The libzmq call or operation that failed.
    public var operation: String

    /// Creates an error from an `errno` value reported by `operation`.
    public init(errno: Int32, operation: String) {
        self.errno = errno
        self.operation = operation
        self.code = Self.classify(errno)
    }

    /// Creates an error that did not come from libzmq.
    public init(code: Code, operation: String) {
        self.code = code
        self.errno = 0
        self.operation = operation
    }

    public var description: String {
        if errno == 0 { return "\(operation): \(code)" }
        return "\(operation): \(String(cString: zmq_strerror(errno))) (errno \(errno))"
    }

    private static func classify(_ errno: Int32) -> Code {
        switch errno {
        case ETERM: .terminated
        case EAGAIN: .wouldBlock
        case EHOSTUNREACH: .hostUnreachable
        case EPROTONOSUPPORT, ENOCOMPATPROTO: .invalidEndpoint
        case EINVAL: .invalidArgument
        case EADDRINUSE: .addressInUse
        case ENOTSOCK: .closed
        default: .other
        }
    }
}

/// Runs a libzmq call that returns -1 on failure, retrying `EINTR` and keeping `errno` otherwise.
@inline(__always)
@discardableResult
func zmqCall(_ operation: @autoclosure () -> String, _ body: () -> Int32) throws(ZMQError) -> Int32 {
    while true {
        let result = body()
        if result != -1 { return result }
        let error = zmq_errno()
        if error == EINTR { continue }
        throw ZMQError(errno: error, operation: operation())
    }
}

import CZeroMQ

/// The socket patterns the cluster uses.
public enum ZMQSocketType: Sendable {
    case router, dealer, pair, push, pull, req, rep

    var rawValue: Int32 {
        switch self {
        case .router: ZMQ_ROUTER
        case .dealer: ZMQ_DEALER
        case .pair: ZMQ_PAIR
        case .push: ZMQ_PUSH
        case .pull: ZMQ_PULL
        case .req: ZMQ_REQ
        case .rep: ZMQ_REP
        }
    }
}

/// One multipart message as received: its frames in order.
public struct ZMQMessage: Sendable {
    /// The frames that were kept.
    public var frames: [[UInt8]]
    /// Frames past the receiver's limit, drained from the socket but not kept.
    public var droppedFrames: Int
    /// The ZAP user id the sending connection was admitted with (`User-Id`), when asked for and set.
    public var userId: String?
    /// The sender's address (`Peer-Address`), when asked for and known (TCP and IPC connections).
    public var peerAddress: String?

    /// A message of `frames`, as a test or a receiver builds it.
    public init(frames: [[UInt8]], droppedFrames: Int = 0, userId: String? = nil, peerAddress: String? = nil) {
        self.frames = frames
        self.droppedFrames = droppedFrames
        self.userId = userId
        self.peerAddress = peerAddress
    }
}

/// A libzmq socket, confined to the thread that uses it.
///
/// libzmq sockets are not thread-safe, so this type is deliberately not `Sendable`: create it on the
/// thread that owns it and close it there. `close()` is explicit; using a closed socket throws `.closed`.
public final class ZMQSocket {
    private var handle: UnsafeMutableRawPointer?
    // Held so the context is not terminated while this socket is open.
    private let context: ZMQContext
    /// The pattern this socket was created with.
    public let type: ZMQSocketType

    /// Creates a socket of `type` in `context`, with linger 0 unless changed (nothing waits at close).
    public init(context: ZMQContext, type: ZMQSocketType) throws(ZMQError) {
        guard let handle = zmq_socket(context.handle, type.rawValue) else {
            throw ZMQError(errno: zmq_errno(), operation: "zmq_socket")
        }
        self.handle = handle
        self.context = context
        self.type = type
        try setOption(ZMQ_LINGER, Int32(0), name: "LINGER")
    }

    deinit {
        // Closing cannot fail for a valid handle; an unclosed socket would block zmq_ctx_term forever.
        if let handle { zmq_close(handle) }
    }

    /// Closes the socket. Safe to call twice.
    public func close() {
        if let handle {
            zmq_close(handle)
            self.handle = nil
        }
    }

    /// Whether `close()` has been called.
    public var isClosed: Bool { handle == nil }

    func requireHandle(_ operation: String) throws(ZMQError) -> UnsafeMutableRawPointer {
        guard let handle else { throw ZMQError(code: .closed, operation: operation) }
        return handle
    }

    /// Binds to an endpoint such as `tcp://127.0.0.1:7700` (`tcp://127.0.0.1:*` picks a free port).
    public func bind(_ endpoint: String) throws(ZMQError) {
        let handle = try requireHandle("zmq_bind")
        try zmqCall("zmq_bind(\(endpoint))") { zmq_bind(handle, endpoint) }
    }

    /// Connects to an endpoint. libzmq connects in the background and reconnects by itself.
    public func connect(_ endpoint: String) throws(ZMQError) {
        let handle = try requireHandle("zmq_connect")
        try zmqCall("zmq_connect(\(endpoint))") { zmq_connect(handle, endpoint) }
    }

    /// Disconnects from an endpoint given to `connect`.
    public func disconnect(_ endpoint: String) throws(ZMQError) {
        let handle = try requireHandle("zmq_disconnect")
        try zmqCall("zmq_disconnect(\(endpoint))") { zmq_disconnect(handle, endpoint) }
    }

    // MARK: Sending

    /// Sends a multipart message.
    /// - Parameter wait: when false, returns `false` instead of blocking if the high-water mark is reached.
    /// - Returns: whether the message was queued.
    /// - Throws: `.hostUnreachable` on a ROUTER with `ROUTER_MANDATORY` and an unknown peer.
    @discardableResult
    public func send(_ frames: [[UInt8]], wait: Bool = false) throws(ZMQError) -> Bool {
        precondition(!frames.isEmpty, "a ZeroMQ message has at least one frame")
        let handle = try requireHandle("zmq_send")
        for (index, frame) in frames.enumerated() {
            var flags: Int32 = wait ? 0 : ZMQ_DONTWAIT
            if index < frames.count - 1 { flags |= ZMQ_SNDMORE }
            do {
                try zmqCall("zmq_send") {
                    frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
                }
            } catch  where error.code == .wouldBlock && index == 0 {
                // Nothing of this message was queued; libzmq queues a multipart message atomically.
                return false
            }
        }
        return true
    }

    // MARK: Receiving

    /// Receives one multipart message.
    /// - Parameters:
    ///   - wait: when false, returns `nil` at once if nothing is queued.
    ///   - maxFrames: frames past this count are drained and counted in `droppedFrames`, not kept.
    ///   - readMetadata: read the connection's `User-Id` (set by a ZAP handler) and `Peer-Address`.
    public func receive(wait: Bool = false, maxFrames: Int = 1024, readMetadata: Bool = false) throws(ZMQError)
        -> ZMQMessage?
    {
        let handle = try requireHandle("zmq_msg_recv")
        var frames: [[UInt8]] = []
        var dropped = 0
        var userId: String?
        var peerAddress: String?
        var message = zmq_msg_t()
        zmq_msg_init(&message)
        defer { zmq_msg_close(&message) }
        repeat {
            let flags: Int32 = (wait || !frames.isEmpty || dropped > 0) ? 0 : ZMQ_DONTWAIT
            do {
                try zmqCall("zmq_msg_recv") { zmq_msg_recv(&message, handle, flags) }
            } catch  where error.code == .wouldBlock && frames.isEmpty && dropped == 0 {
                return nil
            }
            // Frames carry their connection's metadata; a ROUTER's routing-id frame too, so two frames suffice.
            if readMetadata && frames.count + dropped < 2 {
                if userId == nil, let value = zmq_msg_gets(&message, "User-Id") { userId = String(cString: value) }
                if peerAddress == nil, let value = zmq_msg_gets(&message, "Peer-Address") {
                    peerAddress = String(cString: value)
                }
            }
            if frames.count < maxFrames {
                let size = zmq_msg_size(&message)
                if size == 0 {
                    frames.append([])
                } else {
                    let data = zmq_msg_data(&message)!.assumingMemoryBound(to: UInt8.self)
                    frames.append(Array(UnsafeBufferPointer(start: data, count: size)))
                }
            } else {
                dropped += 1
            }
        } while zmq_msg_more(&message) == 1
        return ZMQMessage(frames: frames, droppedFrames: dropped, userId: userId, peerAddress: peerAddress)
    }

    // MARK: Polling support

    var pollHandle: UnsafeMutableRawPointer? { handle }
}

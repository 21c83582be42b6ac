import CZeroMQ

/// Socket events libzmq reports to a monitor (`zmq_socket_monitor`), the few the cluster watches.
public struct ZMQMonitorEvent: Sendable, Hashable {
    /// A handshake failed before authentication: wrong mechanism (e.g. a peer without CURVE) or bad ZMTP.
    public static let handshakeFailedProtocol = Int32(ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL)
    /// A handshake failed for another reason (e.g. the connection dropped midway).
    public static let handshakeFailedNoDetail = Int32(ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL)
    /// A connection was established (TCP, or IPC).
    public static let connected = Int32(ZMQ_EVENT_CONNECTED)
    /// A connect attempt failed (refused, no such socket file) and will be retried.
    public static let connectRetried = Int32(ZMQ_EVENT_CONNECT_RETRIED)
    /// The peer mechanism differs from this socket's (`value` of a protocol failure).
    public static let mechanismMismatch = UInt32(ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH)

    /// The event bit.
    public var event: Int32
    /// Event detail: a protocol error code for handshake failures.
    public var value: UInt32
    /// The endpoint the event concerns (for a bound socket libzmq names its own endpoint).
    public var endpoint: String

    /// Reads the two frames a monitor socket delivers; nil if they are not an event.
    public init?(frames: [[UInt8]]) {
        guard frames.count >= 2, frames[0].count == 6 else { return nil }
        let head = frames[0]
        // Native byte order, as libzmq writes it; every supported target is little-endian.
        event = Int32(UInt16(head[0]) | UInt16(head[1]) << 8)
        value = UInt32(head[2]) | UInt32(head[3]) << 8 | UInt32(head[4]) << 16 | UInt32(head[5]) << 24
        endpoint = String(decoding: frames[1], as: UTF8.self)
    }
}

extension ZMQSocket {
    /// Publishes this socket's `events` (a mask of `ZMQMonitorEvent` bits) on a PAIR socket bound at
    /// `inproc` endpoint `endpoint`; connect a `.pair` socket there, on the same thread, to read them.
    public func monitor(_ endpoint: String, events: Int32) throws(ZMQError) {
        let handle = try requireHandle("zmq_socket_monitor")
        try zmqCall("zmq_socket_monitor(\(endpoint))") { zmq_socket_monitor(handle, endpoint, events) }
    }
}

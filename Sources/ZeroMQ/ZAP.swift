/// The ZeroMQ Authentication Protocol (RFC 27): libzmq asks a REP socket bound at `endpoint`, in the
/// same context as the server socket, whether each new connection may complete its handshake.
public enum ZAP {
    /// Where libzmq sends its requests; the handler must be bound before the server socket.
    public static let endpoint = "inproc://zeromq.zap.01"

    /// One authentication request, as it arrives on the handler's REP socket.
    public struct Request: Sendable, Hashable {
        /// Echoed in the reply so libzmq can match it.
        public var requestId: [UInt8]
        /// The server socket's ZAP domain.
        public var domain: String
        /// The peer's IP address as text.
        public var address: String
        /// The peer's routing id as it announced it (often empty).
        public var identity: [UInt8]
        /// `NULL`, `PLAIN` or `CURVE`.
        public var mechanism: String
        /// For CURVE, the client's 32-byte public key.
        public var credentials: [[UInt8]]

        /// The client's CURVE public key in Z85, when this is a CURVE request with a well-formed key.
        public var curvePublicKey: String? {
            guard mechanism == "CURVE", credentials.count == 1 else { return nil }
            return Z85.encodeKey(credentials[0])
        }

        /// Parses the request frames; nil when they are not a version 1.0 request.
        public init?(frames: [[UInt8]]) {
            guard frames.count >= 6, frames[0] == Array("1.0".utf8) else { return nil }
            requestId = frames[1]
            domain = String(decoding: frames[2], as: UTF8.self)
            address = String(decoding: frames[3], as: UTF8.self)
            identity = frames[4]
            mechanism = String(decoding: frames[5], as: UTF8.self)
            credentials = Array(frames.dropFirst(6))
        }
    }

    /// The reply frames: status `200` admits with `userId` (read back as the `User-Id` message property),
    /// `400` refuses, `500` reports a handler failure.
    public static func reply(to requestId: [UInt8], status: Int, text: String, userId: String = "") -> [[UInt8]] {
        [Array("1.0".utf8), requestId, Array(String(status).utf8), Array(text.utf8), Array(userId.utf8), []]
    }
}

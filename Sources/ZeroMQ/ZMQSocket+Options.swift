import CZeroMQ

extension ZMQSocket {
    func setOption(_ option: Int32, _ value: Int32, name: String) throws(ZMQError) {
        let handle = try requireHandle("zmq_setsockopt(\(name))")
        var value = value
        try zmqCall("zmq_setsockopt(\(name))") {
            zmq_setsockopt(handle, option, &value, MemoryLayout<Int32>.size)
        }
    }

    func setOption(_ option: Int32, int64 value: Int64, name: String) throws(ZMQError) {
        let handle = try requireHandle("zmq_setsockopt(\(name))")
        var value = value
        try zmqCall("zmq_setsockopt(\(name))") {
            zmq_setsockopt(handle, option, &value, MemoryLayout<Int64>.size)
        }
    }

    func setOption(_ option: Int32, bytes: [UInt8], name: String) throws(ZMQError) {
        let handle = try requireHandle("zmq_setsockopt(\(name))")
        try zmqCall("zmq_setsockopt(\(name))") {
            bytes.withUnsafeBytes { zmq_setsockopt(handle, option, $0.baseAddress, $0.count) }
        }
    }

    func int32Option(_ option: Int32, name: String) throws(ZMQError) -> Int32 {
        let handle = try requireHandle("zmq_getsockopt(\(name))")
        var value: Int32 = 0
        var size = MemoryLayout<Int32>.size
        try zmqCall("zmq_getsockopt(\(name))") { zmq_getsockopt(handle, option, &value, &size) }
        return value
    }

    /// Milliseconds to keep unsent messages after `close()` (0 drops them at once).
    public func setLinger(milliseconds: Int32) throws(ZMQError) {
        try setOption(ZMQ_LINGER, milliseconds, name: "LINGER")
    }

    /// Messages queued per peer before sends block or fail (`SNDHWM`).
    public func setSendHighWaterMark(_ messages: Int32) throws(ZMQError) {
        try setOption(ZMQ_SNDHWM, messages, name: "SNDHWM")
    }

    /// Messages queued per peer on receive before libzmq stops reading (`RCVHWM`).
    public func setReceiveHighWaterMark(_ messages: Int32) throws(ZMQError) {
        try setOption(ZMQ_RCVHWM, messages, name: "RCVHWM")
    }

    /// The identity a DEALER presents to a ROUTER (`ROUTING_ID`), 1–255 bytes, not starting with 0.
    public func setRoutingId(_ id: [UInt8]) throws(ZMQError) {
        try setOption(ZMQ_ROUTING_ID, bytes: id, name: "ROUTING_ID")
    }

    /// On a ROUTER, report unroutable messages as `.hostUnreachable` instead of dropping them.
    public func setRouterMandatory(_ on: Bool) throws(ZMQError) {
        try setOption(ZMQ_ROUTER_MANDATORY, Int32(on ? 1 : 0), name: "ROUTER_MANDATORY")
    }

    /// On a ROUTER, let a reconnecting peer take over its routing id from a stale connection.
    public func setRouterHandover(_ on: Bool) throws(ZMQError) {
        try setOption(ZMQ_ROUTER_HANDOVER, Int32(on ? 1 : 0), name: "ROUTER_HANDOVER")
    }

    /// The largest frame libzmq accepts from a peer; a larger one disconnects that peer (`MAXMSGSIZE`).
    public func setMaxMessageSize(_ bytes: Int64) throws(ZMQError) {
        try setOption(ZMQ_MAXMSGSIZE, int64: bytes, name: "MAXMSGSIZE")
    }

    /// First and maximum reconnect intervals; libzmq doubles between them.
    public func setReconnectInterval(milliseconds: Int32, maximum: Int32) throws(ZMQError) {
        try setOption(ZMQ_RECONNECT_IVL, milliseconds, name: "RECONNECT_IVL")
        try setOption(ZMQ_RECONNECT_IVL_MAX, maximum, name: "RECONNECT_IVL_MAX")
    }

    /// Queue messages only to completed connections (`IMMEDIATE`).
    public func setImmediate(_ on: Bool) throws(ZMQError) {
        try setOption(ZMQ_IMMEDIATE, Int32(on ? 1 : 0), name: "IMMEDIATE")
    }

    /// Milliseconds a new connection may take to finish its handshake (`HANDSHAKE_IVL`).
    public func setHandshakeInterval(milliseconds: Int32) throws(ZMQError) {
        try setOption(ZMQ_HANDSHAKE_IVL, milliseconds, name: "HANDSHAKE_IVL")
    }

    /// Turns on TCP keepalive so half-open connections are eventually noticed by the kernel.
    public func setTCPKeepalive(_ on: Bool) throws(ZMQError) {
        try setOption(ZMQ_TCP_KEEPALIVE, Int32(on ? 1 : -1), name: "TCP_KEEPALIVE")
    }

    // MARK: CURVE

    /// Makes this socket the CURVE server side, with its secret key (32 bytes).
    public func setCurveServer(secretKey: [UInt8]) throws(ZMQError) {
        try setOption(ZMQ_CURVE_SERVER, Int32(1), name: "CURVE_SERVER")
        try setOption(ZMQ_CURVE_SECRETKEY, bytes: secretKey, name: "CURVE_SECRETKEY")
    }

    /// Makes this socket a CURVE client of the server with `serverKey`, using its own key pair.
    public func setCurveClient(serverKey: [UInt8], publicKey: [UInt8], secretKey: [UInt8]) throws(ZMQError) {
        try setOption(ZMQ_CURVE_SERVERKEY, bytes: serverKey, name: "CURVE_SERVERKEY")
        try setOption(ZMQ_CURVE_PUBLICKEY, bytes: publicKey, name: "CURVE_PUBLICKEY")
        try setOption(ZMQ_CURVE_SECRETKEY, bytes: secretKey, name: "CURVE_SECRETKEY")
    }

    /// Makes this socket the CURVE server side with its secret key in Z85 text (40 characters).
    public func setCurveServer(secretKey: String) throws(ZMQError) {
        guard let key = Z85.decodeKey(secretKey) else {
            throw ZMQError(code: .invalidArgument, operation: "CURVE secret key is not 40 characters of Z85")
        }
        try setCurveServer(secretKey: key)
    }

    /// Makes this socket a CURVE client with `credentials`.
    public func setCurveClient(_ credentials: CurveClientCredentials) throws(ZMQError) {
        try setCurveClient(
            serverKey: credentials.serverPublicKeyBytes, publicKey: credentials.keyPairBytes.public,
            secretKey: credentials.keyPairBytes.secret)
    }

    /// The ZAP domain used when authenticating peers of this socket.
    public func setZAPDomain(_ domain: String) throws(ZMQError) {
        try setOption(ZMQ_ZAP_DOMAIN, bytes: Array(domain.utf8), name: "ZAP_DOMAIN")
    }

    // MARK: Reading

    /// The endpoint last bound, with the port resolved when `*` was asked for.
    public func lastEndpoint() throws(ZMQError) -> String {
        let handle = try requireHandle("zmq_getsockopt(LAST_ENDPOINT)")
        var buffer = [CChar](repeating: 0, count: 256)
        var size = buffer.count
        try zmqCall("zmq_getsockopt(LAST_ENDPOINT)") { zmq_getsockopt(handle, ZMQ_LAST_ENDPOINT, &buffer, &size) }
        return text(buffer)
    }
}

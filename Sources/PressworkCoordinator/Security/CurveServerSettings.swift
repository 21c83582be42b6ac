import ZeroMQ

/// CURVE on the coordinator's endpoint: its own key and the public keys it admits for each role.
public struct CurveServerSettings: Sendable {
    /// The coordinator's key pair (the secret stays on the coordinator; workers and clients get the public key).
    public var keyPair: CurveKeyPair
    /// A directory of `*.pub` files: the keys admitted as workers.
    public var workerKeysDirectory: String?
    /// A directory of `*.pub` files: the keys admitted as clients.
    public var clientKeysDirectory: String?
    /// Seconds between checks of the key directories for changes (SIGHUP reloads at once).
    public var reloadInterval: Double = 2

    public init(keyPair: CurveKeyPair, workerKeysDirectory: String?, clientKeysDirectory: String?) {
        self.keyPair = keyPair
        self.workerKeysDirectory = workerKeysDirectory
        self.clientKeysDirectory = clientKeysDirectory
    }
}

/// The roles a peer's key was admitted for, as the ZAP handler encodes them in the connection's user id
/// (`worker:KEY`, `client:KEY` or `worker+client:KEY`) and the loop reads them back from each message.
struct PeerIdentity: Hashable, Sendable {
    var worker: Bool
    var client: Bool
    /// The peer's public key (Z85).
    var key: String

    var userId: String {
        let roles = [worker ? "worker" : nil, client ? "client" : nil].compactMap { $0 }.joined(separator: "+")
        return "\(roles):\(key)"
    }

    init(worker: Bool, client: Bool, key: String) {
        self.worker = worker
        self.client = client
        self.key = key
    }

    /// Reads a user id made by `userId`; nil for anything else.
    init?(userId: String) {
        guard let colon = userId.firstIndex(of: ":") else { return nil }
        let roles = userId[..<colon].split(separator: "+")
        worker = roles.contains("worker")
        client = roles.contains("client")
        key = String(userId[userId.index(after: colon)...])
        guard worker || client, !key.isEmpty else { return nil }
    }
}

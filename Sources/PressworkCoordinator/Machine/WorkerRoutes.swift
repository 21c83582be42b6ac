import PressworkProtocol

/// Which connection speaks for which worker id, and under CURVE with which key. A worker id is bound by
/// `READY` to the connection (routing id) and key that sent it; only that connection is heard as that
/// worker, and only that key may register the id again.
struct WorkerRoutes {
    private var routingIds: [String: [UInt8]] = [:]
    private var workerOfRouting: [[UInt8]: String] = [:]
    private var keyOfWorker: [String: String] = [:]

    /// What a `READY` did.
    enum Registration: Equatable {
        /// The id is registered by another key: nothing changed.
        case refused
        /// Bound. `replacedConnection`: the same id (and key) came from a new connection, whose old one is
        /// no longer heard (a restarted worker). `endedId`: this connection was registered under another
        /// id, whose registration ends (its jobs go back).
        case registered(replacedConnection: Bool, endedId: String?)
    }

    /// Binds `worker` to the connection `routingId` and `key` (nil without CURVE).
    mutating func register(_ worker: String, routingId: [UInt8], key: String?) -> Registration {
        var replaced = false
        if let bound = routingIds[worker], bound != routingId {
            if let key, let owner = keyOfWorker[worker], owner != key { return .refused }
            workerOfRouting[bound] = nil
            replaced = true
        }
        var ended: String?
        if let previous = workerOfRouting[routingId], previous != worker {
            forget(previous)
            ended = previous
        }
        workerOfRouting[routingId] = worker
        routingIds[worker] = routingId
        keyOfWorker[worker] = key
        return .registered(replacedConnection: replaced, endedId: ended)
    }

    /// The worker a connection registered as, if any.
    func worker(at routingId: [UInt8]) -> String? { workerOfRouting[routingId] }

    /// Where to send to a registered worker.
    func routingId(of worker: String) -> [UInt8]? { routingIds[worker] }

    /// The key that registered a worker (under CURVE).
    func key(of worker: String) -> String? { keyOfWorker[worker] }

    /// Registered workers and their keys, by worker id (under CURVE), for revocation checks.
    var keys: [(worker: String, key: String)] {
        keyOfWorker.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Whether a message on a registered worker's connection comes with another key than the one that
    /// registered it: ROUTER_HANDOVER gave that connection's routing id to a peer that knows the worker's
    /// secret routing id. Such a worker is dropped.
    func isTakenOver(_ worker: String, by key: String?) -> Bool {
        guard let key, let owner = keyOfWorker[worker] else { return false }
        return owner != key
    }

    /// Forgets how to reach a worker that left or was lost; it must register again to be heard.
    mutating func forget(_ worker: String) {
        keyOfWorker[worker] = nil
        guard let routingId = routingIds.removeValue(forKey: worker) else { return }
        if workerOfRouting[routingId] == worker { workerOfRouting[routingId] = nil }
    }

    /// How a peer is named in logs: its worker id once registered; otherwise the start of its routing id
    /// (a worker's routing id is a secret that lets its holder receive the worker's jobs).
    func label(_ routingId: [UInt8]) -> String {
        if let worker = workerOfRouting[routingId] { return worker }
        return String(PeerKey.key(for: routingId).prefix(8)) + "…"
    }
}

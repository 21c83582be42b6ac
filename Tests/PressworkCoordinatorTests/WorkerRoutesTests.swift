import Testing

@testable import PressworkCoordinator

@Suite("Worker routes: which connection and key speak for a worker id")
struct WorkerRoutesTests {
    let a: [UInt8] = [0, 1]
    let b: [UInt8] = [0, 2]

    @Test("READY binds an id to its connection and key; unregistered connections are labelled by a prefix only")
    func register() {
        var routes = WorkerRoutes()
        #expect(routes.register("w1", routingId: a, key: "k1") == .registered(replacedConnection: false, endedId: nil))
        #expect(routes.worker(at: a) == "w1" && routes.routingId(of: "w1") == a && routes.key(of: "w1") == "k1")
        #expect(routes.label(a) == "w1")
        let secret: [UInt8] = Array("0123456789abcdef".utf8)
        #expect(routes.label(secret) == "01234567…")
    }

    @Test("Another key cannot register a taken id; the same key from a new connection replaces the old one")
    func takenIds() {
        var routes = WorkerRoutes()
        _ = routes.register("w1", routingId: a, key: "k1")
        #expect(routes.register("w1", routingId: b, key: "k2") == .refused)
        #expect(routes.worker(at: b) == nil && routes.routingId(of: "w1") == a)
        #expect(routes.register("w1", routingId: b, key: "k1") == .registered(replacedConnection: true, endedId: nil))
        #expect(routes.worker(at: a) == nil && routes.worker(at: b) == "w1")
        // Without CURVE there are no keys: a restarted worker simply replaces its old connection.
        var plain = WorkerRoutes()
        _ = plain.register("w1", routingId: a, key: nil)
        #expect(plain.register("w1", routingId: b, key: nil) == .registered(replacedConnection: true, endedId: nil))
    }

    @Test("A connection that registers under a new id ends its old registration")
    func newIdOnSameConnection() {
        var routes = WorkerRoutes()
        _ = routes.register("w1", routingId: a, key: "k1")
        #expect(routes.register("w2", routingId: a, key: "k1") == .registered(replacedConnection: false, endedId: "w1"))
        #expect(routes.routingId(of: "w1") == nil && routes.key(of: "w1") == nil && routes.worker(at: a) == "w2")
    }

    @Test("A message with another key on a worker's connection is a takeover; forgetting unbinds the id")
    func takeoverAndForget() {
        var routes = WorkerRoutes()
        _ = routes.register("w1", routingId: a, key: "k1")
        #expect(routes.isTakenOver("w1", by: "k2"))
        #expect(!routes.isTakenOver("w1", by: "k1") && !routes.isTakenOver("w1", by: nil))
        #expect(routes.keys.map(\.key) == ["k1"])
        routes.forget("w1")
        #expect(routes.worker(at: a) == nil && routes.routingId(of: "w1") == nil && routes.keys.isEmpty)
        #expect(!routes.isTakenOver("w1", by: "k2"))
    }
}

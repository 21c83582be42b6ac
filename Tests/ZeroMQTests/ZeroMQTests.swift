import Testing

@testable import ZeroMQ

@Suite("ZeroMQ wrapper")
struct ZeroMQTests {
    @Test func routerDealerRoundTripOverTCP() throws {
        let context = try ZMQContext()
        let router = try ZMQSocket(context: context, type: .router)
        try router.setRouterMandatory(true)
        try router.bind("tcp://127.0.0.1:*")
        let endpoint = try router.lastEndpoint()
        #expect(endpoint.hasPrefix("tcp://127.0.0.1:"))

        let dealer = try ZMQSocket(context: context, type: .dealer)
        try dealer.setRoutingId(Array("peer-1".utf8))
        try dealer.connect(endpoint)
        #expect(try dealer.send([Array("hello".utf8), [], [0, 1, 2]], wait: true))

        var poller = ZMQPoller([router])
        #expect(try poller.poll(milliseconds: 60_000) == [true])
        let message = try #require(try router.receive())
        #expect(message.frames == [Array("peer-1".utf8), Array("hello".utf8), [], [0, 1, 2]])
        #expect(message.droppedFrames == 0)

        try router.send([Array("peer-1".utf8), Array("back".utf8)])
        let reply = try #require(try dealer.receive(wait: true))
        #expect(reply.frames == [Array("back".utf8)])
        dealer.close()
        router.close()
    }

    @Test func receiveWithoutWaitReturnsNilWhenEmpty() throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context: context, type: .pull)
        try socket.bind("inproc://empty")
        #expect(try socket.receive() == nil)
    }

    @Test func routerMandatoryReportsUnknownPeer() throws {
        let context = try ZMQContext()
        let router = try ZMQSocket(context: context, type: .router)
        try router.setRouterMandatory(true)
        try router.bind("tcp://127.0.0.1:*")
        let error = #expect(throws: ZMQError.self) { try router.send([Array("nobody".utf8), [1]]) }
        #expect(error?.code == .hostUnreachable)
        #expect(error?.errno != 0)
    }

    @Test func framesPastTheLimitAreDrainedAndCounted() throws {
        let context = try ZMQContext()
        let pull = try ZMQSocket(context: context, type: .pull)
        try pull.bind("inproc://frames")
        let push = try ZMQSocket(context: context, type: .push)
        try push.connect("inproc://frames")
        try push.send((0..<10).map { [UInt8($0)] }, wait: true)
        try push.send([[42]], wait: true)
        let first = try #require(try pull.receive(wait: true, maxFrames: 3))
        #expect(first.frames.count == 3)
        #expect(first.droppedFrames == 7)
        // The next message starts cleanly: nothing of the first one is left behind.
        #expect(try pull.receive(wait: true)?.frames == [[42]])
    }

    @Test func useAfterCloseThrows() throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context: context, type: .dealer)
        socket.close()
        socket.close()
        #expect(socket.isClosed)
        let error = #expect(throws: ZMQError.self) { try socket.connect("tcp://127.0.0.1:1") }
        #expect(error?.code == .closed)
    }

    @Test func malformedEndpointKeepsErrno() throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context: context, type: .router)
        let error = #expect(throws: ZMQError.self) { try socket.bind("nonsense://x") }
        #expect(error?.errno != 0)
    }

    @Test func curveKeysRoundTripThroughZ85() throws {
        #expect(ZMQContext.has("curve"))
        let pair = try CurveKeyPair.generate()
        #expect(pair.publicKey.count == 40)
        let binary = try #require(Z85.decodeKey(pair.secretKey))
        #expect(binary.count == 32)
        #expect(Z85.encodeKey(binary) == pair.secretKey)
        #expect(Z85.decodeKey("too short") == nil)
    }

    @Test(arguments: [
        ("tcp://127.0.0.1:7700", Endpoint.tcp(host: "127.0.0.1", port: 7700)),
        ("tcp://*:7700", Endpoint.tcp(host: "*", port: 7700)),
        ("tcp://[::1]:80", Endpoint.tcp(host: "::1", port: 80)),
        ("ipc:///tmp/pw.sock", Endpoint.ipc(path: "/tmp/pw.sock")),
    ])
    func endpointsParseAndPrint(text: String, expected: Endpoint) {
        #expect(Endpoint(text) == expected)
        #expect(Endpoint(text)?.description == text)
    }

    @Test(arguments: ["", "tcp://host", "tcp://:80", "tcp://h:99999", "http://x:1", "tcp://h:port"])
    func malformedEndpointsAreRejected(text: String) {
        #expect(Endpoint(text) == nil)
    }
}

import Foundation
import Glibc
import PressworkClient
import PressworkProtocol
import PressworkTestSupport
import Testing
import ZeroMQ

@Suite("Coordinator client")
struct CoordinatorClientTests {
    /// Held for the whole run: nothing listens there, and no test running beside this one can take the port.
    static let nothingListens = try? ClosedPort()

    static func endpoints() throws -> [Endpoint] {
        [
            .tcp(host: "127.0.0.1", port: try #require(nothingListens).port),
            .tcp(host: "127.0.0.1", port: 1),
            .ipc(path: FileManager.default.temporaryDirectory.appendingPathComponent("presswork-\(UUID()).sock").path),
        ]
    }

    @Test(
        "A coordinator that is not there is unreachable at once: the connection is refused", arguments: try endpoints())
    func unreachable(_ endpoint: Endpoint) throws {
        let client = try CoordinatorClient(endpoint: endpoint, timeout: 5)
        let started = Date()
        let error = clientError { try client.status() }
        let elapsed = Date().timeIntervalSince(started)
        #expect(error?.code == .unreachable)
        #expect(error?.message.contains(endpoint.description) == true)
        #expect(error?.message.contains("connection refused") == true, "\(String(describing: error))")
        #expect(elapsed < 2, "a refusal is an answer: \(elapsed) s")
    }

    @Test("A peer that accepts the connection and stays silent is waited for until the timeout")
    func silentPeer() throws {
        let (listener, port) = try LoopbackSocket.bindAnyPort(reuseAddress: false)
        defer { close(listener) }
        #expect(listen(listener, 8) == 0)
        let endpoint = Endpoint.tcp(host: "127.0.0.1", port: port)
        let client = try CoordinatorClient(endpoint: endpoint, timeout: 0.5)
        let started = Date()
        let error = clientError { try client.status() }
        let elapsed = Date().timeIntervalSince(started)
        #expect(error?.code == .unreachable)
        #expect(error?.message.contains("0.5 s") == true, "\(String(describing: error))")
        #expect(elapsed >= 0.4)
        // Gives up: a generous bound that only a client waiting far past its timeout can miss.
        #expect(elapsed < 60, "took \(elapsed) s")
    }

    @Test("Every command reports an unreachable coordinator the same way")
    func everyCommand() throws {
        let port = try #require(Self.nothingListens).port
        let client = try CoordinatorClient(endpoint: .tcp(host: "127.0.0.1", port: port), timeout: 0.2)
        let commands: [(String, () throws -> Void)] = [
            ("submit", { _ = try client.submit([(ArticleMeta(source: "stdin"), Array("x".utf8))]) }),
            ("show", { _ = try client.show("j-1") }),
            ("export", { try client.export { _ in } }),
            ("dead", { _ = try client.dead() }),
            ("retry", { _ = try client.retry(nil) }),
            ("states", { _ = try client.states(of: ["j-1"]) }),
        ]
        let started = Date()
        for (name, command) in commands {
            #expect(clientError(command)?.code == .unreachable, "\(name)")
        }
        #expect(Date().timeIntervalSince(started) < 120, "each command gives up after its 0.2 s")
        // No request at all for no jobs.
        #expect(try client.states(of: []) == [])
    }

    @Test("The client keeps its endpoint and timeout")
    func configuration() throws {
        let endpoint = Endpoint.tcp(host: "127.0.0.1", port: 1)
        let client = try CoordinatorClient(endpoint: endpoint, timeout: 0.25)
        #expect(client.endpoint == endpoint)
        #expect(client.timeout == 0.25)
    }

    @Test("ClientError codes have stable names")
    func errorCodes() {
        #expect(ClientError.Code.unreachable.description == "unreachable")
        #expect(ClientError.Code.refused.description == "refused")
        #expect(ClientError.Code.badReply.description == "badReply")
        #expect(ClientError.Code.badInput.description == "badInput")
        let error = ClientError(.refused, "no such job", remoteCode: "unknown-job")
        #expect(error.description == "no such job")
        #expect(error.remoteCode == "unknown-job")
    }
}

import Foundation
import Glibc
import PressworkClient
import PressworkProtocol
import Testing
import ZeroMQ

/// A loopback TCP port nothing listens on: bound to find a free one, then closed.
func unusedPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    try #require(descriptor >= 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
            bind(descriptor, address, length) == 0 && getsockname(descriptor, address, &length) == 0
        }
    }
    try #require(bound)
    return Int(UInt16(bigEndian: address.sin_port))
}

@Suite("Coordinator client")
struct CoordinatorClientTests {
    static func endpoints() throws -> [Endpoint] {
        [
            .tcp(host: "127.0.0.1", port: try unusedPort()),
            .tcp(host: "127.0.0.1", port: 1),
            .ipc(path: FileManager.default.temporaryDirectory.appendingPathComponent("presswork-\(UUID()).sock").path),
        ]
    }

    @Test("A coordinator that is not there is unreachable within the timeout", arguments: try endpoints())
    func unreachable(_ endpoint: Endpoint) throws {
        let client = try CoordinatorClient(endpoint: endpoint, timeout: 0.5)
        let started = Date()
        let error = clientError { try client.status() }
        let elapsed = Date().timeIntervalSince(started)
        #expect(error?.code == .unreachable)
        #expect(error?.message.contains(endpoint.description) == true)
        #expect(error?.message.contains("0.5 s") == true)
        #expect(elapsed >= 0.4)
        #expect(elapsed < 2, "took \(elapsed) s")
    }

    @Test("Every command reports an unreachable coordinator the same way")
    func everyCommand() throws {
        let client = try CoordinatorClient(endpoint: .tcp(host: "127.0.0.1", port: try unusedPort()), timeout: 0.2)
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
        #expect(Date().timeIntervalSince(started) < 4)
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

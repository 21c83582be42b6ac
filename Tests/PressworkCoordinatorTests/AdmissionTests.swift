import Foundation
import Testing
import ZeroMQ

@testable import PressworkCoordinator

@Suite("Key admission")
struct AdmissionTests {
    private func request(key: [UInt8], mechanism: String = "CURVE") -> ZAP.Request {
        ZAP.Request(frames: [
            Array("1.0".utf8), [9], Array("presswork".utf8), Array("127.0.0.1".utf8), [], Array(mechanism.utf8), key,
        ])!
    }

    @Test func eachRoleGetsItsOwnUserIdAndUnknownKeysAreRefused() throws {
        let worker = try CurveKeyPair.generate()
        let client = try CurveKeyPair.generate()
        let both = try CurveKeyPair.generate()
        let stranger = try CurveKeyPair.generate()
        let keys = AdmittedKeys(
            workers: [worker.publicKey, both.publicKey], clients: [client.publicKey, both.publicKey])
        func decide(_ pair: CurveKeyPair) -> (Int, PeerIdentity?) {
            let decision = keys.decide(request(key: Z85.decodeKey(pair.publicKey)!))
            return (decision.status, decision.identity)
        }
        #expect(decide(worker).0 == 200 && decide(worker).1?.userId == "worker:\(worker.publicKey)")
        #expect(decide(client).0 == 200 && decide(client).1?.userId == "client:\(client.publicKey)")
        #expect(decide(both).1?.userId == "worker+client:\(both.publicKey)")
        #expect(decide(stranger).0 == 400 && decide(stranger).1 == nil)
        #expect(keys.decide(request(key: [], mechanism: "NULL")).status == 400)
    }

    @Test func userIdsRoundTrip() {
        for identity in [
            PeerIdentity(worker: true, client: false, key: "K"), PeerIdentity(worker: false, client: true, key: "K"),
            PeerIdentity(worker: true, client: true, key: "K"),
        ] {
            #expect(PeerIdentity(userId: identity.userId) == identity)
        }
        #expect(PeerIdentity(userId: "") == nil)
        #expect(PeerIdentity(userId: "admin:K") == nil)
    }

    @Test func keyDirectoriesLoadPublicFilesAndSkipBadOnes() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString)").path
        let workers = root + "/workers"
        let clients = root + "/clients"
        try FileManager.default.createDirectory(atPath: workers, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: clients, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let pair = try CurveKeyPair.generate()
        try CurveCertificate(publicKey: pair.publicKey, secretKey: pair.secretKey).write(directory: workers, name: "w1")
        try "garbage".write(toFile: clients + "/broken.pub", atomically: true, encoding: .utf8)
        try "ignored".write(toFile: clients + "/notes.txt", atomically: true, encoding: .utf8)
        let before = AdmittedKeys.fingerprint([workers, clients])
        let loaded = try AdmittedKeys.load(workers: workers, clients: clients)
        // The secret w1.key is not a .pub file: only w1.pub counts.
        #expect(loaded.keys.workers == [pair.publicKey])
        #expect(loaded.keys.clients.isEmpty)
        #expect(loaded.problems.count == 1 && loaded.problems[0].contains("broken.pub"))
        try FileManager.default.removeItem(atPath: workers + "/w1.pub")
        #expect(AdmittedKeys.fingerprint([workers, clients]) != before)
    }

    @Test func nonLoopbackBindNeedsCurveOrInsecure() throws {
        let data = FileManager.default.temporaryDirectory.path
        let open = CoordinatorConfiguration(endpoint: Endpoint("tcp://0.0.0.0:7700")!, dataDirectory: data)
        let error = #expect(throws: ConfigurationError.self) { try open.validate() }
        #expect(
            error?.description.contains("--server-key") == true && error?.description.contains("--insecure") == true)
        var insecure = open
        insecure.insecure = true
        try insecure.validate()
        #expect(insecure.isInsecure)
        let loopback = CoordinatorConfiguration(endpoint: Endpoint("tcp://127.0.0.1:7700")!, dataDirectory: data)
        try loopback.validate()
        #expect(!loopback.isInsecure)
    }
}

import Foundation
import PressworkClient
import PressworkProtocol
import PressworkTestSupport
import Testing
import ZeroMQ

/// CURVE over real TCP between real processes: admission by key and role, encryption on the wire,
/// key reloads, the non-loopback guard and the per-client pending bound.
@Suite("Security", .serialized)
struct SecurityTests {
    /// A phrase that appears in the article and nowhere else, to look for on the wire.
    static let phrase = "Quixotic zephyrs vex the marmalade quorum 7431"

    /// Keys made by `presswork keygen` in `cluster/keys`, with `*.pub` copied to the admitted directories.
    struct Keys {
        let directory: URL
        var workers: URL { directory.appendingPathComponent("admitted-workers") }
        var clients: URL { directory.appendingPathComponent("admitted-clients") }

        init(_ cluster: TestCluster, names: [String]) throws {
            directory = cluster.directory.appendingPathComponent("keys")
            for name in names {
                let result = try cluster.run(["keygen", "--out", directory.path, "--name", name])
                #expect(result.status == 0, "keygen failed: \(result.stderr)")
            }
            try FileManager.default.createDirectory(at: workers, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: clients, withIntermediateDirectories: true)
        }

        func path(_ file: String) -> String { directory.appendingPathComponent(file).path }

        func admit(_ name: String, into admitted: URL) throws {
            try FileManager.default.copyItem(
                atPath: path("\(name).pub"), toPath: admitted.appendingPathComponent("\(name).pub").path)
        }

        func credentials(_ name: String) throws -> CurveClientCredentials {
            try CurveClientCredentials(
                keyPair: try #require(try CurveCertificate.loadSecret(path: path("\(name).key")).keyPair),
                serverPublicKey: try CurveCertificate.loadPublic(path: path("server.pub")).publicKey)
        }

        func workerArguments(_ name: String) -> [String] {
            ["--key", path("\(name).key"), "--server-public-key", path("server.pub")]
        }

        var coordinatorArguments: [String] {
            ["--server-key", path("server.key"), "--worker-keys", workers.path, "--client-keys", clients.path]
        }
    }

    static func article(_ tag: String) -> [(meta: ArticleMeta, body: [UInt8])] {
        let text = "\(phrase).\n\nThe harbour reopened on Monday after a week of storms, officials said. \(tag)\n"
        return [(ArticleMeta(articleId: tag, source: "\(tag).txt", lang: nil, format: .text), Array(text.utf8))]
    }

    @Test("with CURVE on, admitted keys work, the wire carries no article text, and every other peer is refused")
    func curveAdmitsByKeyAndRole() throws {
        let cluster = try TestCluster("curve")
        let keys = try Keys(cluster, names: ["server", "w1", "c1", "stranger"])
        try keys.admit("w1", into: keys.workers)
        try keys.admit("c1", into: keys.clients)
        cluster.clientCredentials = try keys.credentials("c1")
        try cluster.startCoordinator(keys.coordinatorArguments)
        let proxy = try RecordingProxy(targetPort: cluster.port)

        // Admitted worker and client, both through the recording proxy.
        try cluster.startWorker("w1", connect: proxy.endpoint, keys.workerArguments("w1"))
        try cluster.waitForWorkers(["w1"])
        let viaProxy = try CoordinatorClient(
            endpoint: try #require(Endpoint(proxy.endpoint)), timeout: 10, curve: try keys.credentials("c1"))
        let jobs = try viaProxy.submit(Self.article("secret-1"))
        #expect(try waitForFinal(jobs, in: cluster, timeout: 120) == [.done])
        let show = try cluster.run(
            ["show", jobs[0]],
            environment: ["PRESSWORK_KEY": keys.path("c1.key"), "PRESSWORK_SERVER_PUBLIC_KEY": keys.path("server.pub")])
        #expect(show.status == 0, "show failed: \(show.stderr)")
        #expect(proxy.bytes.count > 1_000, "the proxy saw too little traffic to prove anything")
        #expect(!proxy.saw(Self.phrase), "article text crossed the wire in clear")
        #expect(!proxy.saw("harbour reopened"))

        // A client with an unknown key gets nothing accepted: the handshake never completes.
        let file = cluster.directory.appendingPathComponent("stranger.txt")
        try Data(Self.article("stranger")[0].body).write(to: file)
        let stranger = try cluster.run(
            ["submit", "--timeout", "2", file.path],
            environment: [
                "PRESSWORK_KEY": keys.path("stranger.key"), "PRESSWORK_SERVER_PUBLIC_KEY": keys.path("server.pub"),
            ])
        #expect(stranger.status == 3, "stranger: \(stranger.stderr)")
        // The same through the library.
        let strangerClient = try CoordinatorClient(
            endpoint: try #require(Endpoint(cluster.endpoint)), timeout: 2, curve: try keys.credentials("stranger"))
        #expect(throws: ClientError.self) { try strangerClient.submit(Self.article("stranger")) }

        // A worker key used as a client is refused by role.
        let workerAsClient = try CoordinatorClient(
            endpoint: try #require(Endpoint(cluster.endpoint)), timeout: 30, curve: try keys.credentials("w1"))
        let refusal = #expect(throws: ClientError.self) { try workerAsClient.submit(Self.article("w-as-c")) }
        #expect(refusal?.remoteCode == "forbidden", "\(String(describing: refusal))")

        // A client key used as a worker never registers.
        try cluster.startWorker("c1-as-worker", connect: cluster.endpoint, keys.workerArguments("c1"))
        try cluster.waitUntil(timeout: 60, "refusals counted") {
            let security = try #require(try cluster.client().status().security)
            return security.refusedRoles >= 2 && security.refusedHandshakes >= 1
        }
        // A peer without CURVE cannot complete a handshake; the refusal is counted too.
        let refusedBefore = try #require(try cluster.client().status().security).refusedHandshakes
        let plain = try CoordinatorClient(endpoint: try #require(Endpoint(cluster.endpoint)), timeout: 2)
        #expect(throws: ClientError.self) { try plain.status() }
        try cluster.waitUntil(timeout: 60, "the plain peer's refusal counted") {
            try #require(try cluster.client().status().security).refusedHandshakes > refusedBefore
        }
        let status = try cluster.client().status()
        #expect(status.workers.map(\.id) == ["w1"])
        #expect(status.queue.done == 1)
        #expect(status.security?.curve == true && status.security?.insecure == false)
        let log = try #require(cluster.coordinator).log
        #expect(log.contains("connection refused"), "\(log.suffix(3000))")
        #expect(log.contains("key not admitted for its role"))
        #expect(log.contains("peer does not use CURVE") || log.contains("peer without CURVE"))
        #expect(log.contains(try CurveCertificate.loadPublic(path: keys.path("stranger.pub")).publicKey))
    }

    @Test("key directories are reloaded without a restart, on change and on SIGHUP")
    func keyDirectoriesReload() throws {
        let cluster = try TestCluster("curve-reload")
        let keys = try Keys(cluster, names: ["server", "c1", "c2"])
        try keys.admit("c1", into: keys.clients)
        cluster.clientCredentials = try keys.credentials("c1")
        let coordinator = try cluster.startCoordinator(keys.coordinatorArguments)
        let endpoint = try #require(Endpoint(cluster.endpoint))
        #expect(throws: ClientError.self) {
            try CoordinatorClient(endpoint: endpoint, timeout: 1, curve: try keys.credentials("c2")).status()
        }
        try keys.admit("c2", into: keys.clients)
        try cluster.waitUntil(timeout: 60, "c2 admitted after the change") {
            (try? CoordinatorClient(endpoint: endpoint, timeout: 1, curve: try keys.credentials("c2")).status()) != nil
        }
        // Removing a key shuts out new connections of that key.
        try FileManager.default.removeItem(at: keys.clients.appendingPathComponent("c2.pub"))
        coordinator.signal(SIGHUP)
        try cluster.waitUntil(timeout: 60, "c2 refused after SIGHUP") {
            (try? CoordinatorClient(endpoint: endpoint, timeout: 1, curve: try keys.credentials("c2")).status()) == nil
        }
        #expect(coordinator.isRunning)
        #expect(coordinator.log.contains("admitted keys reloaded"))
    }

    @Test("without CURVE the same article is readable on the wire (the check above can fail)")
    func plainTextIsVisibleWithoutCurve() throws {
        let cluster = try TestCluster("plain-wire")
        try cluster.startCoordinator()
        let proxy = try RecordingProxy(targetPort: cluster.port)
        try cluster.startWorker("w1", connect: proxy.endpoint)
        try cluster.waitForWorkers(["w1"])
        let client = try CoordinatorClient(endpoint: try #require(Endpoint(proxy.endpoint)), timeout: 10)
        let jobs = try client.submit(Self.article("plain-1"))
        #expect(try waitForFinal(jobs, in: cluster, timeout: 120) == [.done])
        #expect(proxy.saw(Self.phrase))
        let security = try #require(try cluster.client().status().security)
        #expect(!security.curve && !security.insecure)
    }

    @Test("a non-loopback bind without --server-key is refused unless --insecure, which status shows")
    func nonLoopbackBindNeedsKeysOrInsecure() throws {
        let cluster = try TestCluster("insecure")
        // Port 0: the kernel picks a free one; the cluster reads it from the coordinator's log.
        let any = "tcp://0.0.0.0:0"
        let refused = try cluster.run(["coordinator", "--bind", any, "--data", cluster.dataDirectory.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--server-key") && refused.stderr.contains("--insecure"), "\(refused.stderr)")
        try cluster.startCoordinator(["--insecure"], bind: any)
        let security = try #require(try cluster.client().status().security)
        #expect(security.insecure && !security.curve)
        let text = try cluster.run(["status"])
        #expect(text.stdout.contains("INSECURE"), "\(text.stdout)")
    }

    @Test("a client over its pending-job bound gets a clear error, counted in status")
    func pendingJobsPerClientAreBounded() throws {
        let cluster = try TestCluster("pending")
        try cluster.startCoordinator(["--max-pending-per-client", "3"])
        let client = try cluster.client()
        let articles = GeneratedArticles.make(count: 4)
        _ = try client.submit(Array(articles.prefix(3)))
        let error = #expect(throws: ClientError.self) { try client.submit([articles[3]]) }
        #expect(error?.remoteCode == "too-many-pending")
        #expect(error?.message.contains("--max-pending-per-client") == true)
        #expect(try cluster.client().status().security?.refusedSubmissions == 1)
        // Another client (another connection) is not affected.
        #expect(try cluster.client().submit([articles[3]]).count == 1)
    }
}

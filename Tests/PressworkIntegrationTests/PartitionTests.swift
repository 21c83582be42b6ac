import Foundation
import PressworkClient
import PressworkProtocol
import PressworkTestSupport
import Testing
import ZeroMQ

/// A network that silently stops delivering, between a worker and the coordinator (a TCP proxy that
/// swallows bytes but keeps connections open): the failure after which some queues' workers stay
/// connected and never consume again.
@Suite("Silent network", .serialized)
struct PartitionTests {
    @Test("a worker cut off silently rebuilds its socket and takes jobs again once the network is back")
    func workerResumesAfterSilence() throws {
        let cluster = try TestCluster("silence")
        try cluster.startCoordinator(["--heartbeat", "0.3", "--liveness", "3", "--job-timeout", "5"])
        let proxy = try RecordingProxy(targetPort: cluster.port)
        defer { proxy.stop() }
        let worker = try cluster.startWorker(
            "w1", connect: proxy.endpoint, ["--heartbeat", "0.3", "--liveness", "3"])
        try cluster.waitForWorkers(["w1"])
        let before = try submit(GeneratedArticles.make(count: 4, sourcePrefix: "before"), to: cluster)
        #expect(try waitForFinal(before, in: cluster, timeout: 120).allSatisfy { $0 == .done })

        proxy.blackhole(true)
        let silencedAt = Date()
        try cluster.waitUntil(timeout: 60, "the coordinator declares w1 lost") {
            try cluster.client().status().workers.first { $0.id == "w1" }?.state == "lost"
        }
        // Submitted while the worker is cut off: they wait for it.
        let during = try submit(GeneratedArticles.make(count: 6, sourcePrefix: "during"), to: cluster)
        try cluster.waitUntil(timeout: 60, "the worker notices the silence") {
            worker.log.contains("coordinator silent; reconnecting")
        }
        // The network stays silent until the worker's rebuilt socket has connected into it too: the new
        // connection's handshake is swallowed like everything else, as on a real dead link.
        let connections = proxy.connectionsAccepted
        try cluster.waitUntil(timeout: 60, "the worker connects again into the silence") {
            proxy.connectionsAccepted > connections
        }
        proxy.blackhole(false)
        let healed = Date()
        let silence = healed.timeIntervalSince(silencedAt)

        let states = try waitForFinal(during, in: cluster, timeout: 300)
        #expect(states.allSatisfy { $0 == .done }, "\(cluster.logs)")
        let resumed = Date().timeIntervalSince(healed)
        let status = try cluster.client().status()
        #expect(status.workers.map { "\($0.id):\($0.state)" } == ["w1:up"])
        #expect(worker.isRunning)
        print(
            "[figure] silent network for \(String(format: "%.1f", silence)) s: the worker was back and had finished 6 queued jobs \(String(format: "%.1f", resumed)) s after the network returned"
        )
    }
}

/// SUBMIT is idempotent: a batch whose reply was lost is sent again and never queued twice.
@Suite("Idempotent submit", .serialized)
struct IdempotentSubmitTests {
    @Test("a SUBMIT whose reply is lost is sent again and queues each article once")
    func lostReply() throws {
        let cluster = try TestCluster("lost-reply")
        try cluster.startCoordinator()
        let proxy = try RecordingProxy(targetPort: cluster.port)
        defer { proxy.stop() }
        let client = try CoordinatorClient(endpoint: Endpoint(proxy.endpoint)!, timeout: 2)
        _ = try client.status()
        // The connection is up; now the coordinator receives and journals the batch, but its reply never
        // arrives. The network comes back once the coordinator has seen the batch a second time.
        proxy.blackhole(true, repliesOnly: true)
        let coordinator = try #require(cluster.coordinator)
        let healer = Thread {
            let deadline = Date().addingTimeInterval(120)
            while !coordinator.log.contains("repeated submission answered with its jobs") && Date() < deadline {
                usleep(20_000)
            }
            proxy.blackhole(false)
        }
        healer.start()
        var resends = 0
        let ids = try client.submit(GeneratedArticles.make(count: 5), resends: 30) { _ in resends += 1 }
        #expect(resends >= 1, "the first reply was lost, so the batch was sent again")
        #expect(Set(ids).count == 5)
        let status = try cluster.client().status()
        #expect(status.queue.queued + status.queue.delayed + status.queue.leased + status.queue.done == 5)
        #expect(cluster.coordinator?.log.contains("repeated submission answered with its jobs") == true)
        print("[figure] lost SUBMIT reply: batch sent \(resends + 1) times, 5 articles queued once")
    }

    @Test("the same key with another number of articles is refused; an over-long key is refused")
    func keyMisuse() throws {
        let cluster = try TestCluster("key-misuse")
        try cluster.startCoordinator()
        let client = try cluster.client()
        let articles = GeneratedArticles.make(count: 3)
        func send(_ batch: [(meta: ArticleMeta, body: [UInt8])], key: String) throws -> ClientReply {
            try client.request {
                .submit(Submit(req: $0, articles: batch.map(\.meta), key: key), bodies: batch.map(\.body))
            }
        }
        guard case .accepted(let first) = try send(articles, key: "k-1"),
            case .accepted(let again) = try send(articles, key: "k-1")
        else {
            Issue.record("SUBMIT not accepted")
            return
        }
        #expect(first.jobs == again.jobs)
        #expect(throws: ClientError.self) { _ = try send(Array(articles.prefix(2)), key: "k-1") }
        #expect(throws: ClientError.self) { _ = try send(articles, key: String(repeating: "k", count: 65)) }
        #expect(try cluster.client().status().queue.queued == 3)
    }
}

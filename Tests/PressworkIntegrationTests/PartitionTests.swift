import Foundation
import PressworkProtocol
import PressworkTestSupport
import Testing

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
        #expect(try waitForFinal(before, in: cluster, timeout: 30).allSatisfy { $0 == .done })

        proxy.blackhole(true)
        try cluster.waitUntil(timeout: 5, "the coordinator declares w1 lost") {
            try cluster.client().status().workers.first { $0.id == "w1" }?.state == "lost"
        }
        // Submitted while the worker is cut off: they wait for it.
        let during = try submit(GeneratedArticles.make(count: 6, sourcePrefix: "during"), to: cluster)
        try cluster.waitUntil(timeout: 5, "the worker notices the silence") {
            worker.log.contains("coordinator silent; reconnecting")
        }
        Thread.sleep(forTimeInterval: 1)
        proxy.blackhole(false)
        let healed = Date()

        let states = try waitForFinal(during, in: cluster, timeout: 30)
        #expect(states.allSatisfy { $0 == .done }, "\(cluster.logs)")
        let resumed = Date().timeIntervalSince(healed)
        let status = try cluster.client().status()
        #expect(status.workers.map { "\($0.id):\($0.state)" } == ["w1:up"])
        #expect(worker.isRunning)
        print(
            "[figure] silent network for ~3 s: the worker was back and had finished 6 queued jobs \(String(format: "%.1f", resumed)) s after the network returned"
        )
    }
}

import Foundation
import PressworkProtocol
import PressworkTestSupport
import Testing

/// A coordinator keeping its journal and results in a real PostgreSQL server, with real workers.
@Suite("A cluster on PostgreSQL", .enabled(if: PostgresServer.unavailableReason == nil))
struct PostgresClusterTests {
    static let samples = Checkout.root.appendingPathComponent("Scripts/samples").path

    @Test(
        "submit, process and query; the coordinator SIGKILLed and the database restarted mid-batch: nothing lost, nothing twice"
    )
    func clusterOnPostgres() throws {
        let database = try PostgresServer.start()
        let cluster = try TestCluster("postgres-cluster")
        let arguments = ["--store", database.url, "--name", "itest"]
        try cluster.startCoordinator(arguments)
        try cluster.startWorker("w1")
        let first = try cluster.run(["submit", "--wait", "--batch", "pg-1", Self.samples])
        #expect(first.status == 0, "\(first.stderr)")
        let samples = first.stdout.split(separator: "\n").map(String.init)
        #expect(samples.allSatisfy { $0.hasSuffix("-itest") }, "job ids end with the coordinator's name")
        #expect(
            try cluster.run(["results", "--json", "--fields", "id"]).stdout.split(separator: "\n").count
                == samples.count)
        #expect(try cluster.run(["results", "--json", "--lang", "kk"]).stdout.split(separator: "\n").count == 1)
        #expect(try cluster.run(["results", "--json", "--search", "公交"]).stdout.split(separator: "\n").count == 1)
        let status = try cluster.run(["status"])
        #expect(status.stdout.contains("pg-1"), "\(status.stdout)")

        // A batch in flight: the coordinator is SIGKILLed, then the database restarts under it.
        let jobs = try submit(GeneratedArticles.make(count: 300), to: cluster)
        try #require(cluster.coordinator).signal(SIGKILL)
        _ = cluster.coordinator?.waitForExit(timeout: 10)
        try cluster.startCoordinator(arguments)
        try database.restart()
        // A coordinator whose write failed while the database was down stops; started again, it goes on.
        if let coordinator = cluster.coordinator, coordinator.waitForExit(timeout: 3) != nil {
            try cluster.startCoordinator(arguments)
        }
        let states = try waitForFinal(jobs, in: cluster, timeout: 240)
        #expect(states.allSatisfy { $0 == .done }, "\(Dictionary(grouping: states, by: { $0 }).mapValues(\.count))")
        let exported = try cluster.run(["export"]).stdout.split(separator: "\n")
        let ids = exported.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(ids.count == samples.count + jobs.count && Set(ids).count == ids.count, "\(ids.count) exported")
        #expect(Set(ids) == Set(samples + jobs))
    }
}

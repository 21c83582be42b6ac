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

    @Test(
        "the database down under a running coordinator: it stays up, answers status, refuses with store-unavailable, and finishes everything once the database is back"
    )
    func outageWaitedOut() throws {
        let database = try PostgresServer.start()
        let cluster = try TestCluster("postgres-outage")
        // Leases shorter than the outage: they must get the outage's time back, not expire for it.
        let coordinator = try cluster.startCoordinator(
            ["--store", database.url, "--name", "outage", "--job-timeout", "2"])
        try cluster.startWorker("w1")
        let jobs = try submit(GeneratedArticles.make(count: 1_000), to: cluster)
        try cluster.waitUntil(timeout: 60, "some jobs done") { try cluster.client().status().queue.done >= 30 }

        database.kill()
        var unavailable: Double?
        try cluster.waitUntil(timeout: 30, "status to show the store unreachable") {
            let status = try cluster.run(["status", "--json"])
            guard status.status == 0,
                let object = try? JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any],
                let store = object["store"] as? [String: Any]
            else { return false }
            unavailable = store["unavailableSeconds"] as? Double
            return unavailable != nil
        }
        let text = try cluster.run(["status"])
        #expect(text.status == 0 && text.stdout.contains("UNREACHABLE"), "\(text.stdout)")
        let query = try cluster.run(["results", "--json", "--limit", "1"])
        #expect(query.status == 3, "a query waits for the store: \(query)")
        #expect(query.stderr.contains("unreachable"), "\(query.stderr)")
        // A submit during the outage waits it out, then its jobs are queued once.
        let late = try cluster.start(["submit", "--batch", "late", Self.samples])
        Thread.sleep(forTimeInterval: 4)
        #expect(coordinator.isRunning, "the coordinator waits the outage out instead of stopping")
        try database.restart()

        let submitted = try late.finish(within: 120)
        #expect(submitted.status == 0, "\(submitted)")
        #expect(submitted.stderr.contains("store-unavailable") || submitted.stderr.contains("unreachable"))
        let lateJobs = submitted.lines
        #expect(!lateJobs.isEmpty)
        let states = try waitForFinal(jobs + lateJobs, in: cluster, timeout: 240)
        #expect(states.allSatisfy { $0 == .done }, "\(Dictionary(grouping: states, by: { $0 }).mapValues(\.count))")
        #expect(coordinator.isRunning)
        let ids = try exportedDocuments(cluster).map(\.id)
        #expect(ids.count == jobs.count + lateJobs.count && Set(ids) == Set(jobs + lateJobs), "\(ids.count) exported")
        let status = try cluster.run(["status", "--json"])
        #expect(!status.stdout.contains("unavailableSeconds"), "\(status.stdout)")
        #expect(cluster.logs.contains("store reachable again"))
        // Results that arrived during the outage were held, not refused, and no lease ran out for it.
        #expect(try cluster.client().status().queue.retries == 0)
        let workerLog = cluster.workers["w1"]?.log ?? ""
        #expect(!workerLog.contains("refused"), "\(workerLog.suffix(3_000))")
    }

    @Test("a frozen database (SIGSTOP): past --store-timeout it is an outage, waited out; nothing lost or run twice")
    func frozenDatabase() throws {
        let database = try PostgresServer.start()
        let cluster = try TestCluster("postgres-frozen")
        let coordinator = try cluster.startCoordinator(
            ["--store", database.url, "--name", "frozen", "--store-timeout", "2"])
        try cluster.startWorker("w1")
        let jobs = try submit(GeneratedArticles.make(count: 600), to: cluster)
        try cluster.waitUntil(timeout: 60, "some jobs done") { try cluster.client().status().queue.done >= 30 }

        database.pause()
        defer { database.resume() }
        try cluster.waitUntil(timeout: 60, "status to show the store unreachable") {
            (try? cluster.client(timeout: 3).status().store?.unavailableSeconds) != nil
        }
        #expect(coordinator.isRunning)
        database.resume()

        let states = try waitForFinal(jobs, in: cluster, timeout: 240)
        #expect(states.allSatisfy { $0 == .done }, "\(Dictionary(grouping: states, by: { $0 }).mapValues(\.count))")
        let ids = try exportedDocuments(cluster).map(\.id)
        #expect(ids.count == jobs.count && Set(ids) == Set(jobs))
        #expect(coordinator.isRunning)
        #expect(cluster.logs.contains("store unreachable"), "\(cluster.logs.suffix(2_000))")
    }

    @Test(
        "store copy moves a stopped coordinator's store into PostgreSQL; a coordinator there finishes its queued jobs")
    func copyThenContinue() throws {
        let cluster = try TestCluster("store-copy")
        try cluster.startCoordinator()
        try cluster.startWorker("w1")
        let done = try cluster.run(["submit", "--wait", Self.samples])
        #expect(done.status == 0, "\(done.stderr)")
        let finished = done.stdout.split(separator: "\n").map(String.init)
        cluster.workers["w1"]?.signal(SIGTERM)
        _ = cluster.workers["w1"]?.waitForExit(timeout: 30)
        let queued = try submit(GeneratedArticles.make(count: 5), to: cluster)
        try #require(cluster.coordinator).signal(SIGTERM)
        _ = cluster.coordinator?.waitForExit(timeout: 30)

        let database = try PostgresServer.start()
        let copy = try cluster.run(
            ["store", "copy", "--from", cluster.dataDirectory.path, "--to", database.url, "--name", "moved"])
        #expect(copy.status == 0, "\(copy.stderr)")
        #expect(copy.stdout.contains("copied \(finished.count + queued.count) job(s)"), "\(copy.stdout)")
        #expect(!copy.stdout.contains(database.password) && !copy.stderr.contains(database.password))
        let again = try cluster.run([
            "store", "copy", "--from", cluster.dataDirectory.path, "--to", database.url, "--name", "moved",
        ])
        #expect(again.status == 0 && again.stdout.contains("copied 0 job(s)"), "\(again.stdout)")

        try cluster.startCoordinator(["--store", database.url, "--name", "moved"])
        try cluster.startWorker("w2")
        #expect(try waitForFinal(queued, in: cluster, timeout: 120).allSatisfy { $0 == .done })
        let results = try cluster.run(["results", "--json", "--fields", "id"]).stdout.split(separator: "\n")
        #expect(results.count == finished.count + queued.count)
        #expect(try cluster.run(["results", "--json", "--search", "公交"]).stdout.split(separator: "\n").count == 1)
    }
}

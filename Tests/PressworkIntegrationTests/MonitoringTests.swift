import Foundation
import PressworkProtocol
import PressworkTestSupport
import Testing

/// Monitoring against real processes: the status document's shape, a killed worker, a paused pool.
@Suite("Monitoring", .serialized)
struct MonitoringTests {
    @Test("status --json has exactly the keys STATUS.md documents, and the text report shows every part")
    func statusShape() throws {
        let cluster = try TestCluster("status-shape")
        try cluster.startCoordinator()
        try cluster.startWorker("w1")
        try cluster.waitForWorkers(["w1"])
        var articles = GeneratedArticles.make(count: 6)
        // Binary bytes fail as undecodable: a recent failure with a worker.
        articles.append(
            (ArticleMeta(articleId: "junk", source: "junk.txt", format: .text), (0..<2_000).map { UInt8($0 % 251) }))
        let ids = try submit(articles, to: cluster)
        _ = try waitForFinal(ids, in: cluster, timeout: 300)
        try cluster.waitUntil(timeout: 60, "the worker reported its memory") {
            try cluster.client().status().workers.first?.rssBytes != nil
        }

        let result = try cluster.run(["status", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        let present = Self.keyPaths(object)
        let documented = try Self.documentedKeys()
        #expect(present.subtracting(documented).isEmpty, "undocumented: \(present.subtracting(documented).sorted())")
        // Everything documented appears here: this cluster has languages, stages, failures and memory.
        #expect(documented.subtracting(present).isEmpty, "missing: \(documented.subtracting(present).sorted())")

        let status = try JSONDecoder().decode(ClusterStatus.self, from: Data(result.stdout.utf8))
        #expect(status.queue.done == 6)
        #expect(status.queue.dead == 1)
        #expect(status.languages?.reduce(0) { $0 + $1.articles } == 6)
        #expect(Set(status.languages?.map(\.code) ?? []) == Set((0..<6).map(GeneratedArticles.language(of:))))
        #expect(status.recentFailures?.first?.code == "undecodable")
        #expect(status.recentFailures?.first?.final == true)
        #expect(status.throughput.lastFiveMinutes == 7)

        // Not a terminal: no colour codes, every section present.
        let text = try cluster.run(["status"])
        #expect(text.status == 0)
        #expect(!text.stdout.contains("\u{1B}["))
        for part in ["throughput   1 min 7", "languages", "stages", "MEMORY", "recent failures", "undecodable"] {
            #expect(text.stdout.contains(part), "\(part) missing from:\n\(text.stdout)")
        }
    }

    @Test("a killed worker shows as lost before its heartbeats expire, and its series disappear")
    func killedWorkerIsLost() throws {
        let cluster = try TestCluster("monitor-kill")
        // Heartbeat expiry: 0.5 s × 60 = 30 s. The kill must be noticed sooner, from the closed connection.
        try cluster.startCoordinator(["--http", "127.0.0.1:0", "--heartbeat", "0.5", "--liveness", "60"])
        let port = try #require(cluster.httpPort)
        try cluster.startWorker("keeper", ["--heartbeat", "0.5"])
        let victim = try cluster.startWorker("victim", ["--heartbeat", "0.5"])
        try cluster.waitForWorkers(["keeper", "victim"])
        try cluster.waitUntil(timeout: 30, "both workers have series") {
            try HTTPGet.request("/metrics", port: port).body.contains(
                #"presswork_worker_up{worker="victim",state="up"} 1"#)
        }

        victim.signal(SIGKILL)
        let killed = Date()
        var detected: Double?
        // The killed process's socket is closed by its kernel, so the next heartbeat to it finds no peer and
        // the worker is lost at once; waiting for the 30 s expiry instead would fail this wait.
        try cluster.waitUntil(timeout: 20, "the victim shows as lost before its heartbeats expire") {
            let status = try cluster.client(timeout: 2).status()
            guard status.workers.first(where: { $0.id == "victim" })?.state == "lost" else { return false }
            detected = Date().timeIntervalSince(killed)
            return true
        }
        print(
            "[figure] SIGKILLed worker shown as lost \(String(format: "%.2f", detected ?? -1)) s after the kill (expiry 30 s)"
        )
        // /metrics serves the snapshot the loop publishes every 250 ms.
        var metrics = try PrometheusExposition(parsing: "")
        try cluster.waitUntil(timeout: 30, "the victim's series disappear") {
            metrics = try PrometheusExposition(parsing: try HTTPGet.request("/metrics", port: port).body)
            return !metrics.families.flatMap(\.samples).contains { $0.labels["worker"] == "victim" }
        }
        #expect(metrics.value("presswork_worker_up", ["worker": "keeper", "state": "up"]) == 1)
        #expect(metrics.value("presswork_workers") == 1)
        #expect(metrics.value("presswork_workers_lost_total") == 1)

        let text = try cluster.run(["status"])
        let victimLine = text.lines.first { $0.hasPrefix("victim ") } ?? ""
        #expect(victimLine.contains(" lost "), "\(text.stdout)")
    }

    @Test("queue depth and oldest-job age grow while the worker pool is paused, and fall when it resumes")
    func pausedPool() throws {
        let cluster = try TestCluster("monitor-paused")
        // Liveness far above the pause, so the stopped worker is not declared lost meanwhile.
        try cluster.startCoordinator(["--http", "127.0.0.1:0", "--liveness", "600"])
        let port = try #require(cluster.httpPort)
        let worker = try cluster.startWorker("w1", concurrency: 1, ["--liveness", "600"])
        try cluster.waitForWorkers(["w1"])
        worker.signal(SIGSTOP)
        defer { worker.signal(SIGCONT) }

        let ids = try submit(GeneratedArticles.make(count: 20), to: cluster)
        func scrape() throws -> PrometheusExposition {
            try PrometheusExposition(parsing: try HTTPGet.request("/metrics", port: port).body)
        }
        // One job went to the worker's only slot (it sits in the paused process's socket); 19 wait.
        var first = try scrape()
        try cluster.waitUntil(timeout: 30, "the metrics show the queue") {
            first = try scrape()
            return first.value("presswork_queue_depth") == 19 && first.value("presswork_jobs_in_flight") == 1
        }
        // The age of the oldest job keeps growing while nothing is taken from the queue.
        let firstAge = first.value("presswork_queue_oldest_job_age_seconds") ?? 0
        var second = first
        try cluster.waitUntil(timeout: 60, "the oldest job's age grows by 2 s") {
            second = try scrape()
            return (second.value("presswork_queue_oldest_job_age_seconds") ?? 0) >= firstAge + 2
        }
        #expect(second.value("presswork_queue_depth") == 19)
        let status = try cluster.client().status()
        #expect(status.queue.queued == 19)
        #expect(status.queue.oldestQueuedSeconds >= 2)

        worker.signal(SIGCONT)
        let states = try waitForFinal(ids, in: cluster, timeout: 300)
        #expect(states.allSatisfy { $0 == .done }, "\(cluster.logs)")
        try cluster.waitUntil(timeout: 30, "the metrics show an empty queue") {
            let after = try scrape()
            return after.value("presswork_queue_depth") == 0
                && after.value("presswork_queue_oldest_job_age_seconds") == 0
                && after.value("presswork_job_queue_wait_seconds_count") == 20
        }
        // The 19 jobs waited through the pause, at least 2 s each: the queue-wait histogram shows it.
        let after = try scrape()
        #expect((after.value("presswork_job_queue_wait_seconds_sum") ?? 0) >= 19 * 2)
    }

    /// `a.b`, `list[].c` paths of every key in a JSON value.
    static func keyPaths(_ value: Any, prefix: String = "") -> Set<String> {
        var paths: Set<String> = []
        if let object = value as? [String: Any] {
            for (key, child) in object {
                let path = prefix.isEmpty ? key : prefix + "." + key
                paths.insert(path)
                paths.formUnion(keyPaths(child, prefix: path))
            }
        } else if let array = value as? [Any] {
            for element in array { paths.formUnion(keyPaths(element, prefix: prefix + "[]")) }
        }
        return paths
    }

    /// The keys in the first column of STATUS.md's tables.
    static func documentedKeys() throws -> Set<String> {
        let url = Checkout.root.appendingPathComponent("Sources/PressworkProtocol/STATUS.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        var keys: Set<String> = []
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cell = line.dropFirst(3).prefix { $0 != "`" }
            keys.insert(String(cell))
        }
        return keys
    }
}

import Foundation
import PressworkCoordinator
import PressworkProtocol
import PressworkTestSupport
import Testing

/// The coordinator's HTTP endpoint, over a real TCP socket to a real coordinator process.
@Suite("HTTP metrics endpoint", .serialized)
struct MetricsEndpointTests {
    @Test("/metrics, /healthz and /api/status after jobs ran; 404, 405 and 400 for the rest")
    func endpoint() throws {
        let cluster = try TestCluster("metrics")
        try cluster.startCoordinator(["--http", "127.0.0.1:0"])
        let port = try #require(cluster.httpPort)
        try cluster.startWorker("w1")
        try cluster.waitForWorkers(["w1"])
        let ids = try submit(GeneratedArticles.make(count: 5), to: cluster)
        let states = try waitForFinal(ids, in: cluster, timeout: 300)
        #expect(states.allSatisfy { $0 == .done }, "\(cluster.logs)")

        // Snapshots are published at most every 250 ms: wait for one that shows the finished jobs.
        var metrics = try HTTPGet.request("/metrics", port: port)
        try cluster.waitUntil(timeout: 30, "metrics show 5 jobs done") {
            metrics = try HTTPGet.request("/metrics", port: port)
            return metrics.body.contains(#"presswork_job_attempts_completed_total{outcome="done"} 5"#)
        }
        #expect(metrics.status == 200)
        #expect(metrics.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(metrics.headers["connection"] == "close")
        #expect(metrics.headers["content-length"] == String(metrics.body.utf8.count))
        let lines = metrics.body.split(separator: "\n").map(String.init)
        let parsed = try PrometheusExposition(parsing: metrics.body)
        for index in 0..<5 {
            let language = GeneratedArticles.language(of: index)
            #expect(parsed.value("presswork_articles_total", ["language": language]) == 1, "\(language)")
        }
        #expect(parsed.value("presswork_pipeline_stage_duration_seconds_count", ["stage": "analysis"]) == 5)
        #expect(parsed.value("presswork_job_queue_wait_seconds_count") == 5)
        #expect((parsed.value("presswork_worker_resident_memory_bytes", ["worker": "w1"]) ?? 0) > 1_000_000)
        #expect(lines.contains("presswork_jobs_submitted_total \(ids.count)"))
        #expect(lines.contains("presswork_workers 1"))
        #expect(lines.contains { $0.hasPrefix(#"presswork_worker_heartbeat_age_seconds{worker="w1"} "#) })
        #expect(lines.contains("presswork_job_duration_seconds_count 5"))

        let health = try HTTPGet.request("/healthz", port: port)
        #expect(health.status == 200)
        #expect(health.body == "ok\n")

        let statusReply = try HTTPGet.request("/api/status", port: port)
        #expect(statusReply.status == 200)
        #expect(statusReply.headers["content-type"] == "application/json")
        let status = try JSONDecoder().decode(ClusterStatus.self, from: Data(statusReply.body.utf8))
        #expect(status.queue.done == 5)
        #expect(status.workers.map(\.id) == ["w1"])

        // A history point is taken every 2 s: wait for one after the jobs finished.
        try cluster.waitUntil(timeout: 30, "the history shows the finished jobs") {
            let history = try HTTPGet.request("/api/history", port: port)
            let past = try JSONDecoder().decode(History.self, from: Data(history.body.utf8))
            return history.status == 200 && past.intervalSeconds == 2 && past.points.last?.finished == 5
        }

        #expect(try HTTPGet.request("/nothing", port: port).status == 404)
        #expect(try HTTPGet.request("/metrics", method: "POST", port: port).status == 405)
        #expect(try HTTPGet.exchange(Array("NONSENSE\r\n\r\n".utf8), port: port).status == 400)
        let oversized = "GET /metrics HTTP/1.1\r\nX-Big: \(String(repeating: "a", count: 9_000))\r\n\r\n"
        #expect(try HTTPGet.exchange(Array(oversized.utf8), port: port).status == 400)

        // A client that connects and sends nothing must not stop the cluster or later scrapes.
        let silent = try #require(LoopbackSocket.connect(port: port))
        defer { close(silent) }
        #expect(try cluster.client().status().workers.count == 1)
        // Answered once the silent client's 2 s are up.
        #expect(try HTTPGet.request("/healthz", port: port, timeout: 30).status == 200)

        // A worker that goes away takes its series with it.
        cluster.workers["w1"]?.signal(SIGKILL)
        try cluster.waitUntil(timeout: 60, "metrics drop the lost worker") {
            let body = try HTTPGet.request("/metrics", port: port).body
            return body.contains("\npresswork_workers 0\n") && !body.contains(#"worker="w1""#)
        }
    }

    @Test("/ serves the self-contained dashboard page")
    func dashboard() throws {
        let cluster = try TestCluster("dashboard")
        try cluster.startCoordinator(["--http", "127.0.0.1:0"])
        let port = try #require(cluster.httpPort)
        try cluster.waitUntil(timeout: 30, "the dashboard is served") {
            try HTTPGet.request("/", port: port).status == 200
        }
        let page = try HTTPGet.request("/", port: port)
        #expect(page.status == 200)
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.headers["content-length"] == String(page.body.utf8.count))
        #expect(page.body.hasPrefix("<!DOCTYPE html>"))
        #expect(page.body.contains("<canvas"))
        // Relative, so the page works under a proxy's prefix.
        #expect(page.body.contains("\"api/status\"") && !page.body.contains("\"/api/"))
        #expect(page.headers["content-security-policy"]?.contains("frame-ancestors 'none'") == true)
        // Page types are counted beside languages, not listed as failures.
        #expect(page.body.contains("<tbody id=\"pageTypes\">"))
        #expect(page.body.contains("status.pageTypes"))
        // No external assets: no absolute URLs at all, and data reaches the DOM only as text.
        #expect(!page.body.contains("http://"))
        #expect(!page.body.contains("https://"))
        #expect(!page.body.contains("innerHTML"))
        #expect(try HTTPGet.request("/", method: "POST", port: port).status == 405)
    }

    @Test("--http off loopback without --insecure is refused at start-up")
    func nonLoopbackRefused() throws {
        let cluster = try TestCluster("metrics-bind")
        let result = try cluster.run([
            "coordinator", "--bind", cluster.endpoint, "--data", cluster.dataDirectory.path, "--http", "0.0.0.0:0",
        ])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("refusing to serve HTTP"))
    }
}

import PressworkProtocol
import PressworkTestSupport
import Testing

@testable import PressworkCoordinator

@Suite("Metrics: the snapshot as Prometheus text, activity bounds, --http addresses")
struct MetricsTests {
    @Test("a snapshot parses as Prometheus text: families, histograms, per-worker, per-stage and language series")
    func snapshotRendering() throws {
        var harness = MachineHarness()
        _ = harness.register("w\"1", slots: 2)
        _ = harness.register("gone", slots: 1)
        _ = harness.submit(["a", "b", "c", "d"])
        harness.now += 0.3
        _ = harness.machine.onHeartbeat(from: "w\"1", stats: WorkerStats(rssBytes: 40_000_000), now: harness.now)
        _ = harness.machine.onResult(from: "w\"1", job: "a", attempt: 1, now: harness.now)
        // "gone" stays silent past the expiry: lost, shown in status, without series in /metrics.
        for _ in 0..<10 {
            _ = harness.advance(0.5)
            _ = harness.machine.onHeartbeat(from: "w\"1", now: harness.now)
        }
        var activity = ClusterActivity()
        activity.recordResult(language: "kk", stagesMs: ["decode": 0.2, "parse": 3, "bad name!": 1])
        activity.recordResult(language: "kk", stagesMs: ["decode": 0.4])
        activity.recordResult(language: "zh-Hant", stagesMs: nil)
        activity.recordResult(language: "<script>", stagesMs: ["decode": .nan])
        let parts = harness.machine.snapshot(now: harness.now)
        #expect(parts.workers.map { "\($0.id):\($0.state)" } == ["gone:lost", "w\"1:up"])
        let base = ClusterStatus(
            coordinator: .init(version: "0", endpoint: "tcp://127.0.0.1:1", startedAt: "", uptimeSeconds: 2),
            queue: parts.queue, throughput: parts.throughput, workers: parts.workers,
            protocolCounters: .init(malformedMessages: 0, undeliverableMessages: 0),
            security: .init(
                curve: false, insecure: false, workerKeys: 0, clientKeys: 0, refusedHandshakes: 4, refusedRoles: 0,
                refusedSubmissions: 0))
        var status = base
        status.hosts = .init(
            concurrency: 2, delaySeconds: 0, active: 1, waiting: 7,
            busiest: [.init(host: "news.example", running: 2, waiting: 7)])
        let text = MetricsSnapshot(
            status: status, counters: harness.machine.counters, durations: harness.machine.durations,
            queueWaits: harness.machine.queueWaits, activity: activity, takenAt: 0
        )
        .prometheusText()
        let metrics = try PrometheusExposition(parsing: text)
        for family in metrics.families {
            #expect(family.help?.isEmpty == false, "\(family.name) has no HELP")
            #expect(family.type != "untyped", "\(family.name) has no TYPE")
            #expect(family.name.hasPrefix("presswork_"))
        }
        #expect(metrics.value("presswork_jobs_submitted_total") == 4)
        #expect(metrics.value("presswork_job_attempts_completed_total", ["outcome": "done"]) == 1)
        #expect(metrics.value("presswork_workers") == 1)
        #expect(metrics.value("presswork_workers_lost_total") == 1)
        #expect(metrics.value("presswork_worker_slots_busy", ["worker": "w\"1"]) == 2)
        #expect(metrics.value("presswork_worker_resident_memory_bytes", ["worker": "w\"1"]) == 40_000_000)
        #expect(!text.contains(#"worker="gone""#), "a lost worker has no series")
        #expect(metrics.value("presswork_handshakes_refused_total") == 4)
        #expect(metrics.value("presswork_job_duration_seconds_bucket", ["le": "0.25"]) == 0)
        #expect(metrics.value("presswork_job_duration_seconds_bucket", ["le": "0.5"]) == 1)
        #expect(metrics.value("presswork_job_queue_wait_seconds_count") == 4, "a, b, c dispatched, d after a")
        #expect(metrics.value("presswork_articles_total", ["language": "kk"]) == 2)
        #expect(metrics.value("presswork_articles_total", ["language": "zh-Hant"]) == 1)
        #expect(metrics.value("presswork_articles_total", ["language": "und"]) == 1, "an invalid code counts as und")
        #expect(metrics.value("presswork_pipeline_stage_duration_seconds_count", ["stage": "decode"]) == 2)
        #expect(metrics.value("presswork_pipeline_stage_duration_seconds_sum", ["stage": "parse"]) == 0.003)
        #expect(
            metrics.family("presswork_pipeline_stage_duration_seconds")?.samples.allSatisfy {
                ["decode", "parse"].contains($0.labels["stage"])
            } == true)
        #expect(!text.contains("job=\""))
        #expect(metrics.value("presswork_store_up") == 1)
        #expect(metrics.value("presswork_fetch_hosts_active") == 1)
        #expect(metrics.value("presswork_fetch_jobs_held") == 7)
        #expect(metrics.value("presswork_store_unavailable_seconds") == 0)

        // During a store outage.
        let outage = StoreOutageCounters(outages: 2, seconds: 7.5, current: 3, refused: 5, droppedReports: 1)
        let during = try PrometheusExposition(
            parsing: MetricsSnapshot(
                status: status, counters: harness.machine.counters, durations: harness.machine.durations,
                queueWaits: harness.machine.queueWaits, activity: activity, takenAt: 0, storeOutages: outage
            ).prometheusText())
        #expect(during.value("presswork_store_up") == 0)
        #expect(during.value("presswork_store_unavailable_seconds") == 3)
        #expect(during.value("presswork_store_outages_total") == 2)
        #expect(during.value("presswork_store_outage_seconds_total") == 7.5)
        #expect(during.value("presswork_store_unavailable_refusals_total") == 5)
        #expect(during.value("presswork_store_outage_dropped_reports_total") == 1)
    }

    @Test(
        "the exposition reader refuses what Prometheus would reject",
        arguments: [
            "presswork_x 1",  // no final line feed
            "# TYPE presswork_x counter\npresswork_x 1\n",  // counter without _total
            "# TYPE presswork_a gauge\npresswork_a 1\n# TYPE presswork_b gauge\npresswork_b 1\npresswork_a 2\n",
            "# TYPE presswork_a gauge\npresswork_a 1\npresswork_a 2\n",  // duplicate series
            "# TYPE presswork_a gauge\npresswork_a{x=\"a\\q\"} 1\n",  // bad escape
            "# TYPE presswork_a gauge\npresswork_a{x=\"1\"} one\n",
            "# TYPE presswork_h histogram\npresswork_h_bucket{le=\"1\"} 2\npresswork_h_bucket{le=\"+Inf\"} 1\n"
                + "presswork_h_sum 1\npresswork_h_count 1\n",  // not cumulative
            "# TYPE presswork_h histogram\npresswork_h_bucket{le=\"1\"} 1\npresswork_h_sum 1\npresswork_h_count 1\n",
        ])
    func exposition(bad: String) {
        #expect(throws: PrometheusExposition.ParseError.self) { try PrometheusExposition(parsing: bad) }
    }

    @Test("cluster activity stays bounded whatever workers report")
    func activityBounds() {
        var activity = ClusterActivity()
        for index in 0..<400 {
            activity.recordResult(
                language: "x" + String(UnicodeScalar(UInt8(97 + index / 26)))
                    + String(UnicodeScalar(UInt8(97 + index % 26))),
                stagesMs: Dictionary(uniqueKeysWithValues: (0..<40).map { ("stage_\($0 + index)", 1.0) }))
        }
        #expect(activity.languages.count == ClusterActivity.languageLimit + 1)
        #expect(activity.languages["other"] == 400 - ClusterActivity.languageLimit)
        #expect(activity.stages.count == ClusterActivity.stageLimit)
        for index in 0..<30 {
            activity.recordFailure(
                job: "j\(index)",
                FailedAttempt(
                    attempt: 1, worker: "w", code: "internal", message: String(repeating: "m", count: 1_000)),
                final: index % 2 == 0, at: 0)
        }
        #expect(activity.recentFailures.count == 20)
        #expect(activity.recentFailures.first?.job == "j29", "newest first")
        #expect(activity.recentFailures.allSatisfy { $0.message.count == 300 })
    }

    @Test("--http addresses: HOST:PORT, [IPv6]:PORT, :PORT and PORT (loopback)")
    func addresses() {
        #expect(HTTPAddress("9100") == HTTPAddress(host: "127.0.0.1", port: 9100))
        #expect(HTTPAddress(":9100") == HTTPAddress(host: "127.0.0.1", port: 9100))
        #expect(HTTPAddress("[::1]:80") == HTTPAddress(host: "::1", port: 80))
        #expect(HTTPAddress("0.0.0.0:80")?.isLoopback == false)
        #expect(HTTPAddress("host:x") == nil)
    }
}

@Suite("Page type counts")
struct PageTypeCountTests {
    @Test("results are counted per page type, most first; malformed names and types past the bound count as other")
    func countsAreBounded() {
        var activity = ClusterActivity()
        for type in ["article", "article", "forum", "bad name!", nil] {
            activity.recordResult(language: "en", stagesMs: nil, pageType: type)
        }
        #expect(
            activity.pageTypeCounts == [
                .init(type: "article", articles: 2), .init(type: "forum", articles: 1),
                .init(type: "other", articles: 1),
            ])
        for index in 0..<100 { activity.recordResult(language: "en", stagesMs: nil, pageType: "kind\(index)") }
        #expect(activity.pageTypes.count <= ClusterActivity.pageTypeLimit + 1)
    }
}

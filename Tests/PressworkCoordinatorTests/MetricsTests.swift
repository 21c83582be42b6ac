import PressworkProtocol
import PressworkTestSupport
import Testing

@testable import PressworkCoordinator

@Suite("Metrics: Prometheus text and the HTTP request head")
struct MetricsTests {
    @Test(
        "label values escape backslash, double quote and line feed",
        arguments: [
            ("plain", "plain"), (#"a\b"#, #"a\\b"#), (#"say "hi""#, #"say \"hi\""#), ("two\nlines", #"two\nlines"#),
            ("ünïcode", "ünïcode"),
        ])
    func escaping(raw: String, escaped: String) {
        #expect(PrometheusText.escapeLabelValue(raw) == escaped)
        var text = PrometheusText()
        text.sample("presswork_x", [("worker", raw)], 1)
        #expect(text.text == "presswork_x{worker=\"\(escaped)\"} 1\n")
        #expect(MetricLine.isValid(String(text.text.dropLast())))
    }

    @Test("values: integers bare, fractions as decimals, infinities and NaN spelled the Prometheus way")
    func values() {
        #expect(PrometheusText.format(3) == "3")
        #expect(PrometheusText.format(0.25) == "0.25")
        #expect(PrometheusText.format(.infinity) == "+Inf")
        #expect(PrometheusText.format(-.infinity) == "-Inf")
        #expect(PrometheusText.format(.nan) == "NaN")
    }

    @Test("a snapshot renders HELP and TYPE for every family, valid sample lines, per-worker series")
    func snapshotRendering() {
        var harness = MachineHarness()
        _ = harness.register("w\"1", slots: 2)
        _ = harness.submit(["a", "b", "c"])
        harness.now += 0.3
        _ = harness.machine.onResult(from: "w\"1", job: "a", attempt: 1, now: harness.now)
        let parts = harness.machine.snapshot(now: harness.now)
        let status = ClusterStatus(
            coordinator: .init(version: "0", endpoint: "tcp://127.0.0.1:1", startedAt: "", uptimeSeconds: 2),
            queue: parts.queue, throughput: parts.throughput, workers: parts.workers,
            protocolCounters: .init(malformedMessages: 0, undeliverableMessages: 0),
            security: .init(
                curve: false, insecure: false, workerKeys: 0, clientKeys: 0, refusedHandshakes: 4, refusedRoles: 0,
                refusedSubmissions: 0))
        let text = MetricsSnapshot(
            status: status, counters: harness.machine.counters, durations: harness.machine.durations, takenAt: 0
        )
        .prometheusText()
        let lines = text.split(separator: "\n").map(String.init)
        var typed: Set<String> = []
        for line in lines {
            if line.hasPrefix("# TYPE ") {
                typed.insert(String(line.split(separator: " ")[2]))
            } else if !line.hasPrefix("# HELP ") {
                #expect(MetricLine.isValid(line), "\(line)")
                let name = String(line.prefix { $0 != "{" && $0 != " " })
                let family = ["_bucket", "_sum", "_count"].reduce(name) {
                    $0.hasSuffix($1) && typed.contains(String($0.dropLast($1.count)))
                        ? String($0.dropLast($1.count)) : $0
                }
                #expect(typed.contains(family), "\(name) has no TYPE line before it")
            }
        }
        #expect(lines.contains("presswork_jobs_submitted_total 3"))
        #expect(lines.contains("presswork_jobs_dispatched_total 3"))
        #expect(lines.contains(#"presswork_job_attempts_completed_total{outcome="done"} 1"#))
        #expect(lines.contains("presswork_queue_depth 0"))
        #expect(lines.contains("presswork_workers 1"))
        #expect(lines.contains(#"presswork_worker_slots_busy{worker="w\"1"} 2"#))
        #expect(lines.contains("presswork_handshakes_refused_total 4"))
        #expect(lines.contains(#"presswork_job_duration_seconds_bucket{le="0.25"} 0"#))
        #expect(lines.contains(#"presswork_job_duration_seconds_bucket{le="0.5"} 1"#))
        #expect(lines.contains("presswork_job_duration_seconds_count 1"))
        #expect(!text.contains("job=\""))
    }

    @Test("request heads: complete, incomplete, malformed, oversized")
    func requestHeads() {
        #expect(
            HTTPRequestHead.parse(Array("GET /metrics?x=1 HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
                == .request(.init(method: "GET", path: "/metrics")))
        #expect(
            HTTPRequestHead.parse(Array("POST /healthz HTTP/1.0\n\n".utf8))
                == .request(.init(method: "POST", path: "/healthz")))
        #expect(HTTPRequestHead.parse(Array("GET /metrics HTTP/1.1\r\nHost:".utf8)) == .incomplete)
        for bad in [
            "GET\r\n\r\n", "GET /x\r\n\r\n", "get /x HTTP/1.1\r\n\r\n", "GET x HTTP/1.1\r\n\r\n", "GET /x SPDY\r\n\r\n",
        ] {
            guard case .invalid = HTTPRequestHead.parse(Array(bad.utf8)) else {
                Issue.record("accepted \(bad.debugDescription)")
                continue
            }
        }
        guard
            case .invalid = HTTPRequestHead.parse(
                Array("GET / HTTP/1.1\r\nX: \(String(repeating: "a", count: 9000))".utf8))
        else {
            Issue.record("accepted an oversized head")
            return
        }
        #expect(HTTPAddress("9100") == HTTPAddress(host: "127.0.0.1", port: 9100))
        #expect(HTTPAddress(":9100") == HTTPAddress(host: "127.0.0.1", port: 9100))
        #expect(HTTPAddress("[::1]:80") == HTTPAddress(host: "::1", port: 80))
        #expect(HTTPAddress("0.0.0.0:80")?.isLoopback == false)
        #expect(HTTPAddress("host:x") == nil)
    }
}

import PressworkProtocol
import Testing

@testable import PressworkClient

@Suite("status text")
struct StatusTextTests {
    static let status = ClusterStatus(
        coordinator: .init(version: "0.1.0", endpoint: "tcp://10.0.0.1:7700", startedAt: "", uptimeSeconds: 3_700),
        queue: .init(
            queued: 12, delayed: 1, leased: 4, done: 900, dead: 2, retries: 5, redeliveries: 1,
            oldestQueuedSeconds: 3.25
        ),
        throughput: .init(lastMinute: 120, perSecond: 2, lastFiveMinutes: 500, perSecondFiveMinutes: 1.6667),
        workers: [
            .init(
                id: "alpha", host: "node-a", pid: 10, version: "0.1.0", state: "up", slots: 4, busy: 4, done: 600,
                failed: 1, lastHeartbeatSecondsAgo: 0.4, rssBytes: 52_428_800),
            .init(
                id: "b", host: "node-b", pid: 11, version: "0.1.0", state: "lost", slots: 2, busy: 0, done: 300,
                failed: 0, lastHeartbeatSecondsAgo: 42),
        ],
        protocolCounters: .init(malformedMessages: 0, undeliverableMessages: 0),
        languages: [.init(code: "kk", articles: 500), .init(code: "zh", articles: 400)],
        stages: [.init(stage: "decode", count: 900, meanMs: 0.25), .init(stage: "parse", count: 300, meanMs: 5)],
        recentFailures: [
            .init(
                job: "j-1", attempt: 2, worker: "b", code: "worker-lost", message: "worker b stopped responding",
                final: false, at: "2026-11-29T09:03:23.988Z")
        ])

    @Test("the report has the summary, the worker table and the failures, without colour codes off a terminal")
    func plain() {
        let text = StatusText.render(Self.status, colour: false)
        #expect(!text.contains("\u{1B}"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains("queue        queued 12  delayed 1  in flight 4  oldest 3.2s"))
        #expect(lines.contains("jobs         done 900  dead 2  retries 5  redeliveries 1"))
        #expect(lines.contains("throughput   1 min 120 (2.0/s)  5 min 500 (1.7/s)"))
        #expect(lines.contains("languages    kk 500  zh 400"))
        #expect(lines.contains("stages       decode 0.25ms  parse 5.00ms  (mean per article)"))
        let header = lines.first { $0.hasPrefix("WORKER") } ?? ""
        let alpha = lines.first { $0.hasPrefix("alpha") } ?? ""
        let lost = lines.first { $0.hasPrefix("b ") } ?? ""
        // Columns line up: each row's STATE and MEMORY start where the header's do.
        for column in ["STATE", "MEMORY"] {
            let offset = header.range(of: column).map { header.distance(from: header.startIndex, to: $0.lowerBound) }
            #expect(offset != nil)
            #expect(alpha.count > offset ?? 0 && lost.count > offset ?? 0)
        }
        #expect(alpha.contains("50.0 MiB"))
        #expect(lost.contains(" lost ") && lost.contains("42s ago") && lost.contains(" - "))
        #expect(lines.contains { $0.contains("09:03:23  j-1  attempt 2  b  retried  worker-lost: worker b stopped") })
    }

    @Test("colours mark states and dead jobs without moving the columns")
    func coloured() {
        let plain = StatusText.render(Self.status, colour: false)
        let coloured = StatusText.render(Self.status, colour: true)
        #expect(coloured.contains("\u{1B}[32mup"))
        #expect(coloured.contains("\u{1B}[31mlost"))
        #expect(coloured.contains("\u{1B}[31m2\u{1B}[0m"))
        let stripped = coloured.replacing(/\x{1B}\[[0-9;]*m/, with: "")
        #expect(stripped == plain)
    }

    @Test("redraw homes the cursor and clears each line and the rest of the screen")
    func redraw() {
        #expect(StatusText.redraw("a\nbb") == "\u{1B}[Ha\u{1B}[K\nbb\u{1B}[K\n\u{1B}[J")
    }

    @Test(
        "memory for people",
        arguments: [(512, "512 B"), (2_048, "2.0 KiB"), (52_428_800, "50.0 MiB"), (3 << 30, "3.0 GiB")])
    func bytes(value: Int, text: String) {
        #expect(StatusText.bytes(value) == text)
    }

    @Test("no workers is said in words")
    func noWorkers() {
        var status = Self.status
        status.workers = []
        #expect(StatusText.render(status, colour: false).contains("no workers registered"))
    }
}

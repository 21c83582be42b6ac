import Foundation
import PressworkProtocol
import PressworkTestSupport
import Testing

/// Jobs that hang or crash their processing, against real worker processes: the worker abandons or
/// survives them, the coordinator retries them and buries them after their attempts, and nothing else
/// is held up.
@Suite("Hung and crashing jobs", .serialized)
struct SlotFaultTests {
    @Test("a SIGKILLed worker's slot socket directory is removed by the next worker, a live one's never")
    func staleSlotDirectory() throws {
        let cluster = try TestCluster("stale-slot-directory")
        defer { cluster.killAll() }
        // A short TMPDIR of its own: ipc:// paths are limited to ~100 bytes.
        var template = Array("/tmp/pwt-XXXXXX".utf8CString)
        let tmp = String(cString: try #require(mkdtemp(&template)))
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        func directories(of worker: ManagedProcess) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: tmp).filter {
                $0.hasPrefix("presswork-worker-\(worker.pid)-")
            }
        }
        try cluster.startCoordinator()
        let victim = try cluster.startWorker("victim", concurrency: 1, environment: ["TMPDIR": tmp])
        let live = try cluster.startWorker("live", concurrency: 1, environment: ["TMPDIR": tmp])
        try cluster.waitForWorkers(["victim", "live"])
        let left = try directories(of: victim)
        #expect(left.count == 1)
        victim.signal(SIGKILL)
        _ = victim.waitForExit(timeout: 30)
        #expect(FileManager.default.fileExists(atPath: tmp + "/" + left[0]), "SIGKILL leaves it behind")

        let next = try cluster.startWorker("next", concurrency: 1, environment: ["TMPDIR": tmp])
        try cluster.waitUntil(timeout: 60, "next registered") {
            try cluster.client().status().workers.contains { $0.id == "next" && $0.state == "up" }
        }
        #expect(!FileManager.default.fileExists(atPath: tmp + "/" + left[0]), "the dead worker's directory is gone")
        #expect(try directories(of: live).count == 1, "the live worker's directory is kept")
        #expect(try directories(of: next).count == 1)
        let states = try cluster.client().status().workers.reduce(into: [:]) { $0[$1.id] = $1.state }
        #expect(states["live"] == "up" && states["next"] == "up")
    }

    @Test("a hung job is abandoned at its timeout, its slot restarted; the worker goes on with other jobs")
    func hungJob() throws {
        let cluster = try TestCluster("hung-job")
        try cluster.startCoordinator(["--job-timeout", "2", "--retries", "1", "--retry-base", "0.05"])
        let worker = try cluster.startWorker("w1", concurrency: 1, ["--chaos-hang", "hangs-forever"])
        try cluster.waitForWorkers(["w1"])
        let hung = try writeArticle(in: cluster, "hangs-forever.txt")
        let normal = try (0..<4).map { try writeArticle(in: cluster, "normal-\($0).txt") }

        let start = Date()
        // One slot: the four others can run only once the hung attempts are abandoned (2 × 2 s); a worker
        // that never abandoned them would hang this command until the deadline.
        let submitted = try cluster.run(["submit", hung.path] + normal.map(\.path) + ["--wait"], deadline: 120)
        #expect(submitted.status == 1, "the hung job ends dead: \(submitted.stderr)")
        let ids = submitted.lines
        let info = try show(ids[0], in: cluster)
        #expect(info.state == .dead)
        #expect(info.attempts == 2)
        // Each attempt ends by the worker's own timeout or by the coordinator's lease, whichever is first.
        #expect(info.errors.allSatisfy { ["timeout", "lease-expired"].contains($0.code) }, "\(info.errors)")
        for id in ids.dropFirst() { #expect(try show(id, in: cluster).state == .done) }

        // The same worker process is still up, with one live slot process (the killed ones were reaped).
        #expect(worker.isRunning)
        let status = try cluster.client().status()
        #expect(status.workers.map { "\($0.id):\($0.state)" } == ["w1:up"])
        #expect(slotProcesses(of: worker.pid).count == 1, "slots: \(slotProcesses(of: worker.pid))")
        print("[figure] hung job: dead after 2 attempts of 2 s; 4 other jobs done; \(seconds(since: start)) s in all")
    }

    @Test("a job that crashes its slot process is retried and ends dead; the worker is never lost")
    func crashingJob() throws {
        let cluster = try TestCluster("crash-job")
        try cluster.startCoordinator(["--retries", "2", "--retry-base", "0.05"])
        let worker = try cluster.startWorker("w1", concurrency: 2, ["--chaos-crash", "segfaults"])
        try cluster.waitForWorkers(["w1"])
        let crashing = try writeArticle(in: cluster, "segfaults.txt")
        let normal = try (0..<6).map { try writeArticle(in: cluster, "fine-\($0).txt") }

        let submitted = try cluster.run(
            ["submit", crashing.path] + normal.map(\.path) + ["--wait"], deadline: 120)
        #expect(submitted.status == 1)
        let info = try show(submitted.lines[0], in: cluster)
        #expect(info.state == .dead)
        #expect(info.attempts == 3)
        #expect(info.errors.map(\.code) == ["crashed", "crashed", "crashed"])
        #expect(info.errors.first?.message.contains("SIGSEGV") == true, "\(info.errors)")
        for id in submitted.lines.dropFirst() { #expect(try show(id, in: cluster).state == .done) }

        #expect(worker.isRunning)
        let status = try cluster.client().status()
        #expect(status.workers.map { "\($0.id):\($0.state)" } == ["w1:up"], "never declared lost")
        #expect(status.queue.redeliveries == 0)
        try cluster.waitUntil(timeout: 30, "both slots are back") { slotProcesses(of: worker.pid).count == 2 }
    }

    @Test("CPU-bound processing never delays heartbeats")
    func heartbeatsDuringLongJobs() throws {
        let cluster = try TestCluster("busy-heartbeats")
        // Expiry 0.3 s × 4 = 1.2 s, far below the 3 s each job keeps its slot's CPU busy. The worker's own
        // patience with the coordinator is longer: this test is about the worker's heartbeats.
        try cluster.startCoordinator(["--heartbeat", "0.3", "--liveness", "4"])
        try cluster.startWorker(
            "w1", concurrency: 2,
            ["--heartbeat", "0.3", "--liveness", "20", "--chaos-busy", "long", "--chaos-busy-seconds", "3"])
        try cluster.waitForWorkers(["w1"])
        let start = Date()
        let ids = try submit(GeneratedArticles.make(count: 4, sourcePrefix: "long"), to: cluster)
        let states = try waitForFinal(ids, in: cluster, timeout: 300)
        let elapsed = Date().timeIntervalSince(start)
        #expect(states.allSatisfy { $0 == .done })
        let status = try cluster.client().status()
        #expect(status.workers.map { "\($0.id):\($0.state)" } == ["w1:up"])
        #expect(status.queue.redeliveries == 0, "the worker was declared lost while busy")
        #expect(status.queue.retries == 0)
        // Two rounds of 3 s on two slots: the slots really were busy for five expiry periods.
        #expect(elapsed >= 6, "the jobs ran \(elapsed) s; --chaos-busy did not hold the slots")
        print(
            "[figure] 4 jobs of 3 s of CPU on 2 slots in \(String(format: "%.1f", elapsed)) s with a 1.2 s heartbeat expiry: 0 lost"
        )
    }

    private func writeArticle(in cluster: TestCluster, _ name: String) throws -> URL {
        let url = cluster.directory.appendingPathComponent(name)
        try "Headline for \(name)\n\nThis article is written for a test of the worker's slots, in English.".write(
            to: url, atomically: true, encoding: .utf8)
        return url
    }

    private func show(_ id: String, in cluster: TestCluster) throws -> JobInfo {
        try cluster.client().show(id).job
    }

    /// Pids of the `worker-slot` processes whose parent is `pid`, from /proc.
    private func slotProcesses(of pid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { child in
            guard let stat = try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8),
                let cmdline = FileManager.default.contents(atPath: "/proc/\(child)/cmdline"),
                String(decoding: cmdline, as: UTF8.self).contains("worker-slot")
            else { return false }
            // Field 4 of stat is the parent pid; the command name in field 2 may contain spaces.
            let afterName = stat.split(separator: ")").last ?? ""
            return afterName.split(separator: " ").dropFirst().first.flatMap { Int32($0) } == pid
        }
    }
}

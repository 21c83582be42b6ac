import Foundation
import PressworkClient
import PressworkProtocol
import ZeroMQ

/// `presswork-bench real-traffic --connect E --coordinator-pid P [--pages DIR] [--jobs N] [--workers W]
/// [--slots S] [--result-ratio R]`: the coordinator alone under real-sized traffic. Articles are real pages
/// (`--pages`, HTML files read recursively, at most 500; else 198 KB of generated HTML), submitted in
/// batches of 32 as fast as they are acknowledged; W simulated workers (one thread, S slots each) answer
/// every JOB at once with a result document of R × the article's size (0.15 by default: ~30 KB for a
/// 200 KB page, as the pipeline's documents are). Prints articles per second, the coordinator's CPU per
/// article, the bytes it wrote to disk per article, and the time from a job's acknowledgement to its JOB
/// reaching a worker (p50, p99).
func realTrafficBench(_ arguments: Arguments) throws {
    guard let pid = arguments.values["coordinator-pid"].flatMap({ Int($0) }) else {
        throw BenchError("real-traffic needs --coordinator-pid P (the coordinator's CPU and disk are measured)")
    }
    let jobs = arguments.int("jobs", 3_000)
    let workers = arguments.int("workers", 100)
    let slots = arguments.int("slots", 2)
    let ratio = arguments.double("result-ratio", 0.15)
    let pages = try loadPages(arguments.values["pages"])
    let meanBytes = pages.reduce(0) { $0 + $1.count } / max(1, pages.count)

    let tracker = DispatchTracker(expected: jobs)
    let simulated = try SimulatedFleet(
        endpoint: arguments.endpoint, workers: workers, slots: slots, ratio: ratio, tracker: tracker)
    let fleetThread = Thread { simulated.run() }
    fleetThread.start()
    defer { simulated.stop() }
    Thread.sleep(forTimeInterval: 1)  // every READY in before the first job

    let client = try CoordinatorClient(endpoint: arguments.endpoint, timeout: 120)
    let cpuBefore = cpuSeconds(of: pid) ?? 0
    let writtenBefore = bytesWritten(of: pid) ?? 0
    let start = now()
    var submitted = 0
    while submitted < jobs {
        let count = min(32, jobs - submitted)
        let batch = (submitted..<(submitted + count)).map { index in
            (
                meta: ArticleMeta(articleId: "real-\(index)", source: "real-\(index).html", format: .html),
                body: pages[index % pages.count] + Array("<!-- \(index) -->".utf8)
            )
        }
        let ids = try client.submit(batch)
        let acknowledged = now()
        tracker.acknowledged(ids, at: acknowledged)
        submitted += count
    }
    guard tracker.waitForAll(timeout: 600) else {
        throw BenchError("only \(tracker.answered) of \(jobs) jobs were answered within 600 s")
    }
    // Results are acknowledged by the coordinator's journal commit; give the last turn a moment to land.
    Thread.sleep(forTimeInterval: 0.5)
    let seconds = tracker.lastAnswer - start
    let cpu = (cpuSeconds(of: pid) ?? 0) - cpuBefore
    let written = Double((bytesWritten(of: pid) ?? 0) - writtenBefore)
    let latencies = tracker.latencies.sorted()
    func percentile(_ p: Double) -> Double {
        latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] * 1000
    }
    report(
        String(
            format:
                "%d articles (mean %d KB, results %.0f %% of that) to %d simulated workers × %d slots: %.0f articles/s,"
                + " coordinator %.2f ms CPU and %.0f KB written to disk per article, dispatch p50 %.1f ms p99 %.1f ms",
            jobs, meanBytes / 1024, ratio * 100, workers, slots, Double(jobs) / seconds, cpu * 1000 / Double(jobs),
            written / 1024 / Double(jobs), percentile(0.5), percentile(0.99)),
        [
            "articles": Double(jobs), "workers": Double(workers), "articlesPerSecond": Double(jobs) / seconds,
            "cpuMsPerArticle": cpu * 1000 / Double(jobs), "diskBytesPerArticle": written / Double(jobs),
            "dispatchP50Ms": percentile(0.5), "dispatchP99Ms": percentile(0.99), "meanArticleBytes": Double(meanBytes),
        ])
}

/// Bytes a process caused to be written to storage, from /proc/PID/io (`write_bytes`).
func bytesWritten(of pid: Int) -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/io", encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix("write_bytes:") {
        return Int(line.dropFirst("write_bytes:".count).trimmingCharacters(in: .whitespaces))
    }
    return nil
}

/// HTML pages from `directory` (recursively, at most 500), or generated ones of 198 KB.
private func loadPages(_ directory: String?) throws -> [[UInt8]] {
    var pages: [[UInt8]] = []
    if let directory, let walker = FileManager.default.enumerator(atPath: directory) {
        while let relative = walker.nextObject() as? String, pages.count < 500 {
            guard relative.hasSuffix(".html") || relative.hasSuffix(".htm") else { continue }
            if let data = FileManager.default.contents(atPath: directory + "/" + relative), data.count > 1_000 {
                pages.append([UInt8](data))
            }
        }
    }
    if pages.isEmpty {
        let paragraph = "<p>The harbour board met on Tuesday to discuss the ferry timetable and the new pier.</p>\n"
        pages = [
            Array(
                ("<html><body><article>" + String(repeating: paragraph, count: 2_300) + "</article></body></html>").utf8
            )
        ]
    }
    return pages
}

/// When each job was acknowledged and when its JOB reached a worker; shared by the submitter and the fleet.
final class DispatchTracker: @unchecked Sendable {
    private let lock = NSLock()
    private let expected: Int
    private var acknowledgedAt: [String: Double] = [:]
    private var pendingArrivals: [String: Double] = [:]
    private(set) var latencies: [Double] = []
    private(set) var answered = 0
    private(set) var lastAnswer = 0.0

    init(expected: Int) { self.expected = expected }

    func acknowledged(_ ids: [String], at time: Double) {
        lock.lock()
        defer { lock.unlock() }
        for id in ids {
            // A JOB can arrive before the submitter reads its ACCEPTED: count from the acknowledgement.
            if let arrived = pendingArrivals.removeValue(forKey: id) {
                latencies.append(max(0, arrived - time))
            } else {
                acknowledgedAt[id] = time
            }
        }
    }

    func arrived(_ id: String, at time: Double) {
        lock.lock()
        defer { lock.unlock() }
        if let acknowledged = acknowledgedAt.removeValue(forKey: id) {
            latencies.append(time - acknowledged)
        } else {
            pendingArrivals[id] = time
        }
    }

    func answeredOne(at time: Double) {
        lock.lock()
        defer { lock.unlock() }
        answered += 1
        lastAnswer = time
    }

    func waitForAll(timeout: Double) -> Bool {
        let deadline = now() + timeout
        while now() < deadline {
            lock.lock()
            let done = answered >= expected
            lock.unlock()
            if done { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }
}

/// Simulated workers on one thread: register, heartbeat every second, answer each JOB at once with a result
/// document of `ratio` × the article's size.
final class SimulatedFleet: @unchecked Sendable {
    private let context: ZMQContext
    private var sockets: [ZMQSocket] = []
    private let ratio: Double
    private let slots: Int
    private let tracker: DispatchTracker
    private let stopped = NSLock()
    private var isStopped = false
    /// Result filler, cut to size per job.
    private let filler = String(
        repeating: "The harbour board met on Tuesday and put off the vote again. ", count: 20_000)

    init(endpoint: Endpoint, workers: Int, slots: Int, ratio: Double, tracker: DispatchTracker) throws {
        context = try ZMQContext()
        self.ratio = ratio
        self.slots = slots
        self.tracker = tracker
        for index in 0..<workers {
            let socket = try ZMQSocket(context: context, type: .dealer)
            try socket.setRoutingId(Array("real-sim-\(index)".utf8))
            try socket.setMaxMessageSize(Int64(256 << 20))
            try socket.connect(endpoint.description)
            _ = try socket.send(WorkerCommand.ready(ready(index)).frames(), wait: true)
            sockets.append(socket)
        }
    }

    private func ready(_ index: Int) -> Ready {
        var ready = Ready(
            worker: "real-sim-\(index)", slots: slots, host: "simulated", pid: Int32(index), version: "bench")
        ready.encodings = ["zstd"]
        return ready
    }

    func stop() {
        stopped.lock()
        isStopped = true
        stopped.unlock()
    }

    private var shouldStop: Bool {
        stopped.lock()
        defer { stopped.unlock() }
        return isStopped
    }

    func run() {
        var poller = ZMQPoller(sockets)
        var lastBeat = now()
        while !shouldStop {
            guard let readable = try? poller.poll(milliseconds: 20) else { break }
            for (index, socket) in sockets.enumerated() where readable[index] {
                while let message = try? socket.receive(maxFrames: 8) {
                    switch try? CoordinatorCommand.decode(message.frames) {
                    case .job(let job, let body):
                        tracker.arrived(job.job, at: now())
                        let size = Int(Double(job.bodyBytes ?? body.count) * ratio)
                        let text = filler.prefix(max(100, size))
                        let document = Array(
                            #"{"id":"\#(job.job)","title":"Simulated","language":{"code":"en"},"pageType":"article","text":"\#(text)"}"#
                                .utf8)
                        _ = try? socket.send(
                            WorkerCommand.result(JobResult(job: job.job, attempt: job.attempt), document: document)
                                .frames(), wait: true)
                        tracker.answeredOne(at: now())
                    case .disconnect:
                        _ = try? socket.send(WorkerCommand.ready(ready(index)).frames(), wait: true)
                    default:
                        break
                    }
                }
            }
            if now() - lastBeat >= 1 {
                lastBeat = now()
                for socket in sockets { _ = try? socket.send(WorkerCommand.heartbeat().frames()) }
            }
        }
        for socket in sockets {
            _ = try? socket.send(WorkerCommand.disconnect.frames())
            try? socket.setLinger(milliseconds: 200)
            socket.close()
        }
    }
}

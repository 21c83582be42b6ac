// presswork-bench: load generators for the cluster benchmarks in Scripts/ (bench-dispatch.sh,
// bench-scale.sh). Each mode prints a human line and one JSON line (prefixed `json: `) with its figures.
//
//   presswork-bench dispatch --connect E --jobs N [--batch B] [--coordinator-pid P]
//   presswork-bench latency --connect E [--samples N]
//   presswork-bench fill --connect E --jobs N [--batch B]
//   presswork-bench simulate-workers --connect E --workers W [--slots S] [--seconds T]
//   presswork-bench store --data DIR --documents FILE.jsonl [--jobs N] [--search w1,w2]
//   presswork-bench warc [--megabytes N] [--dir DIR]
//   presswork-bench joblist --data DIR [--jobs N] [--store URL] [--fill no]
//   presswork-bench real-traffic --connect E --coordinator-pid P [--pages DIR] [--jobs N] [--workers W]
import Foundation
import PressworkClient
import PressworkProtocol
import ZeroMQ

struct Arguments {
    var mode = ""
    var values: [String: String] = [:]

    init(_ raw: [String]) {
        mode = raw.first ?? ""
        var index = 1
        while index < raw.count {
            let key = raw[index].hasPrefix("--") ? String(raw[index].dropFirst(2)) : raw[index]
            values[key] = index + 1 < raw.count ? raw[index + 1] : ""
            index += 2
        }
    }

    func int(_ key: String, _ fallback: Int) -> Int { values[key].flatMap { Int($0) } ?? fallback }
    func double(_ key: String, _ fallback: Double) -> Double { values[key].flatMap { Double($0) } ?? fallback }
    var endpoint: Endpoint { Endpoint(values["connect"] ?? "tcp://127.0.0.1:7700")! }
}

func now() -> Double { Timestamp.monotonic() }

func report(_ text: String, _ figures: [String: Double]) {
    print(text)
    let json = figures.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",")
    print("json: {\(json)}")
}

/// Tiny plain-text articles, distinct by serial number.
func tinyArticles(_ range: Range<Int>) -> [(meta: ArticleMeta, body: [UInt8])] {
    range.map { index in
        (
            ArticleMeta(articleId: "bench-\(index)", source: "bench-\(index).txt", format: .text),
            Array("Tiny article \(index)\n\nA short line of text for the dispatch benchmark.".utf8)
        )
    }
}

/// User plus system CPU seconds of a process, from /proc/PID/stat.
func cpuSeconds(of pid: Int) -> Double? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
    let fields = (stat.split(separator: ")").last ?? "").split(separator: " ")
    // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

func residentBytes(of pid: Int) -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/statm", encoding: .utf8) else { return nil }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

func submitAll(_ client: CoordinatorClient, jobs: Int, batch: Int, offset: Int = 0) throws -> [String] {
    var ids: [String] = []
    ids.reserveCapacity(jobs)
    for start in stride(from: 0, to: jobs, by: batch) {
        ids += try client.submit(tinyArticles((offset + start)..<(offset + min(jobs, start + batch))))
    }
    return ids
}

/// Submits N tiny jobs as fast as acknowledgements come and waits until all are finished.
func dispatch(_ arguments: Arguments) throws {
    let jobs = arguments.int("jobs", 20_000)
    let batch = min(ProtocolLimits.maxArticlesPerSubmit, arguments.int("batch", 500))
    let pid = arguments.values["coordinator-pid"].flatMap { Int($0) }
    let client = try CoordinatorClient(endpoint: arguments.endpoint, timeout: 60)
    let finishedBefore = try client.status().queue.done
    let cpuBefore = pid.flatMap(cpuSeconds(of:))
    let start = now()
    _ = try submitAll(client, jobs: jobs, batch: batch, offset: Int(start * 1000) % 1_000_000_000)
    let acknowledged = now() - start
    // Polled every 10 ms: often enough for a run of seconds, rarely enough not to load the coordinator.
    while try client.status().queue.done - finishedBefore < jobs { usleep(10_000) }
    let elapsed = now() - start
    var cpu: Double?
    if let cpuBefore, let cpuAfter = pid.flatMap(cpuSeconds(of:)) { cpu = cpuAfter - cpuBefore }
    var figures = [
        "jobs": Double(jobs), "seconds": elapsed, "jobsPerSecond": Double(jobs) / elapsed,
        "submitSeconds": acknowledged, "submitsPerSecond": Double(jobs) / acknowledged,
    ]
    var line = String(
        format: "%d jobs done in %.2f s: %.0f jobs/s end to end (acknowledged at %.0f/s)", jobs, elapsed,
        Double(jobs) / elapsed, Double(jobs) / acknowledged)
    if let cpu {
        figures["coordinatorCpuMicrosecondsPerJob"] = cpu / Double(jobs) * 1e6
        line += String(format: "; coordinator CPU %.1f µs/job", cpu / Double(jobs) * 1e6)
    }
    report(line, figures)
}

/// One job at a time on an idle cluster: submit, then poll its state until done.
func latency(_ arguments: Arguments) throws {
    let samples = arguments.int("samples", 300)
    let client = try CoordinatorClient(endpoint: arguments.endpoint, timeout: 10)
    var times: [Double] = []
    for index in 0..<samples {
        let start = now()
        let id = try client.submit(tinyArticles(index..<(index + 1)))[0]
        while try client.states(of: [id]) != [.done] {}
        times.append(now() - start)
    }
    times.sort()
    func percentile(_ p: Double) -> Double { times[min(times.count - 1, Int(Double(times.count) * p))] * 1000 }
    report(
        String(
            format: "%d jobs one at a time: submit to result p50 %.2f ms, p99 %.2f ms, max %.2f ms", samples,
            percentile(0.5), percentile(0.99), times.last! * 1000),
        ["samples": Double(samples), "p50Ms": percentile(0.5), "p99Ms": percentile(0.99), "maxMs": times.last! * 1000])
}

/// Queues N tiny jobs (no workers needed) and reports the rate of durable submits.
func fill(_ arguments: Arguments) throws {
    let jobs = arguments.int("jobs", 1_000_000)
    let batch = min(ProtocolLimits.maxArticlesPerSubmit, arguments.int("batch", 1_000))
    let client = try CoordinatorClient(endpoint: arguments.endpoint, timeout: 120)
    let start = now()
    _ = try submitAll(client, jobs: jobs, batch: batch)
    let elapsed = now() - start
    report(
        String(format: "%d jobs queued in %.1f s (%.0f durable submits/s)", jobs, elapsed, Double(jobs) / elapsed),
        ["jobs": Double(jobs), "seconds": elapsed, "submitsPerSecond": Double(jobs) / elapsed])
}

/// W workers on one thread, each a DEALER that registers, answers every JOB at once with a minimal
/// result and heartbeats every second: the coordinator's view of a large, fast cluster.
func simulateWorkers(_ arguments: Arguments) throws {
    let count = arguments.int("workers", 100)
    let slots = arguments.int("slots", 4)
    let seconds = arguments.double("seconds", 30)
    let context = try ZMQContext()
    var sockets: [ZMQSocket] = []
    for index in 0..<count {
        let socket = try ZMQSocket(context: context, type: .dealer)
        try socket.setRoutingId(Array("sim-\(index)".utf8))
        try socket.connect(arguments.endpoint.description)
        let ready = Ready(worker: "sim-\(index)", slots: slots, host: "simulated", pid: Int32(index), version: "bench")
        _ = try socket.send(WorkerCommand.ready(ready).frames(), wait: true)
        sockets.append(socket)
    }
    var poller = ZMQPoller(sockets)
    var answered = 0
    let start = now()
    var lastBeat = start
    var firstJob: Double?
    var lastJob = start
    while now() - start < seconds {
        let readable = try poller.poll(milliseconds: 20)
        for (index, socket) in sockets.enumerated() where readable[index] {
            while let message = try socket.receive(maxFrames: 8) {
                switch try? CoordinatorCommand.decode(message.frames) {
                case .job(let job, _):
                    let document = Array(#"{"id":"\#(job.job)","simulated":true}"#.utf8)
                    _ = try socket.send(
                        WorkerCommand.result(JobResult(job: job.job, attempt: job.attempt), document: document)
                            .frames(),
                        wait: true)
                    answered += 1
                    firstJob = firstJob ?? now()
                    lastJob = now()
                case .disconnect:
                    let ready = Ready(
                        worker: "sim-\(index)", slots: slots, host: "simulated", pid: Int32(index), version: "bench")
                    _ = try socket.send(WorkerCommand.ready(ready).frames(), wait: true)
                default:
                    break
                }
            }
        }
        if now() - lastBeat >= 1 {
            lastBeat = now()
            for socket in sockets { _ = try socket.send(WorkerCommand.heartbeat().frames()) }
        }
    }
    let busy = firstJob.map { lastJob - $0 } ?? 0
    report(
        String(
            format: "%d simulated workers × %d slots: %d jobs answered, %.0f jobs/s while jobs flowed", count, slots,
            answered, busy > 0 ? Double(answered) / busy : 0),
        [
            "workers": Double(count), "answered": Double(answered),
            "jobsPerSecond": busy > 0 ? Double(answered) / busy : 0,
        ])
    for socket in sockets {
        _ = try? socket.send(WorkerCommand.disconnect.frames())
        try? socket.setLinger(milliseconds: 200)
        socket.close()
    }
}

/// Samples a process's CPU and memory for a while: for the heartbeat overhead of idle workers.
func watch(_ arguments: Arguments) throws {
    guard let pid = arguments.values["pid"].flatMap({ Int($0) }), let before = cpuSeconds(of: pid) else {
        throw BenchError("watch needs --pid of a running process")
    }
    let seconds = arguments.double("seconds", 30)
    Thread.sleep(forTimeInterval: seconds)
    let cpu = (cpuSeconds(of: pid) ?? before) - before
    let rss = residentBytes(of: pid) ?? 0
    report(
        String(
            format: "process %d over %.0f s: %.2f %% of one core, %.1f MiB resident", pid, seconds,
            cpu / seconds * 100, Double(rss) / 1_048_576),
        ["cpuPercent": cpu / seconds * 100, "residentBytes": Double(rss), "seconds": seconds])
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

let arguments = Arguments(Array(CommandLine.arguments.dropFirst()))
do {
    switch arguments.mode {
    case "dispatch": try dispatch(arguments)
    case "latency": try latency(arguments)
    case "fill": try fill(arguments)
    case "simulate-workers": try simulateWorkers(arguments)
    case "watch": try watch(arguments)
    case "store": try storeBench(arguments)
    case "warc": try warcBench(arguments)
    case "joblist": try jobListBench(arguments)
    case "real-traffic": try realTrafficBench(arguments)
    default:
        throw BenchError(
            "usage: presswork-bench dispatch|latency|fill|simulate-workers|watch|store|warc|joblist|real-traffic [--options]"
        )
    }
} catch {
    FileHandle.standardError.write(Data("presswork-bench: \(error)\n".utf8))
    exit(1)
}

import PressworkHTTP
import PressworkProtocol
import Synchronization

/// What the coordinator loop publishes for the HTTP endpoint: the `status` reply plus the machine's
/// counters, taken at one moment on the loop thread.
struct MetricsSnapshot: Sendable {
    var status: ClusterStatus
    var counters: MachineCounters
    var durations: Histogram
    var queueWaits: Histogram
    var activity: ClusterActivity
    /// Monotonic seconds when it was taken.
    var takenAt: Double
    /// The store's outages (a PostgreSQL store out of reach), the current one included.
    var storeOutages: StoreOutageCounters

    init(
        status: ClusterStatus, counters: MachineCounters, durations: Histogram, queueWaits: Histogram,
        activity: ClusterActivity, takenAt: Double, storeOutages: StoreOutageCounters = StoreOutageCounters()
    ) {
        self.storeOutages = storeOutages
        self.status = status
        self.counters = counters
        self.durations = durations
        self.queueWaits = queueWaits
        self.activity = activity
        self.takenAt = takenAt
    }
}

/// What the store's outages cost since start-up: only a database store has them.
struct StoreOutageCounters: Sendable {
    /// Outages begun.
    var outages = 0
    /// Seconds of outages that ended.
    var seconds = 0.0
    /// Seconds the current outage has lasted, or nil when the store is reachable.
    var current: Double?
    /// Client requests answered `store-unavailable`.
    var refused = 0
    /// Worker messages dropped because the outage's hold was full.
    var droppedReports = 0

    var isUp: Bool { current == nil }
    var currentSeconds: Double { current ?? 0 }
}

/// The queue and the finished count at one moment, for the dashboard's charts.
public struct HistoryPoint: Codable, Sendable, Hashable {
    /// Seconds since the coordinator started.
    public var uptimeSeconds: Double
    /// Jobs finished (done + dead) since start, so throughput is the difference between two points.
    public var finished: Int
    public var queued: Int
    public var delayed: Int
    public var leased: Int
}

/// `HistoryPoint`s over a span (ten minutes, an hour or a day), as `/api/history?span=` serves them.
public struct History: Codable, Sendable {
    /// Seconds between points.
    public var intervalSeconds: Double
    /// Oldest first.
    public var points: [HistoryPoint]
}

/// One worker's last hour, a point a minute: kept by id, so a worker that restarts under the same id
/// continues its history.
public struct WorkerHistory: Codable, Sendable {
    public var worker: String
    public var points: [WorkerHistoryPoint]
}

public struct WorkerHistoryPoint: Codable, Sendable, Hashable {
    /// Seconds since the coordinator started, at the end of the minute.
    public var uptimeSeconds: Double
    /// Jobs it finished and attempts it failed during the minute.
    public var done: Int
    public var failed: Int
    public var rssBytes: Int?
}

/// Fixed-size rings of history points at one resolution: memory does not grow with uptime.
struct HistoryRing: Sendable {
    let interval: Double
    let length: Int
    var points: [HistoryPoint] = []

    mutating func add(_ point: HistoryPoint) {
        if let last = points.last, point.uptimeSeconds - last.uptimeSeconds < interval { return }
        points.append(point)
        if points.count > length { points.removeFirst(points.count - length) }
    }
}

/// The latest `MetricsSnapshot`, written by the loop thread only (a few times a second) and read by the
/// HTTP thread, behind a mutex: readers never touch the loop's state. It also keeps a short history, so
/// the dashboard's charts show the last minutes as soon as the page opens.
final class StatusBoard: Sendable {
    private struct State {
        var latest: MetricsSnapshot?
        /// Ten minutes every 2 s, an hour every 15 s, a day every 5 minutes.
        var rings = [
            HistoryRing(interval: 2, length: 300), HistoryRing(interval: 15, length: 240),
            HistoryRing(interval: 300, length: 288),
        ]
        var finishedAtStart: Int?
        /// Per worker: the minute being counted (its counters at the minute's start) and the finished minutes.
        var workerMinutes: [String: WorkerMinutes] = [:]
        var lastMinute = 0.0
        /// Dashboard requests waiting for the loop, oldest first.
        var calls: [(call: DashboardCall, reply: HTTPPending)] = []
    }

    /// Dashboard requests waiting at once, at most; more are answered 503 at once.
    static let maxWaitingCalls = 64

    /// Hands a dashboard request to the loop; nil when too many are waiting already.
    func enqueue(_ call: DashboardCall) -> HTTPPending? {
        let reply = HTTPPending()
        let queued = state.withLock { state in
            guard state.calls.count < Self.maxWaitingCalls else { return false }
            state.calls.append((call, reply))
            return true
        }
        return queued ? reply : nil
    }

    /// The dashboard requests waiting, taken by the loop.
    func takeCalls() -> [(call: DashboardCall, reply: HTTPPending)] {
        state.withLock { state in
            defer { state.calls.removeAll() }
            return state.calls
        }
    }

    private let state = Mutex(State())
    private let running = Atomic<Bool>(false)
    /// Workers whose history is kept, at most (the most recently seen).
    static let maxWorkerHistories = 1_000

    struct WorkerMinutes: Sendable {
        var done: Int
        var failed: Int
        var points: [WorkerHistoryPoint] = []
        var lastSeen: Double
    }

    init() {}

    /// The loop publishes a new snapshot.
    func publish(_ snapshot: MetricsSnapshot) {
        state.withLock { state in
            state.latest = snapshot
            let status = snapshot.status
            let uptime = status.coordinator.uptimeSeconds
            // Throughput since start: jobs already finished in the journal before it are not counted.
            let finished = status.queue.done + status.queue.dead
            let base = state.finishedAtStart ?? finished
            state.finishedAtStart = base
            let point = HistoryPoint(
                uptimeSeconds: uptime, finished: finished - base, queued: status.queue.queued,
                delayed: status.queue.delayed, leased: status.queue.leased)
            for index in state.rings.indices { state.rings[index].add(point) }
            if uptime - state.lastMinute >= 60 {
                state.lastMinute = uptime
                Self.closeMinute(&state, workers: status.workers, uptime: uptime)
            }
        }
    }

    /// Ends the minute for every worker: what it did since the last one. A worker's counters restart with its
    /// registration, so a count lower than the last one means it restarted and counts from zero.
    private static func closeMinute(_ state: inout State, workers: [ClusterStatus.Worker], uptime: Double) {
        for worker in workers where worker.state != .lost {
            var minutes =
                state.workerMinutes[worker.id]
                ?? WorkerMinutes(done: worker.done, failed: worker.failed, lastSeen: uptime)
            let done = worker.done >= minutes.done ? worker.done - minutes.done : worker.done
            let failed = worker.failed >= minutes.failed ? worker.failed - minutes.failed : worker.failed
            if state.workerMinutes[worker.id] != nil {
                minutes.points.append(
                    WorkerHistoryPoint(uptimeSeconds: uptime, done: done, failed: failed, rssBytes: worker.rssBytes))
                if minutes.points.count > 60 { minutes.points.removeFirst(minutes.points.count - 60) }
            }
            (minutes.done, minutes.failed, minutes.lastSeen) = (worker.done, worker.failed, uptime)
            state.workerMinutes[worker.id] = minutes
        }
        // Workers gone for an hour are forgotten; past the cap, the longest unseen go first.
        state.workerMinutes = state.workerMinutes.filter { uptime - $0.value.lastSeen <= 3_600 }
        if state.workerMinutes.count > maxWorkerHistories {
            let kept = state.workerMinutes.sorted { $0.value.lastSeen > $1.value.lastSeen }.prefix(maxWorkerHistories)
            state.workerMinutes = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
        }
    }

    /// The recorded history over `span` seconds (600, 3600 or 86400), oldest first.
    func history(span: Double = 600) -> History {
        state.withLock { state in
            let ring = state.rings.first { Double($0.length) * $0.interval >= span } ?? state.rings.last!
            return History(intervalSeconds: ring.interval, points: ring.points)
        }
    }

    /// The last hour of every worker seen in it, a point a minute.
    var workerHistories: [WorkerHistory] {
        state.withLock { state in
            state.workerMinutes.map { WorkerHistory(worker: $0.key, points: $0.value.points) }.sorted {
                $0.worker < $1.worker
            }
        }
    }

    /// The most recent snapshot, nil before the loop published its first.
    var snapshot: MetricsSnapshot? { state.withLock { $0.latest } }

    /// Whether the loop is running (set when it starts turning, cleared when it stops).
    var isRunning: Bool {
        get { running.load(ordering: .acquiring) }
        set { running.store(newValue, ordering: .releasing) }
    }
}

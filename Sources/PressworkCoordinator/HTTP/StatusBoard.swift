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

/// The last ten minutes of `HistoryPoint`s, as `/api/history` serves them.
public struct History: Codable, Sendable {
    /// Seconds between points.
    public var intervalSeconds: Double
    /// Oldest first.
    public var points: [HistoryPoint]
}

/// The latest `MetricsSnapshot`, written by the loop thread only (a few times a second) and read by the
/// HTTP thread, behind a mutex: readers never touch the loop's state. It also keeps a short history, so
/// the dashboard's charts show the last minutes as soon as the page opens.
final class StatusBoard: Sendable {
    private struct State {
        var latest: MetricsSnapshot?
        var points: [HistoryPoint] = []
        var finishedAtStart: Int?
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
    /// Seconds between history points, and how many are kept (ten minutes).
    static let historyInterval = 2.0
    static let historyLength = 300

    init() {}

    /// The loop publishes a new snapshot.
    func publish(_ snapshot: MetricsSnapshot) {
        state.withLock { state in
            state.latest = snapshot
            let status = snapshot.status
            let uptime = status.coordinator.uptimeSeconds
            if let last = state.points.last, uptime - last.uptimeSeconds < Self.historyInterval { return }
            // Throughput since start: jobs already finished in the journal before it are not counted.
            let finished = status.queue.done + status.queue.dead
            let base = state.finishedAtStart ?? finished
            state.finishedAtStart = base
            state.points.append(
                HistoryPoint(
                    uptimeSeconds: uptime, finished: finished - base, queued: status.queue.queued,
                    delayed: status.queue.delayed, leased: status.queue.leased))
            if state.points.count > Self.historyLength { state.points.removeFirst() }
        }
    }

    /// The recorded history, oldest first.
    var history: History {
        History(intervalSeconds: Self.historyInterval, points: state.withLock { $0.points })
    }

    /// The most recent snapshot, nil before the loop published its first.
    var snapshot: MetricsSnapshot? { state.withLock { $0.latest } }

    /// Whether the loop is running (set when it starts turning, cleared when it stops).
    var isRunning: Bool {
        get { running.load(ordering: .acquiring) }
        set { running.store(newValue, ordering: .releasing) }
    }
}

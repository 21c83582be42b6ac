import PressworkProtocol
import Synchronization

/// What the coordinator loop publishes for the HTTP endpoint: the `status` reply plus the machine's
/// counters, taken at one moment on the loop thread.
public struct MetricsSnapshot: Sendable {
    public var status: ClusterStatus
    public var counters: MachineCounters
    public var durations: Histogram
    public var queueWaits: Histogram
    public var activity: ClusterActivity
    /// Monotonic seconds when it was taken.
    public var takenAt: Double

    public init(
        status: ClusterStatus, counters: MachineCounters, durations: Histogram, queueWaits: Histogram,
        activity: ClusterActivity, takenAt: Double
    ) {
        self.status = status
        self.counters = counters
        self.durations = durations
        self.queueWaits = queueWaits
        self.activity = activity
        self.takenAt = takenAt
    }
}

/// The latest `MetricsSnapshot`, written by the loop thread only (a few times a second) and read by the
/// HTTP thread, behind a mutex: readers never touch the loop's state.
public final class StatusBoard: Sendable {
    private let latest = Mutex<MetricsSnapshot?>(nil)
    private let running = Atomic<Bool>(false)

    public init() {}

    /// The loop publishes a new snapshot.
    public func publish(_ snapshot: MetricsSnapshot) {
        latest.withLock { $0 = snapshot }
    }

    /// The most recent snapshot, nil before the loop published its first.
    public var snapshot: MetricsSnapshot? { latest.withLock { $0 } }

    /// Whether the loop is running (set when it starts turning, cleared when it stops).
    public var isRunning: Bool {
        get { running.load(ordering: .acquiring) }
        set { running.store(newValue, ordering: .releasing) }
    }
}

/// Plain counters the machine keeps since start-up, for the Prometheus endpoint.
struct MachineCounters: Sendable, Hashable {
    /// Jobs accepted from clients.
    var submitted = 0
    /// Attempts sent to workers.
    var dispatched = 0
    /// Attempts that ended in a stored result.
    var done = 0
    /// Attempts that failed and were scheduled again.
    var failed = 0
    /// Jobs buried after their last attempt (or with a missing article).
    var dead = 0
    /// Jobs cancelled by clients (queued, delayed or running).
    var cancelled = 0
    /// Jobs a worker gave back unrun (re-registration, draining, undelivered), requeued unpenalized.
    var handedBack = 0
    /// Jobs taken from a worker declared lost while running them.
    var workerLost = 0
    /// Workers declared lost (silent past the expiry, or connection gone); not those that said goodbye.
    var workersLost = 0

    init() {}
}

/// A histogram with fixed buckets, rendered cumulatively for Prometheus.
struct Histogram: Sendable, Hashable {
    /// Upper bounds in seconds, ascending; `+Inf` is implied.
    let bounds: [Double]
    /// Observations per bucket (not cumulative), one more than `bounds` for `+Inf`.
    private(set) var buckets: [Int]
    private(set) var count = 0
    private(set) var sum = 0.0

    init(bounds: [Double]) {
        self.bounds = bounds
        buckets = [Int](repeating: 0, count: bounds.count + 1)
    }

    /// Whole jobs and waits in the queue: milliseconds to minutes.
    static let jobBounds: [Double] = [
        0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300,
    ]
    /// One pipeline stage of one article: tens of microseconds to seconds.
    static let stageBounds: [Double] = [
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5,
    ]

    mutating func record(_ seconds: Double) {
        guard seconds.isFinite else { return }
        let index = bounds.firstIndex { seconds <= $0 } ?? bounds.count
        buckets[index] += 1
        count += 1
        sum += seconds
    }
}

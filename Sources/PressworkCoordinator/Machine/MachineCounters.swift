/// Plain counters the machine keeps since start-up, for the Prometheus endpoint.
public struct MachineCounters: Sendable, Hashable {
    /// Jobs accepted from clients.
    public var submitted = 0
    /// Attempts sent to workers.
    public var dispatched = 0
    /// Attempts that ended in a stored result.
    public var done = 0
    /// Attempts that failed and were scheduled again.
    public var failed = 0
    /// Jobs buried after their last attempt (or with a missing article).
    public var dead = 0
    /// Jobs a worker gave back unrun (re-registration, draining, undelivered), requeued unpenalized.
    public var handedBack = 0
    /// Jobs taken from a worker declared lost while running them.
    public var workerLost = 0

    public init() {}
}

/// A cumulative histogram of job durations (dispatch to accepted result) with fixed buckets.
public struct DurationHistogram: Sendable, Hashable {
    /// Upper bounds in seconds, ascending; `+Inf` is implied.
    public static let bounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120]

    /// Observations per bucket (not cumulative), one more than `bounds` for `+Inf`.
    public private(set) var buckets = [Int](repeating: 0, count: bounds.count + 1)
    public private(set) var count = 0
    public private(set) var sum = 0.0

    public init() {}

    public mutating func record(_ seconds: Double) {
        let index = Self.bounds.firstIndex { seconds <= $0 } ?? Self.bounds.count
        buckets[index] += 1
        count += 1
        sum += seconds
    }
}

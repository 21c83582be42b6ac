/// Counts of a batch of jobs over time, with the recent rate and the time left; no I/O, no clock.
///
/// Times are seconds on any monotonic scale (the caller's clock); the meter only subtracts them.
public struct ProgressMeter: Sendable {
    /// Jobs in the batch.
    public let total: Int
    /// When the batch started (for the elapsed time and the mean rate).
    public let start: Double
    /// Seconds of history the recent rate is measured over.
    public let window: Double
    /// Jobs done so far.
    public private(set) var done = 0
    /// Jobs that ended dead so far.
    public private(set) var failed = 0
    /// (time, finished) observations; the first one is the last at or before the window's start.
    private var samples: [(time: Double, finished: Int)] = []

    /// - Parameters:
    ///   - total: jobs in the batch.
    ///   - start: when the batch started, on the caller's clock.
    ///   - window: seconds of history behind `rate(at:)`.
    public init(total: Int, start: Double, window: Double = 5) {
        self.total = total
        self.start = start
        self.window = window
    }

    /// Jobs that are final (done or dead).
    public var finished: Int { done + failed }

    /// Records the counts observed at `time` (counts never go back).
    public mutating func record(done: Int, failed: Int, at time: Double) {
        self.done = max(self.done, done)
        self.failed = max(self.failed, failed)
        samples.append((time, finished))
        while samples.count > 2 && samples[1].time <= time - window {
            samples.removeFirst()
        }
    }

    /// Jobs finished per second over the last `window` seconds; nil until a second of history exists.
    public var rate: Double? {
        guard let first = samples.first, let last = samples.last, last.time - first.time >= 1 else { return nil }
        return Double(last.finished - first.finished) / (last.time - first.time)
    }

    /// Seconds until every job is final at the recent rate; 0 when all are, nil when unknown.
    public var eta: Double? {
        let remaining = total - finished
        if remaining <= 0 { return 0 }
        guard let rate, rate > 0 else { return nil }
        return Double(remaining) / rate
    }

    /// Seconds from `start` to `now`.
    public func elapsed(at now: Double) -> Double { max(0, now - start) }

    /// Jobs finished per second since `start`; nil before any time has passed.
    public func meanRate(at now: Double) -> Double? {
        let elapsed = elapsed(at: now)
        return elapsed > 0 ? Double(finished) / elapsed : nil
    }
}

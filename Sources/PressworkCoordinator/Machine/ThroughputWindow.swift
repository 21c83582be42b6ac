/// Finished jobs per second over the last five minutes, in 300 one-second buckets: O(1) memory and
/// updates.
struct ThroughputWindow: Sendable {
    static let span = 300
    private var buckets = [Int](repeating: 0, count: span)
    private var bucketSecond = [Int](repeating: -1, count: span)
    let startedAt: Double

    init(startedAt: Double) {
        self.startedAt = startedAt
    }

    mutating func record(_ now: Double) {
        let second = Int(now.rounded(.down))
        let index = ((second % Self.span) + Self.span) % Self.span
        if bucketSecond[index] != second {
            bucketSecond[index] = second
            buckets[index] = 0
        }
        buckets[index] += 1
    }

    /// Jobs finished in the `seconds` (at most 300) before `now`.
    func count(lastSeconds seconds: Int, now: Double) -> Int {
        let second = Int(now.rounded(.down))
        var total = 0
        for index in 0..<Self.span where bucketSecond[index] > second - seconds && bucketSecond[index] <= second {
            total += buckets[index]
        }
        return total
    }

    /// Jobs finished in the 60 seconds before `now`.
    func lastMinute(now: Double) -> Int { count(lastSeconds: 60, now: now) }

    /// The rate over the part of the last `seconds` the coordinator has been up.
    func perSecond(lastSeconds seconds: Int = 60, now: Double) -> Double {
        let window = min(Double(seconds), max(1, now - startedAt))
        return Double(count(lastSeconds: seconds, now: now)) / window
    }
}

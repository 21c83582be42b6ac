/// Finished jobs per second over the last minute, in 60 one-second buckets: O(1) memory and updates.
struct ThroughputWindow: Sendable {
    private var buckets = [Int](repeating: 0, count: 60)
    private var bucketSecond = [Int](repeating: -1, count: 60)
    let startedAt: Double

    init(startedAt: Double) {
        self.startedAt = startedAt
    }

    mutating func record(_ now: Double) {
        let second = Int(now.rounded(.down))
        let index = ((second % 60) + 60) % 60
        if bucketSecond[index] != second {
            bucketSecond[index] = second
            buckets[index] = 0
        }
        buckets[index] += 1
    }

    /// Jobs finished in the 60 seconds before `now`.
    func lastMinute(now: Double) -> Int {
        let second = Int(now.rounded(.down))
        var total = 0
        for index in 0..<60 where bucketSecond[index] > second - 60 && bucketSecond[index] <= second {
            total += buckets[index]
        }
        return total
    }

    /// The rate over the part of the last minute the coordinator has been up.
    func perSecond(now: Double) -> Double {
        let window = min(60, max(1, now - startedAt))
        return Double(lastMinute(now: now)) / window
    }
}

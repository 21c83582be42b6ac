import DequeModule
import PressworkProtocol

/// Jobs ready to run, one lane per priority. Dispatch takes from the lanes in a fixed cycle of seven
/// turns (four high, two normal, one low), skipping empty lanes, so higher priorities go first while a
/// busy `high` lane still leaves `low` one dispatch in seven: nothing starves.
struct ReadyQueue {
    private var lanes: [Deque<String>] = [[], [], []]
    private var turn = 0
    /// Lane per turn of the cycle: 0 high, 1 normal, 2 low.
    static let cycle = [0, 1, 0, 2, 0, 1, 0]

    mutating func append(_ job: String, _ priority: JobPriority) {
        lanes[priority.rank].append(job)
    }

    /// Work that goes back (lost, expired, handed back) is next in its lane: it has waited longest.
    mutating func prepend(_ job: String, _ priority: JobPriority) {
        lanes[priority.rank].prepend(job)
    }

    /// The next job by the cycle; entries that are no longer ready are skipped by the caller.
    mutating func popFirst() -> String? {
        let lane = Self.cycle[turn]
        turn = (turn + 1) % Self.cycle.count
        // The lane whose turn it is, else the others from high to low.
        for candidate in [lane, 0, 1, 2] {
            if let job = lanes[candidate].popFirst() { return job }
        }
        return nil
    }

    /// The first `count` entries of each lane.
    func heads(_ count: Int) -> [String] {
        lanes.flatMap { $0.prefix(count) }
    }
}

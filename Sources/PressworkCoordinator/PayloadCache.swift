import PressworkProtocol
import PressworkStore

/// Articles submitted to this coordinator and not yet sent to a worker, kept in memory up to a byte budget
/// so that a dispatch does not read back from SQLite what was written a moment before (that read, and
/// decoding its `article` column, was a fifth of the coordinator's time per tiny job).
///
/// Entries added in the current turn are always kept: a job can be dispatched in the turn that submits
/// it, before its row is committed. The budget is enforced by `trim()` after the commit, on the newest
/// entries: jobs are dispatched oldest first, so the oldest are the ones worth keeping. What does not fit
/// is read from the store at dispatch, as after a restart.
struct PayloadCache {
    typealias Payload = StoredArticle

    /// The most bytes kept after a turn, counted as body bytes plus `entryOverhead` per entry.
    let budget: Int
    private(set) var bytes = 0
    private var entries: [String: Payload] = [:]
    /// This turn's inserts, in order: what `trim()` may drop.
    private var recent: [String] = []

    /// The cost of an entry beyond its body: the key, the article's strings, the table slot and malloc's
    /// share. Measured: 1,000,000 tiny jobs queued took ~840 bytes per cached entry when 256 was counted,
    /// so the budget held 2.6 times its size.
    static let entryOverhead = 768

    init(budget: Int) {
        self.budget = budget
    }

    var count: Int { entries.count }

    mutating func insert(_ job: String, _ payload: Payload) {
        if let old = entries.updateValue(payload, forKey: job) { bytes -= Self.cost(old) }
        bytes += Self.cost(payload)
        recent.append(job)
    }

    /// Removes and returns a job's payload: a job is dispatched once from memory; a retry reads the store.
    /// Whether the job's article is held here (so sending it needs no store read).
    func contains(_ job: String) -> Bool { entries[job] != nil }

    mutating func take(_ job: String) -> Payload? {
        guard let payload = entries.removeValue(forKey: job) else { return nil }
        bytes -= Self.cost(payload)
        return payload
    }

    /// Drops this turn's newest entries until the budget holds; only call once the turn's inserts are
    /// committed. Constant work per insert, whatever the size of the cache.
    mutating func trim() {
        while bytes > budget, let job = recent.popLast() {
            _ = take(job)
        }
        recent.removeAll(keepingCapacity: true)
    }

    private static func cost(_ payload: Payload) -> Int { payload.body.count + entryOverhead }
}

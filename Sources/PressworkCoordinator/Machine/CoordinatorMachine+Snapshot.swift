import PressworkProtocol

extension CoordinatorMachine {
    /// Queue counts, throughput and one row per worker, for `STATUS`.
    public func snapshot(now: Double) -> (
        queue: ClusterStatus.Queue, throughput: ClusterStatus.Throughput, workers: [ClusterStatus.Worker]
    ) {
        let queue = ClusterStatus.Queue(
            queued: readyCount, delayed: delayedCount, leased: leasedCount, done: doneTotal, dead: deadTotal,
            retries: retries, redeliveries: redeliveries, oldestQueuedSeconds: oldestQueuedAge(now: now))
        let throughput = ClusterStatus.Throughput(
            lastMinute: self.throughputWindow.lastMinute(now: now), perSecond: self.throughputWindow.perSecond(now: now)
        )
        let rows = workers.values.sorted { $0.ready.worker < $1.ready.worker }.map { entry in
            ClusterStatus.Worker(
                id: entry.ready.worker, host: entry.ready.host, pid: entry.ready.pid, version: entry.ready.version,
                state: entry.status.rawValue, slots: entry.ready.slots, busy: entry.inFlight.count, done: entry.done,
                failed: entry.failed, lastHeartbeatSecondsAgo: max(0, now - entry.lastSeen))
        }
        return (queue, throughput, rows)
    }

    /// Whether `job` is still being worked on (queued, delayed or leased).
    public func isUnfinished(_ job: String) -> Bool { jobs[job] != nil }

    /// The state of an unfinished job as the machine sees it, nil when finished or unknown.
    public func state(of job: String) -> JobState? {
        switch jobs[job]?.phase {
        case .ready, .delayed: .queued
        case .leased: .leased
        case nil: nil
        }
    }

    /// Whether `worker` is registered.
    public func isRegistered(_ worker: String) -> Bool { workers[worker] != nil }

    /// The ids of registered workers.
    public var workerIds: [String] { workers.keys.sorted() }
}

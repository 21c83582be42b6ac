import PressworkProtocol

extension CoordinatorMachine {
    /// Queue counts, throughput and one row per worker, for `STATUS`.
    func snapshot(now: Double) -> (
        queue: ClusterStatus.Queue, throughput: ClusterStatus.Throughput, workers: [ClusterStatus.Worker]
    ) {
        var queue = ClusterStatus.Queue(
            queued: readyCount, delayed: delayedCount, leased: leasedCount, done: doneTotal, dead: deadTotal,
            retries: retries, redeliveries: redeliveries, oldestQueuedSeconds: oldestQueuedAge(now: now))
        queue.cancelled = cancelledTotal
        let window = throughputWindow
        let throughput = ClusterStatus.Throughput(
            lastMinute: window.lastMinute(now: now), perSecond: window.perSecond(now: now),
            lastFiveMinutes: window.count(lastSeconds: 300, now: now),
            perSecondFiveMinutes: window.perSecond(lastSeconds: 300, now: now))
        func row(_ entry: WorkerEntry, state: ClusterStatus.Worker.State, busy: Int) -> ClusterStatus.Worker {
            var row = ClusterStatus.Worker(
                id: entry.ready.worker, host: entry.ready.host, pid: entry.ready.pid, version: entry.ready.version,
                state: state, slots: entry.ready.slots, busy: busy, done: entry.done, failed: entry.failed,
                lastHeartbeatSecondsAgo: max(0, now - entry.lastSeen), rssBytes: entry.rssBytes)
            row.fetching = entry.ready.fetching
            return row
        }
        let live = workers.values.map {
            row($0, state: ClusterStatus.Worker.State(rawValue: $0.status.rawValue), busy: $0.inFlight.count)
        }
        // A worker that came back under the same id is live again and appears once.
        let lost = recentlyLost.filter { workers[$0.entry.ready.worker] == nil }.map {
            row($0.entry, state: .lost, busy: 0)
        }
        return (queue, throughput, (live + lost).sorted { ($0.id, $0.state) < ($1.id, $1.state) })
    }

    /// Per-host politeness now: the limits and the busiest hosts.
    func hostsSnapshot() -> ClusterStatus.Hosts {
        let active = hostSlots.hosts.filter { $0.value.running > 0 || $0.value.waitingCount > 0 }
        let busiest = active.map {
            ClusterStatus.Hosts.Host(host: $0.key, running: $0.value.running, waiting: $0.value.waitingCount)
        }.sorted { ($1.waiting, $1.running, $0.host) < ($0.waiting, $0.running, $1.host) }
        return ClusterStatus.Hosts(
            concurrency: hostSlots.concurrency, delaySeconds: hostSlots.delay, active: active.count,
            waiting: hostSlots.waitingTotal, busiest: Array(busiest.prefix(10)))
    }

    /// Jobs in flight, oldest first: from the workers' holdings, so the cost follows the slots, not the queue.
    func runningJobs(now: Double) -> [RunningJob] {
        workers.values.flatMap(\.inFlight).compactMap { held in running(held.job, now: now) }
            .sorted { ($1.runningSeconds, $0.job) < ($0.runningSeconds, $1.job) }
    }

    /// The job's current lease, if it is running.
    func running(_ job: String, now: Double) -> RunningJob? {
        guard let entry = jobs[job], case .leased(let worker, let deadline) = entry.phase else { return nil }
        let timeout = timeout(of: job)
        return RunningJob(
            job: job, worker: worker, attempt: entry.attempts, runningSeconds: max(0, now - (deadline - timeout)),
            leaseLeftSeconds: deadline - now)
    }

    /// Whether `job` is still being worked on (queued, delayed or leased).
    func isUnfinished(_ job: String) -> Bool { jobs[job] != nil }

    /// The state of an unfinished job as the machine sees it, nil when finished or unknown.
    func state(of job: String) -> JobState? {
        if jobs[job]?.cancelled == true { return .cancelled }
        return switch jobs[job]?.phase {
        case .ready, .delayed: .queued
        case .leased: .leased
        case nil: nil
        }
    }

    /// Whether `worker` registered as reading bodies in `encoding`.
    func reads(_ encoding: String, worker: String) -> Bool {
        workers[worker]?.ready.encodings?.contains(encoding) ?? false
    }

    /// Whether `worker` is registered.
    func isRegistered(_ worker: String) -> Bool { workers[worker] != nil }

    /// The ids of registered workers.
    var workerIds: [String] { workers.keys.sorted() }
}

import DequeModule
import HeapModule
import PressworkProtocol

/// The coordinator's brain: worker registry, credit-based dispatch, leases, heartbeats and retries,
/// with no I/O. Every `on…` method takes the current monotonic time in seconds and returns the actions
/// the shell must perform. See `STATE-MACHINE.md`.
///
/// Memory is O(unfinished jobs + workers); each message is handled in O(1) amortized (plus O(log n) heap
/// work for leases and back-offs).
struct CoordinatorMachine: Sendable {
    /// The timing and retry settings the machine applies.
    struct Settings: Sendable {
        var heartbeatInterval: Double
        var workerExpiry: Double
        var jobTimeout: Double
        var prefetch: Int
        var retry: RetryPolicy
        /// Per-host politeness for fetch jobs (0: no limit), see `HostSlots`.
        var hostConcurrency: Int
        var hostDelay: Double

        init(
            heartbeatInterval: Double, workerExpiry: Double, jobTimeout: Double, prefetch: Int, retry: RetryPolicy,
            hostConcurrency: Int = 0, hostDelay: Double = 0
        ) {
            self.heartbeatInterval = heartbeatInterval
            self.workerExpiry = workerExpiry
            self.jobTimeout = jobTimeout
            self.prefetch = prefetch
            self.retry = retry
            self.hostConcurrency = hostConcurrency
            self.hostDelay = hostDelay
        }

        init(_ configuration: CoordinatorConfiguration) {
            self.init(
                heartbeatInterval: configuration.heartbeatInterval, workerExpiry: configuration.workerExpiry,
                jobTimeout: configuration.jobTimeout, prefetch: configuration.prefetch, retry: configuration.retry,
                hostConcurrency: configuration.hostConcurrency, hostDelay: configuration.hostDelay)
        }
    }

    let settings: Settings
    private let unitRandom: @Sendable () -> Double

    var workers: [String: WorkerEntry] = [:]
    var jobs: [String: JobEntry] = [:]
    // Queues hold ids lazily: an entry is acted on only if the job (or worker) is still in that phase.
    private var ready = ReadyQueue()
    private var delayed = Heap<DelayedJob>()
    private var leaseDeadlines = Heap<DelayedJob>()
    private var credits: Deque<String> = []
    /// Fetch jobs held back per host, and the hosts' running counts.
    private(set) var hostSlots: HostSlots
    /// Hosts whose running count fell since the last dispatch: their held-back jobs may go.
    private var hostsToRelease: Set<String> = []
    private var lastHeartbeatSent: Double

    private(set) var readyCount = 0
    private(set) var delayedCount = 0
    private(set) var leasedCount = 0
    private(set) var doneTotal: Int
    private(set) var deadTotal: Int
    private(set) var cancelledTotal: Int
    private(set) var retries = 0
    /// Counters since start-up, for `/metrics`.
    private(set) var counters = MachineCounters()
    /// Seconds from dispatch to accepted result, for `/metrics`.
    private(set) var durations = Histogram(bounds: Histogram.jobBounds)
    /// Seconds each attempt waited in the ready queue before dispatch, for `/metrics`.
    private(set) var queueWaits = Histogram(bounds: Histogram.jobBounds)
    /// Workers declared lost in the last `lostWorkerMemory` seconds, newest last, so `status` can show
    /// them as `lost` for a while instead of letting them vanish (or stay "online", as in Flower).
    private(set) var recentlyLost: Deque<LostWorker> = []
    static let lostWorkerMemory = 600.0
    /// The reason of `.workerLost` for a worker that drained and disconnected holding nothing.
    static let drained = "drained"
    static let lostWorkerLimit = 64
    var redeliveries: Int { counters.handedBack + counters.workerLost }
    private(set) var throughputWindow: ThroughputWindow

    /// - Parameters:
    ///   - unitRandom: uniform random numbers in `0..<1` for back-off jitter (injected so tests are exact).
    ///   - doneTotal, deadTotal, cancelledTotal: finished jobs already in the journal.
    init(
        settings: Settings, now: Double, doneTotal: Int = 0, deadTotal: Int = 0, cancelledTotal: Int = 0,
        unitRandom: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.settings = settings
        self.unitRandom = unitRandom
        self.lastHeartbeatSent = now
        self.doneTotal = doneTotal
        self.deadTotal = deadTotal
        self.cancelledTotal = cancelledTotal
        self.throughputWindow = ThroughputWindow(startedAt: now)
        self.hostSlots = HostSlots(concurrency: settings.hostConcurrency, delay: settings.hostDelay)
    }

    // MARK: - Jobs entering

    /// New jobs, already durable in the journal.
    /// - Parameter hosts: the host each fetch job fetches from (jobs absent carry their article).
    mutating func onSubmitted(
        _ ids: [String], maxAttempts: Int, priority: JobPriority = .normal, timeout: Double? = nil,
        hosts: [String: String] = [:], now: Double
    ) -> [CoordinatorAction] {
        for id in ids where jobs[id] == nil {
            counters.submitted += 1
            jobs[id] = JobEntry(
                attempts: 0, maxAttempts: maxAttempts, phase: .ready, queuedAt: now, priority: priority,
                timeout: timeout, host: hosts[id])
            readyCount += 1
            ready.append(id, priority)
        }
        return dispatch(now: now)
    }

    /// An unfinished job reloaded from the journal at start-up (leases the old coordinator gave were
    /// released in the journal first, without counting the interrupted attempt).
    /// - Parameters:
    ///   - delay: seconds of retry back-off still to wait, if any.
    ///   - host: the host a fetch job fetches from.
    mutating func restore(
        _ id: String, attempts: Int, maxAttempts: Int, delay: Double?, priority: JobPriority = .normal,
        timeout: Double? = nil, host: String? = nil, now: Double
    ) {
        guard jobs[id] == nil else { return }
        if let delay, delay > 0 {
            jobs[id] = JobEntry(
                attempts: attempts, maxAttempts: maxAttempts, phase: .delayed(until: now + delay), queuedAt: now,
                priority: priority, timeout: timeout, host: host)
            delayed.insert(DelayedJob(until: now + delay, job: id))
            delayedCount += 1
        } else {
            jobs[id] = JobEntry(
                attempts: attempts, maxAttempts: maxAttempts, phase: .ready, queuedAt: now, priority: priority,
                timeout: timeout, host: host)
            ready.append(id, priority)
            readyCount += 1
        }
    }

    /// Dead jobs requeued by an operator, each allowed a fresh set of attempts.
    mutating func onRevived(
        _ revived: [(id: String, attempts: Int)], hosts: [String: String] = [:], now: Double
    ) -> [CoordinatorAction] {
        for (id, attempts) in revived where jobs[id] == nil {
            deadTotal -= 1
            jobs[id] = JobEntry(
                attempts: attempts, maxAttempts: attempts + settings.retry.maxAttempts, phase: .ready, queuedAt: now,
                host: hosts[id])
            readyCount += 1
            ready.append(id, .normal)
        }
        return dispatch(now: now)
    }

    /// `REPROCESS`: done jobs (already queued again in the journal) enter the low-priority lane with a fresh set
    /// of attempts, behind everything else.
    mutating func onReprocess(_ ids: [String], maxAttempts: Int, hosts: [String: String] = [:], now: Double)
        -> [CoordinatorAction]
    {
        for id in ids where jobs[id] == nil {
            doneTotal -= 1
            jobs[id] = JobEntry(
                attempts: 0, maxAttempts: maxAttempts, phase: .ready, queuedAt: now, priority: .low, host: hosts[id])
            readyCount += 1
            ready.append(id, .low)
        }
        return dispatch(now: now)
    }

    /// `CANCEL`: each job that is still here is cancelled (`.cancel`). A queued or delayed job is gone at once;
    /// a running one keeps its slot at the worker until the worker reports, its lease expires or the worker
    /// is lost, and then goes without a retry and without storing anything. Jobs not here (finished or
    /// unknown) get no action.
    mutating func onCancel(_ ids: [String], now: Double) -> [CoordinatorAction] {
        var actions: [CoordinatorAction] = []
        for id in ids {
            guard var entry = jobs[id], !entry.cancelled else { continue }
            cancelledTotal += 1
            counters.cancelled += 1
            if case .leased = entry.phase {
                entry.cancelled = true
                jobs[id] = entry
                actions.append(.cancel(job: id, running: true))
            } else {
                remove(id, entry)
                actions.append(.cancel(job: id, running: false))
            }
        }
        return actions
    }

    // MARK: - Workers

    /// `READY`: a worker registers. A worker already known is starting over: whatever it held goes back
    /// to the queue without counting against the jobs.
    mutating func onReady(_ info: Ready, now: Double) -> [CoordinatorAction] {
        var actions: [CoordinatorAction] = []
        if let previous = workers.removeValue(forKey: info.worker) {
            actions += handBack(previous.inFlight, from: info.worker, now: now)
        }
        recentlyLost.removeAll { $0.entry.ready.worker == info.worker }
        var entry = WorkerEntry(ready: info, status: info.draining == true ? .draining : .up, lastSeen: now)
        entry.untracked = min(max(0, info.busy ?? 0), info.slots * settings.prefetch)
        workers[info.worker] = entry
        for _ in 0..<entry.freeCredit(prefetch: settings.prefetch) { credits.append(info.worker) }
        return actions + dispatch(now: now)
    }

    /// `HEARTBEAT`, or any other message that proves the worker is alive, with the worker's stats if any.
    mutating func onHeartbeat(from worker: String, stats: WorkerStats? = nil, now: Double)
        -> [CoordinatorAction]
    {
        guard workers[worker] != nil else {
            return [.disconnect(worker: worker, reason: "unknown worker: send READY to register")]
        }
        workers[worker]!.lastSeen = now
        if let rss = stats?.rssBytes, rss >= 0 { workers[worker]!.rssBytes = rss }
        return []
    }

    /// `DRAINING`: the worker finishes what it holds and takes nothing new.
    mutating func onDraining(from worker: String, now: Double) -> [CoordinatorAction] {
        guard workers[worker] != nil else { return onHeartbeat(from: worker, now: now) }
        workers[worker]!.lastSeen = now
        workers[worker]!.status = .draining
        return []
    }

    /// `DISCONNECT`: the worker leaves; jobs it still holds go back to the queue at once, unpenalized.
    mutating func onDisconnect(from worker: String, now: Double) -> [CoordinatorAction] {
        guard let entry = workers.removeValue(forKey: worker) else { return [] }
        // A worker that drained and said goodbye holding nothing left as it should (a routine restart).
        let reason = entry.status == .draining && entry.inFlight.isEmpty ? Self.drained : "disconnected"
        return [.workerLost(worker: worker, reason: reason)]
            + handBack(entry.inFlight, from: worker, now: now) + dispatch(now: now)
    }

    // MARK: - Reports

    /// `RESULT`: accepted if the job is unfinished and the sender is a registered worker that was leased
    /// this attempt of it (its current lease, or an earlier one that expired or was handed back: the work
    /// is real). A result for a finished job is ignored as a duplicate; anything else is refused.
    mutating func onResult(from worker: String, job: String, attempt: Int, now: Double) -> [CoordinatorAction] {
        guard workers[worker] != nil else {
            return [.refused(job: job, worker: worker, reason: .unregisteredWorker)]
        }
        var actions = settle(JobAttempt(job: job, attempt: attempt), at: worker, failed: false, now: now)
        guard let entry = jobs[job] else {
            actions.append(.ignored(job: job, worker: worker, reason: "job already finished or unknown"))
            return actions + dispatch(now: now)
        }
        guard entry.wasLeased(to: worker, attempt: attempt) else {
            actions.append(.refused(job: job, worker: worker, reason: .notLeased))
            return actions + dispatch(now: now)
        }
        if entry.cancelled {
            remove(job, entry)
            actions.append(.ignored(job: job, worker: worker, reason: "the job was cancelled; its result is discarded"))
            return actions + dispatch(now: now)
        }
        if case .leased(let holder, let deadline) = entry.phase, holder == worker, entry.attempts == attempt {
            durations.record(max(0, now - (deadline - timeout(of: entry))))
        }
        remove(job, entry)
        doneTotal += 1
        counters.done += 1
        throughputWindow.record(now)
        actions.append(.complete(job: job, worker: worker, attempt: attempt))
        return actions + dispatch(now: now)
    }

    /// `FAILED`: counted only for the job's current lease; a stale report (the lease already expired and
    /// the job moved on) is ignored, since the expiry was counted already. A report from a peer that was
    /// never leased the attempt is refused.
    mutating func onFailure(from worker: String, _ failure: JobFailure, now: Double) -> [CoordinatorAction] {
        guard workers[worker] != nil else {
            return [.refused(job: failure.job, worker: worker, reason: .unregisteredWorker)]
        }
        var actions = settle(JobAttempt(job: failure.job, attempt: failure.attempt), at: worker, failed: true, now: now)
        if let entry = jobs[failure.job], !entry.wasLeased(to: worker, attempt: failure.attempt) {
            actions.append(.refused(job: failure.job, worker: worker, reason: .notLeased))
            return actions + dispatch(now: now)
        }
        guard let entry = jobs[failure.job], case .leased(let holder, _) = entry.phase, holder == worker,
            entry.attempts == failure.attempt
        else {
            actions.append(.ignored(job: failure.job, worker: worker, reason: "failure for a lease no longer held"))
            return actions + dispatch(now: now)
        }
        let error = FailedAttempt(attempt: entry.attempts, worker: worker, code: failure.code, message: failure.message)
        actions += fail(
            failure.job, entry, error: error, retryable: failure.retryable, backOff: true,
            notSooner: failure.retryAfter, now: now)
        return actions + dispatch(now: now)
    }

    /// A dispatched job whose article cannot be found in the journal: free the slot, bury the job.
    mutating func onMissingPayload(_ job: String, worker: String, now: Double) -> [CoordinatorAction] {
        var actions: [CoordinatorAction] = []
        if let entry = jobs[job] {
            actions = settle(JobAttempt(job: job, attempt: entry.attempts), at: worker, failed: true, now: now)
            remove(job, entry)
            deadTotal += 1
            counters.dead += 1
            throughputWindow.record(now)
            let error = FailedAttempt(
                attempt: entry.attempts, worker: nil, code: "missing-article",
                message: "the article is missing from the journal")
            actions.append(.bury(job: job, error: error))
        }
        return actions + dispatch(now: now)
    }

    /// A `JOB` could not be delivered: the worker's connection is gone, so the worker is lost now rather
    /// than after its heartbeats run out. The undelivered jobs go back unpenalized; the ones it was running
    /// count a failed attempt, as for any lost worker.
    mutating func onUnreachable(_ worker: String, undelivered: Set<String>, now: Double) -> [CoordinatorAction] {
        lose(worker, reason: "connection gone", undelivered: undelivered, now: now) + dispatch(now: now)
    }

    /// The shell no longer trusts the worker (its key was revoked): it is lost now, and the jobs it was
    /// running are failed and requeued as for any lost worker.
    mutating func onExpelled(_ worker: String, reason: String, now: Double) -> [CoordinatorAction] {
        lose(worker, reason: reason, now: now) + dispatch(now: now)
    }

    /// The journal could not be written for `seconds` (a database outage), during which no report could be
    /// accepted: every running lease gets that time back, so jobs whose workers kept running are not failed
    /// as `lease-expired` (and do not use up attempts) for the store's outage.
    mutating func onStoreOutageEnded(lasting seconds: Double) {
        guard seconds > 0 else { return }
        leaseDeadlines = Heap()
        for (id, var entry) in jobs {
            guard case .leased(let worker, let deadline) = entry.phase else { continue }
            entry.phase = .leased(worker: worker, deadline: deadline + seconds)
            jobs[id] = entry
            leaseDeadlines.insert(DelayedJob(until: deadline + seconds, job: id))
        }
    }

    // MARK: - Time

    /// Called by the shell every few hundred milliseconds: heartbeats, dead workers, expired leases,
    /// ended back-offs, dispatch.
    mutating func onTick(now: Double) -> [CoordinatorAction] {
        var actions: [CoordinatorAction] = []
        if now - lastHeartbeatSent >= settings.heartbeatInterval {
            lastHeartbeatSent = now
            while let first = recentlyLost.first, now - first.lostAt > Self.lostWorkerMemory {
                recentlyLost.removeFirst()
            }
            actions += workers.keys.sorted().map { .heartbeat(worker: $0) }
        }
        for (id, worker) in workers where now - worker.lastSeen > settings.workerExpiry {
            actions += lose(id, reason: "no heartbeat for \(formatSeconds(now - worker.lastSeen)) s", now: now)
        }
        while let top = leaseDeadlines.min, top.until <= now {
            leaseDeadlines.removeMin()
            guard let entry = jobs[top.job], case .leased(let holder, let deadline) = entry.phase, deadline == top.until
            else { continue }
            let error = FailedAttempt(
                attempt: entry.attempts, worker: holder, code: "lease-expired",
                message: "no result within \(formatSeconds(timeout(of: entry))) s")
            actions += fail(top.job, entry, error: error, retryable: true, backOff: false, now: now)
        }
        while let top = delayed.min, top.until <= now {
            delayed.removeMin()
            guard var entry = jobs[top.job], entry.phase == .delayed(until: top.until) else { continue }
            delayedCount -= 1
            readyCount += 1
            entry.phase = .ready
            entry.queuedAt = now
            jobs[top.job] = entry
            ready.append(top.job, entry.priority)
        }
        hostsToRelease.formUnion(hostSlots.dueTimers(now: now))
        return actions + dispatch(now: now)
    }

    // MARK: - Internals

    /// Removes a worker declared lost: each job it was running fails with `worker-lost` (an attempt) and is
    /// requeued at once; jobs in `undelivered` never reached it and go back without using an attempt.
    private mutating func lose(
        _ id: String, reason: String, undelivered: Set<String> = [], now: Double
    ) -> [CoordinatorAction] {
        guard let worker = workers.removeValue(forKey: id) else { return [] }
        counters.workersLost += 1
        recentlyLost.append(LostWorker(entry: worker, lostAt: now, reason: reason))
        if recentlyLost.count > Self.lostWorkerLimit { recentlyLost.removeFirst() }
        var actions: [CoordinatorAction] = [.workerLost(worker: id, reason: reason)]
        let returned = worker.inFlight.filter { undelivered.contains($0.job) }
        actions += handBack(returned, from: id, now: now)
        for held in worker.inFlight.subtracting(returned).sorted() {
            let job = held.job
            guard let entry = jobs[job], case .leased(let holder, _) = entry.phase, holder == id,
                entry.attempts == held.attempt
            else { continue }
            let error = FailedAttempt(
                attempt: entry.attempts, worker: id, code: "worker-lost",
                message: "worker \(id) stopped responding while running the job")
            counters.workerLost += 1
            actions += fail(job, entry, error: error, retryable: true, backOff: false, now: now)
        }
        return actions
    }

    /// Frees the worker's slot for this attempt (or one it reported busy at registration) and returns credit.
    private mutating func settle(_ held: JobAttempt, at worker: String, failed: Bool, now: Double)
        -> [CoordinatorAction]
    {
        guard var entry = workers[worker] else {
            return [.disconnect(worker: worker, reason: "unknown worker: send READY to register")]
        }
        entry.lastSeen = now
        var freed = entry.inFlight.remove(held) != nil
        if freed {
            if failed { entry.failed += 1 } else { entry.done += 1 }
        } else if entry.untracked > 0 {
            entry.untracked -= 1
            freed = true
        }
        if freed && entry.freeCredit(prefetch: settings.prefetch) > 0 { credits.append(worker) }
        workers[worker] = entry
        return []
    }

    /// A failed attempt: requeue (after back-off, or at once) while attempts remain, else bury.
    /// - Parameter notSooner: seconds the failure asked to wait (`Retry-After`); honoured up to an hour.
    private mutating func fail(
        _ job: String, _ entry: JobEntry, error: FailedAttempt, retryable: Bool, backOff: Bool,
        notSooner: Double? = nil, now: Double
    ) -> [CoordinatorAction] {
        if entry.cancelled {
            remove(job, entry)
            return [
                .ignored(job: job, worker: error.worker, reason: "the job was cancelled; attempt ended: \(error.code)")
            ]
        }
        guard retryable, entry.attempts < entry.maxAttempts else {
            remove(job, entry)
            deadTotal += 1
            counters.dead += 1
            throughputWindow.record(now)
            return [.bury(job: job, error: error)]
        }
        retries += 1
        counters.failed += 1
        var entry = entry
        leave(entry)
        let asked = notSooner.map { $0.isFinite ? min(max(0, $0), 3_600) : 0 } ?? 0
        let delay = max(backOff ? settings.retry.delay(retry: entry.attempts, unitRandom: unitRandom()) : 0, asked)
        if delay > 0 {
            entry.phase = .delayed(until: now + delay)
            delayed.insert(DelayedJob(until: now + delay, job: job))
            delayedCount += 1
        } else {
            // Lost or expired work goes to the front: it has waited longest.
            entry.phase = .ready
            entry.queuedAt = now
            ready.prepend(job, entry.priority)
            readyCount += 1
        }
        jobs[job] = entry
        return [.requeue(job: job, attempts: entry.attempts, error: error, delay: delay)]
    }

    /// Jobs a worker gives back without having failed them: requeued at the front, attempts unchanged.
    private mutating func handBack(_ held: Set<JobAttempt>, from worker: String, now: Double) -> [CoordinatorAction] {
        var actions: [CoordinatorAction] = []
        for attempt in held.sorted() {
            let job = attempt.job
            guard var entry = jobs[job], case .leased(let holder, _) = entry.phase, holder == worker,
                entry.attempts == attempt.attempt
            else { continue }
            if entry.cancelled {
                remove(job, entry)
                continue
            }
            leave(entry)
            entry.attempts -= 1
            entry.phase = .ready
            entry.queuedAt = now
            jobs[job] = entry
            ready.prepend(job, entry.priority)
            readyCount += 1
            counters.handedBack += 1
            actions.append(.requeue(job: job, attempts: entry.attempts, error: nil, delay: 0))
        }
        return actions
    }

    private mutating func dispatch(now: Double) -> [CoordinatorAction] {
        var actions: [CoordinatorAction] = []
        releaseHosts(now: now)
        while readyCount > hostSlots.waitingTotal, let worker = credits.popFirst() {
            guard var entry = workers[worker], entry.freeCredit(prefetch: settings.prefetch) > 0 else { continue }
            guard let job = popStartable(now: now) else {
                credits.prepend(worker)
                break
            }
            var jobEntry = jobs[job]!
            if let host = jobEntry.host { hostSlots.started(host, now: now) }
            readyCount -= 1
            leasedCount += 1
            counters.dispatched += 1
            queueWaits.record(max(0, now - jobEntry.queuedAt))
            jobEntry.attempts += 1
            let deadline = now + timeout(of: jobEntry)
            jobEntry.phase = .leased(worker: worker, deadline: deadline)
            jobEntry.leases.append(.init(worker: worker, attempt: jobEntry.attempts))
            if jobEntry.leases.count > JobEntry.leaseMemory { jobEntry.leases.removeFirst() }
            jobs[job] = jobEntry
            leaseDeadlines.insert(DelayedJob(until: deadline, job: job))
            entry.inFlight.insert(JobAttempt(job: job, attempt: jobEntry.attempts))
            workers[worker] = entry
            actions.append(.dispatch(job: job, worker: worker, attempt: jobEntry.attempts))
        }
        return actions
    }

    /// Seconds an attempt of `job` may run: its own timeout, else the coordinator's.
    func timeout(of job: String) -> Double {
        jobs[job].map(timeout(of:)) ?? settings.jobTimeout
    }

    private func timeout(of entry: JobEntry) -> Double { entry.timeout ?? settings.jobTimeout }

    /// Seconds the job at the head of the ready queue has waited (0 when nothing is ready).
    func oldestQueuedAge(now: Double) -> Double {
        guard readyCount > 0 else { return 0 }
        // Requeued work sits at the front with a fresh timestamp, so take the oldest of the first few.
        let oldest = ready.heads(64).compactMap { jobs[$0]?.phase == .ready ? jobs[$0]?.queuedAt : nil }.min()
        return max(0, now - (oldest ?? now))
    }

    private mutating func popReady() -> String? {
        while let job = ready.popFirst() {
            if let entry = jobs[job], entry.phase == .ready, !entry.held { return job }
        }
        return nil
    }

    /// The next ready job whose host allows another lease; the ones whose host does not are held back.
    private mutating func popStartable(now: Double) -> String? {
        while let job = popReady() {
            guard let host = jobs[job]!.host, !hostSlots.mayStart(host, now: now) else { return job }
            jobs[job]!.held = true
            hostSlots.hold(job, host: host, now: now)
        }
        return nil
    }

    private mutating func remove(_ job: String, _ entry: JobEntry) {
        leave(entry)
        jobs[job] = nil
    }

    private mutating func leave(_ entry: JobEntry) {
        switch entry.phase {
        case .ready:
            readyCount -= 1
            if entry.held, let host = entry.host {
                hostSlots.forget(host: host)
                hostsToRelease.insert(host)
            }
        case .delayed: delayedCount -= 1
        case .leased:
            leasedCount -= 1
            if let host = entry.host {
                hostSlots.finished(host)
                hostsToRelease.insert(host)
            }
        }
    }

    /// Sends held-back jobs of hosts that may start more back to the front of the ready queue.
    private mutating func releaseHosts(now: Double) {
        guard !hostsToRelease.isEmpty else { return }
        for host in hostsToRelease.sorted() {
            var allowance = hostSlots.allowance(host, now: now)
            var released: [String] = []
            while allowance > 0, let id = hostSlots.popWaiting(host) {
                guard var entry = jobs[id], entry.phase == .ready, entry.held, entry.host == host else { continue }
                entry.held = false
                jobs[id] = entry
                hostSlots.forget(host: host)
                released.append(id)
                allowance -= 1
            }
            // Front of the queue, oldest first: they have waited longest.
            for id in released.reversed() { ready.prepend(id, jobs[id]!.priority) }
            hostSlots.dropIfIdle(host, now: now)
        }
        hostsToRelease.removeAll(keepingCapacity: true)
    }
}

func formatSeconds(_ seconds: Double) -> String {
    let tenths = (seconds * 10).rounded() / 10
    return tenths == tenths.rounded() ? String(Int(tenths)) : String(tenths)
}

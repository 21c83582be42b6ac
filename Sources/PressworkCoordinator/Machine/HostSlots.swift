import DequeModule
import HeapModule
import PressworkProtocol
import PressworkStore

/// Politeness toward the sites workers fetch from, for the whole cluster: at most `concurrency` fetch jobs
/// of one host leased at once, and successive leases of one host at least `delay` seconds apart. Jobs the
/// limits hold back wait here, per host, instead of in the ready queue, so other hosts' jobs go ahead.
///
/// A lease covers the whole job (queued at the worker, fetch, extraction), so the bound on concurrent
/// requests to a host is conservative: it is never exceeded, and is often not reached.
struct HostSlots: Sendable {
    /// 0 means no limit.
    let concurrency: Int
    /// Seconds between two leases of one host; 0 means none.
    let delay: Double

    struct Host: Sendable {
        var running = 0
        /// Monotonic time before which no job of this host may start.
        var nextStart = 0.0
        /// Held-back job ids, oldest first; entries for jobs that left (cancelled) are skipped lazily.
        var waiting: Deque<String> = []
        var waitingCount = 0
        /// When a timer is pending for this host (its delay ends then).
        var timerAt: Double?
    }

    private(set) var hosts: [String: Host] = [:]
    private var timers = Heap<DelayedJob>()
    /// Jobs held back, over every host.
    private(set) var waitingTotal = 0
    /// How often a job was held back, since start-up (for `/metrics`).
    private(set) var heldBackTotal = 0

    init(concurrency: Int, delay: Double) {
        self.concurrency = max(0, concurrency)
        self.delay = max(0, delay)
    }

    var isUnlimited: Bool { concurrency == 0 && delay == 0 }

    /// Whether a job of `host` may be leased now.
    func mayStart(_ host: String, now: Double) -> Bool {
        guard let entry = hosts[host] else { return true }
        return (concurrency == 0 || entry.running < concurrency) && entry.nextStart <= now
    }

    /// A job of `host` was leased.
    mutating func started(_ host: String, now: Double) {
        hosts[host, default: Host()].running += 1
        if delay > 0 { hosts[host]!.nextStart = now + delay }
    }

    /// A leased job of `host` left its lease (finished, failed, handed back or lost).
    mutating func finished(_ host: String) {
        guard hosts[host] != nil else { return }
        hosts[host]!.running = max(0, hosts[host]!.running - 1)
    }

    /// Holds `job` back until `host` may start another job.
    mutating func hold(_ job: String, host: String, now: Double) {
        hosts[host, default: Host()].waiting.append(job)
        hosts[host]!.waitingCount += 1
        waitingTotal += 1
        heldBackTotal += 1
        scheduleTimer(host, now: now)
    }

    /// A held-back job left without starting (cancelled, or taken out to start).
    mutating func forget(host: String) {
        guard hosts[host] != nil, hosts[host]!.waitingCount > 0 else { return }
        hosts[host]!.waitingCount -= 1
        waitingTotal -= 1
    }

    /// How many held-back jobs of `host` may go back to the ready queue now (0 while its delay runs, when
    /// a timer is set for its end).
    mutating func allowance(_ host: String, now: Double) -> Int {
        guard let entry = hosts[host], entry.waitingCount > 0 else { return 0 }
        guard entry.nextStart <= now else {
            scheduleTimer(host, now: now)
            return 0
        }
        let free = concurrency == 0 ? Int.max : max(0, concurrency - entry.running)
        return delay > 0 ? min(free, 1) : free
    }

    /// The oldest held-back id of `host` (possibly one that has left: the caller checks).
    mutating func popWaiting(_ host: String) -> String? {
        hosts[host]?.waiting.popFirst()
    }

    /// Hosts whose delay ended by `now`.
    mutating func dueTimers(now: Double) -> [String] {
        var due: [String] = []
        while let top = timers.min, top.until <= now {
            timers.removeMin()
            guard hosts[top.job]?.timerAt == top.until else { continue }
            hosts[top.job]!.timerAt = nil
            due.append(top.job)
        }
        return due
    }

    /// Forgets `host` once nothing of it runs or waits and its delay is over, so memory follows the hosts
    /// in flight, not every host ever fetched.
    mutating func dropIfIdle(_ host: String, now: Double) {
        guard let entry = hosts[host], entry.running == 0, entry.waitingCount == 0 else { return }
        if entry.nextStart > now {
            scheduleTimer(host, now: now)
        } else {
            hosts[host] = nil
        }
    }

    private mutating func scheduleTimer(_ host: String, now: Double) {
        guard let entry = hosts[host], entry.nextStart > now else { return }
        if let at = entry.timerAt, at <= entry.nextStart { return }
        hosts[host]!.timerAt = entry.nextStart
        timers.insert(DelayedJob(until: entry.nextStart, job: host))
    }
}

extension ArticleMeta {
    /// The host whose politeness limits this job obeys: a fetch job's URL host, as the store keeps it
    /// (`www.` dropped, so `example.com` and `www.example.com` share their slots); nil for other jobs.
    var fetchHost: String? {
        format == .fetch ? url.flatMap(SiteName.host(ofURL:)) : nil
    }
}

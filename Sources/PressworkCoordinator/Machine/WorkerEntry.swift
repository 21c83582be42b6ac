import PressworkProtocol

/// The machine's view of one registered worker.
struct WorkerEntry: Sendable {
    /// Member status only moves forward: up → draining (a worker that comes back registers anew).
    enum Status: String, Sendable { case up, draining }

    var ready: Ready
    var status: Status
    /// Attempts sent to this worker that it has not reported on yet; they occupy its slots even after
    /// their lease expired, because the worker is still running them. Keyed by attempt, so a job leased
    /// to the same worker again takes a second slot.
    var inFlight: Set<JobAttempt> = []
    /// Jobs the worker said (in `READY`) it was still running from before it registered; each report
    /// the coordinator cannot match frees one of these slots.
    var untracked = 0
    var lastSeen: Double
    var done = 0
    var failed = 0
    /// Resident memory the worker last reported, in bytes.
    var rssBytes: Int?

    /// Jobs the coordinator may still send: slots × prefetch minus what the worker holds.
    func freeCredit(prefetch: Int) -> Int {
        status == .up ? max(0, ready.slots * prefetch - inFlight.count - untracked) : 0
    }
}

/// A worker declared lost, kept for a while so `status` shows it as `lost`.
struct LostWorker: Sendable {
    var entry: WorkerEntry
    var lostAt: Double
    var reason: String
}

/// An unfinished job in memory: no body, no metadata, just what scheduling needs.
struct JobEntry: Sendable {
    enum Phase: Sendable, Equatable {
        case ready
        case delayed(until: Double)
        case leased(worker: String, deadline: Double)
    }

    var attempts: Int
    var maxAttempts: Int
    var phase: Phase
    /// When the job entered the ready queue (monotonic seconds), for the oldest-queued age.
    var queuedAt: Double
    var priority: JobPriority = .normal
    /// Seconds an attempt may run, when the submitter chose it; nil is the coordinator's `--job-timeout`.
    var timeout: Double?
    /// The workers this job was leased to, with the attempt each was given (the last few): only they may
    /// report on it, so a peer with a worker key cannot complete jobs it was never sent.
    var leases: [Lease] = []
    /// Cancelled while running (journaled `cancelled` already): the entry stays only until the worker's
    /// report, lease expiry or loss frees the slot, and then goes without a retry.
    var cancelled = false
    /// The host a fetch job fetches from, for per-host politeness; nil for jobs that carry their article.
    var host: String?
    /// Ready but held back by `HostSlots` (waiting there, not in the ready queue).
    var held = false

    struct Lease: Sendable, Equatable {
        var worker: String
        var attempt: Int
    }

    static let leaseMemory = 8

    func wasLeased(to worker: String, attempt: Int) -> Bool {
        leases.contains(Lease(worker: worker, attempt: attempt))
    }
}

/// A delayed job in the back-off heap, ordered by when it becomes eligible.
struct DelayedJob: Comparable, Sendable {
    var until: Double
    var job: String
    static func < (lhs: DelayedJob, rhs: DelayedJob) -> Bool {
        (lhs.until, lhs.job) < (rhs.until, rhs.job)
    }
}

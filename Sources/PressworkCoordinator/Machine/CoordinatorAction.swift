import PressworkProtocol

/// What the coordinator's shell must do after the machine handled an event. Journal actions come first
/// in the list and are committed together before any message that depends on them is sent.
enum CoordinatorAction: Sendable, Hashable {
    /// Lease `job` to `worker` for `attempt`: journal it, then send the `JOB` with the body from the store.
    case dispatch(job: String, worker: String, attempt: Int)
    /// Store the result document the worker sent and mark the job done.
    case complete(job: String, worker: String?, attempt: Int)
    /// Put the job back in the queue, recording the failed attempt's error if there is one.
    /// `attempts` is how many attempts now count against the job (a hand-back gives one back);
    /// `delay` is the back-off in seconds (0: eligible at once).
    case requeue(job: String, attempts: Int, error: FailedAttempt?, delay: Double)
    /// The job will not be tried again.
    case bury(job: String, error: FailedAttempt?)
    /// Journal the job as cancelled. A `running` one is still at its worker, whose report will be discarded.
    case cancel(job: String, running: Bool)
    /// Send a heartbeat to a worker.
    case heartbeat(worker: String)
    /// Tell a peer the coordinator does not know it, so it registers again.
    case disconnect(worker: String, reason: String)
    /// A worker was declared dead or left; its held jobs are in the other actions.
    case workerLost(worker: String, reason: String)
    /// A result or failure was ignored (duplicate, late, or for an unknown job).
    case ignored(job: String, worker: String?, reason: String)
    /// A report was refused: its sender is not registered, or was never leased that attempt of the job.
    case refused(job: String, worker: String, reason: RefusalReason)
}

/// Why the coordinator refused a peer's message, as counted in `presswork_refused_total{reason}`.
enum RefusalReason: String, Sendable, Hashable, CaseIterable {
    /// A `RESULT` or `FAILED` from a connection that has not registered with `READY`.
    case unregisteredWorker = "unregistered-worker"
    /// A `RESULT` or `FAILED` for a job attempt that was never leased to the sender.
    case notLeased = "not-leased"
    /// A `READY` naming a worker id that another key registered.
    case workerIdTaken = "worker-id-taken"
    /// A message from a key no longer in the key directories (revoked while connected).
    case revokedKey = "revoked-key"
    /// A message that is not valid for its role: a bad worker id, or strings over their bounds.
    case invalid
    /// A `SUBMIT` over the client's bound on unfinished jobs or queued bytes.
    case clientQuota = "client-quota"
    /// A `SUBMIT` refused because the data directory's disk is nearly full.
    case storageFull = "storage-full"

    /// What the refusal means, for the log line.
    var explanation: String {
        switch self {
        case .unregisteredWorker: "a report from a connection that has not registered with READY"
        case .notLeased: "a report for a job attempt never leased to this worker"
        case .workerIdTaken: "READY for a worker id registered by another key"
        case .revokedKey: "the key was removed from the key directories"
        case .invalid: "not valid for its role"
        case .clientQuota: "the client is over its bound on unfinished jobs or bytes"
        case .storageFull: "the data directory's disk is nearly full"
        }
    }
}

/// A failed attempt, before the shell stamps it with wall-clock time.
struct FailedAttempt: Sendable, Hashable {
    var attempt: Int
    var worker: String?
    var code: String
    var message: String

    init(attempt: Int, worker: String?, code: String, message: String) {
        self.attempt = attempt
        self.worker = worker
        self.code = code
        self.message = message
    }
}

import PressworkProtocol

/// What the coordinator's shell must do after the machine handled an event. Journal actions come first
/// in the list and are committed together before any message that depends on them is sent.
public enum CoordinatorAction: Sendable, Hashable {
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
    /// Send a heartbeat to a worker.
    case heartbeat(worker: String)
    /// Tell a peer the coordinator does not know it, so it registers again.
    case disconnect(worker: String, reason: String)
    /// A worker was declared dead or left; its held jobs are in the other actions.
    case workerLost(worker: String, reason: String)
    /// A result or failure was ignored (duplicate, late, or for an unknown job).
    case ignored(job: String, worker: String?, reason: String)
}

/// A failed attempt, before the shell stamps it with wall-clock time.
public struct FailedAttempt: Sendable, Hashable {
    public var attempt: Int
    public var worker: String?
    public var code: String
    public var message: String

    public init(attempt: Int, worker: String?, code: String, message: String) {
        self.attempt = attempt
        self.worker = worker
        self.code = code
        self.message = message
    }
}

/// Logger metadata keys, defined once so every log line uses the same names: every key any module logs
/// is here.
public enum LogKey {
    /// A job id.
    public static let job = "presswork.job.id"
    /// A worker's id.
    public static let worker = "presswork.worker.id"
    /// A job's attempt number, from 1.
    public static let attempt = "presswork.job.attempt"
    /// A ZeroMQ endpoint.
    public static let endpoint = "presswork.endpoint"
    /// An error or an error code.
    public static let error = "presswork.error"
    /// How many of something the line is about.
    public static let count = "presswork.count"
    /// A batch id (one `presswork submit`).
    public static let batch = "presswork.batch"
    /// A peer's network address.
    public static let peerAddress = "presswork.peer.address"
    /// A peer's CURVE public key.
    public static let peerKey = "presswork.peer.key"
    /// A job's time limit, in seconds.
    public static let timeout = "presswork.timeout"
    /// A worker's slot process.
    public static let slot = "presswork.slot"
    /// How many jobs a worker runs at once.
    public static let workerSlots = "presswork.worker.slots"
    /// The host a worker reports.
    public static let workerHost = "presswork.worker.host"
    /// Which reconnection attempt this is, from 1.
    public static let reconnectAttempt = "presswork.reconnect.attempt"
    /// Seconds until the next reconnection attempt.
    public static let reconnectDelay = "presswork.reconnect.delay"
    /// A result's language code.
    public static let language = "presswork.language"
    /// The pipeline stage a failure comes from.
    public static let stage = "presswork.stage"
    /// A failure's message, for people.
    public static let message = "presswork.message"
    /// Whether a failed attempt will be retried.
    public static let retryable = "presswork.retryable"
    /// Why a peer was refused.
    public static let refusal = "presswork.refusal"
    /// The path of the coordinator's store.
    public static let store = "presswork.store"
    /// How long something lasted, in seconds.
    public static let seconds = "presswork.seconds"
    /// The coordinator's CURVE public key.
    public static let curveServerKey = "presswork.curve.server_key"
    /// How many worker keys CURVE admits.
    public static let curveWorkerKeys = "presswork.curve.worker_keys"
    /// How many client keys CURVE admits.
    public static let curveClientKeys = "presswork.curve.client_keys"
    /// The security mechanism a peer asked for.
    public static let curveMechanism = "presswork.curve.mechanism"
    /// What made the coordinator reload its admitted keys.
    public static let curveTrigger = "presswork.curve.trigger"
    /// The role a peer speaks (worker or client).
    public static let role = "presswork.role"
    /// A submission's idempotency key.
    public static let submissionKey = "presswork.submission.key"
}

import PressworkProtocol

/// A job as it enters the journal.
public struct NewJob: Sendable {
    public var id: String
    public var article: ArticleMeta
    public var body: [UInt8]
    public var maxAttempts: Int
    /// Who submitted it (a client's key, or its connection): its unfinished jobs count against that
    /// client's quota, also after a restart.
    public var client: String?
    /// The submission it belongs to (one `presswork submit`), for `results --batch` and `status`.
    public var batch: String?
    /// The body's SHA-256 when the caller already computed it (for `dedupe`); the store computes it otherwise.
    public var bodySHA256: String?
    /// Its dispatch priority, kept so that a restart dispatches in the same order.
    public var priority: JobPriority = .normal
    /// Seconds an attempt may run, when the submitter chose it.
    public var jobTimeout: Double?
    /// The body compressed with zstd, stored instead of `body` when set (`body` still gives its size and hash).
    public var zstdBody: [UInt8]?

    public init(
        id: String, article: ArticleMeta, body: [UInt8], maxAttempts: Int, client: String? = nil, batch: String? = nil,
        bodySHA256: String? = nil
    ) {
        self.id = id
        self.article = article
        self.body = body
        self.maxAttempts = maxAttempts
        self.client = client
        self.batch = batch
        self.bodySHA256 = bodySHA256
    }
}

/// One change to the journal. The coordinator batches the changes of one loop turn and commits them
/// in a single transaction (group commit) before it sends any reply that depends on them.
public enum JournalChange: Sendable {
    /// A submitted job, queued.
    case insert(NewJob)
    /// A SUBMIT's idempotency key and the jobs it created, so the same SUBMIT sent again gets them back.
    case submission(key: String, jobs: [String])
    /// Forget submission keys accepted before `before` (wall-clock seconds).
    case forgetSubmissions(before: Double)
    /// A job leased to a worker for an attempt.
    case leased(job: String, attempt: Int, worker: String)
    /// A job back in the queue: after a failed attempt (with its error), or handed back (no error).
    /// `attempts` is the count that stands (a hand-back gives the attempt back); nil keeps the stored one.
    /// `notBefore` is the wall-clock time (seconds since 1970) its back-off ends.
    case requeued(job: String, attempts: Int? = nil, error: AttemptError?, notBefore: Double?)
    /// A job finished: its result document is stored once, keyed by job id.
    case done(job: String, document: [UInt8])
    /// A job that will not be tried again, with the error of its last attempt.
    case dead(job: String, error: AttemptError?)
    /// A dead job put back in the queue by an operator, allowed `maxAttempts` in all.
    case revived(job: String, maxAttempts: Int)
    /// A queued or running job cancelled by a client: never run again.
    case cancelled(job: String)
    /// A done job queued again, at low priority with `maxAttempts`, to run its stored article through the
    /// current pipeline; its result stays until the new one replaces it (and moves to the history).
    case reprocess(job: String, maxAttempts: Int)
}

extension JournalChange {
    /// Whether a client is told about this change once it commits (so its batch must be durable then):
    /// new jobs and their keys, and jobs a client revived, cancelled or queued again.
    public var isAcknowledged: Bool {
        switch self {
        case .insert, .submission, .revived, .cancelled, .reprocess: true
        default: false
        }
    }
}

/// An unfinished job as the coordinator reloads it at start-up (no body: bodies stay on disk).
public struct UnfinishedJob: Sendable, Hashable {
    public var id: String
    public var attempts: Int
    public var maxAttempts: Int
    /// Whether it was running at a worker when the journal was last written.
    public var wasLeased: Bool
    /// Seconds since 1970 when its retry back-off ends, if it is waiting one out.
    public var notBefore: Double?
    /// Seconds since 1970 when it was submitted.
    public var submittedAt: Double
    public var priority: JobPriority
    public var jobTimeout: Double?
    /// The host a fetch job fetches from (nil for jobs that carry their article), for per-host politeness.
    public var fetchHost: String?

    public init(
        id: String, attempts: Int, maxAttempts: Int, wasLeased: Bool, notBefore: Double?, submittedAt: Double,
        priority: JobPriority = .normal, jobTimeout: Double? = nil, fetchHost: String? = nil
    ) {
        self.fetchHost = fetchHost
        self.priority = priority
        self.jobTimeout = jobTimeout
        self.id = id
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.wasLeased = wasLeased
        self.notBefore = notBefore
        self.submittedAt = submittedAt
    }
}

/// An unfinished job's submitter and size, from which a restarted coordinator rebuilds per-client quotas.
public struct PendingSubmission: Sendable, Hashable {
    public var job: String
    public var client: String
    public var bodyBytes: Int

    public init(job: String, client: String, bodyBytes: Int) {
        self.job = job
        self.client = client
        self.bodyBytes = bodyBytes
    }
}

/// A job's article as the store keeps it.
public struct StoredArticle: Sendable, Hashable {
    public var article: ArticleMeta
    /// The body as stored: compressed when `encoding` is `zstd`, else the submitted bytes.
    public var body: [UInt8]
    /// `zstd`, or nil for the bytes as submitted.
    public var encoding: String?
    /// The size of the body as submitted.
    public var bodyBytes: Int

    public init(article: ArticleMeta, body: [UInt8], encoding: String?, bodyBytes: Int) {
        self.article = article
        self.body = body
        self.encoding = encoding
        self.bodyBytes = bodyBytes
    }
}

/// Where a job is in its lifecycle: `queued → leased → done | (retry after back-off) → … → dead`.
public enum JobState: String, Codable, Sendable, Hashable, CaseIterable {
    /// Waiting for a free worker slot (possibly after a retry back-off).
    case queued
    /// Running at a worker under a lease.
    case leased
    /// Finished; the result document is stored.
    case done
    /// Failed on every attempt or with an error that cannot succeed on retry.
    case dead
    /// Cancelled by a client (`CANCEL`): never run again, even by `RETRY`.
    case cancelled
    /// Not a job id this coordinator issued.
    case unknown

    /// Whether the job will not change any more (unless a dead job is retried by hand).
    public var isFinal: Bool { self == .done || self == .dead || self == .cancelled }
}

/// One failed attempt, kept for as long as the job is.
public struct AttemptError: Codable, Sendable, Hashable {
    public var attempt: Int
    /// The worker that ran the attempt, if any.
    public var worker: String?
    /// Machine-readable reason: a pipeline code, `worker-lost`, `lease-expired`.
    public var code: String
    public var message: String
    /// When it failed (ISO 8601 UTC).
    public var at: String

    public init(attempt: Int, worker: String?, code: String, message: String, at: String) {
        self.attempt = attempt
        self.worker = worker
        self.code = code
        self.message = message
        self.at = at
    }
}

/// A job as the journal knows it.
public struct JobInfo: Codable, Sendable, Hashable {
    public var id: String
    public var state: JobState
    public var attempts: Int
    public var maxAttempts: Int
    public var article: ArticleMeta
    public var bodyBytes: Int
    public var submittedAt: String
    public var updatedAt: String
    /// When a queued job waiting out a retry back-off becomes eligible again (ISO 8601 UTC).
    public var notBefore: String?
    public var errors: [AttemptError]
    /// The batch the job was submitted in, if any.
    public var batch: String?

    public init(
        id: String, state: JobState, attempts: Int, maxAttempts: Int, article: ArticleMeta, bodyBytes: Int,
        submittedAt: String, updatedAt: String, notBefore: String?, errors: [AttemptError]
    ) {
        self.id = id
        self.state = state
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.article = article
        self.bodyBytes = bodyBytes
        self.submittedAt = submittedAt
        self.updatedAt = updatedAt
        self.notBefore = notBefore
        self.errors = errors
    }
}

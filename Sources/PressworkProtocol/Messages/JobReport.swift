/// `RESULT`: a worker finished a job. The result document (JSON) travels as the next frame.
public struct JobResult: Codable, Sendable, Hashable {
    /// The job id.
    public var job: String
    /// The attempt this result belongs to.
    public var attempt: Int
    /// The article's language code as the document gives it, for the coordinator's per-language
    /// counts (it never parses documents). Absent when unknown.
    public var language: String?
    /// Milliseconds spent in each pipeline stage, for the coordinator's stage histograms.
    public var stagesMs: [String: Double]?
    /// The document's `pageType`, for the coordinator's per-type counts. Absent when unknown.
    public var pageType: String?

    public init(
        job: String, attempt: Int, language: String? = nil, stagesMs: [String: Double]? = nil,
        pageType: String? = nil
    ) {
        self.job = job
        self.attempt = attempt
        self.language = language
        self.stagesMs = stagesMs
        self.pageType = pageType
    }
}

/// `FAILED`: a worker could not process a job.
public struct JobFailure: Codable, Sendable, Hashable {
    /// The job id.
    public var job: String
    /// The attempt that failed.
    public var attempt: Int
    /// False when retrying cannot help (undecodable input, not an article): the job is dead at once.
    public var retryable: Bool
    /// A short machine-readable reason, e.g. `undecodable`.
    public var code: String
    /// What went wrong, for people.
    public var message: String
    /// Seconds to wait before the next attempt, when the failure says (a server's `Retry-After`): the
    /// coordinator waits at least this long, at most an hour.
    public var retryAfter: Double?

    public init(job: String, attempt: Int, retryable: Bool, code: String, message: String, retryAfter: Double? = nil) {
        self.job = job
        self.attempt = attempt
        self.retryable = retryable
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }
}

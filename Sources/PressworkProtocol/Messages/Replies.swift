/// `STATUS` reply: the whole cluster at one moment.
public struct StatusReply: Codable, Sendable, Hashable {
    public var req: UInt64
    public var status: ClusterStatus
    public init(req: UInt64, status: ClusterStatus) {
        self.req = req
        self.status = status
    }
}

/// `SHOW` reply: the job, and its result document as the next frame when it is done.
public struct ShowReply: Codable, Sendable, Hashable {
    public var req: UInt64
    public var job: JobInfo
    /// Whether a document frame follows.
    public var hasDocument: Bool
    /// With `SHOW`'s `history`: the documents re-processing replaced, newest first, one frame each after the
    /// current document.
    public var previous: [PreviousDocument]?
    public init(req: UInt64, job: JobInfo, hasDocument: Bool, previous: [PreviousDocument]? = nil) {
        self.req = req
        self.job = job
        self.hasDocument = hasDocument
        self.previous = previous
    }
}

/// When a replaced result document was stored and replaced (ISO 8601 UTC).
public struct PreviousDocument: Codable, Sendable, Hashable {
    public var storedAt: String
    public var replacedAt: String
    public init(storedAt: String, replacedAt: String) {
        self.storedAt = storedAt
        self.replacedAt = replacedAt
    }
}

/// `EXPORT` reply: `count` document frames follow, each one JSON result document.
public struct ExportPage: Codable, Sendable, Hashable {
    public var req: UInt64
    public var count: Int
    /// The cursor for the next page; nil when this was the last one.
    public var next: Int64?
    /// The cursor after this page's last document, also on the last page: where a later export (of
    /// results stored since) continues. Nil when the page is empty.
    public var last: Int64?
    public init(req: UInt64, count: Int, next: Int64?, last: Int64? = nil) {
        self.req = req
        self.count = count
        self.next = next
        self.last = last
    }
}

/// `DEAD` reply: dead jobs with their errors.
public struct DeadReply: Codable, Sendable, Hashable {
    public var req: UInt64
    public var jobs: [JobInfo]
    public init(req: UInt64, jobs: [JobInfo]) {
        self.req = req
        self.jobs = jobs
    }
}

/// `RETRY` reply: how many dead jobs were requeued.
public struct RetryReply: Codable, Sendable, Hashable {
    public var req: UInt64
    public var requeued: Int
    public init(req: UInt64, requeued: Int) {
        self.req = req
        self.requeued = requeued
    }
}

/// `JOBS` reply: one state per asked job, in order (`unknown` for ids the coordinator never issued).
public struct JobsReply: Codable, Sendable, Hashable {
    public var req: UInt64
    public var states: [JobState]
    public init(req: UInt64, states: [JobState]) {
        self.req = req
        self.states = states
    }
}

/// `PURGED`: what a `PURGE` deleted.
public struct PurgeReply: Codable, Sendable, Hashable {
    public var req: UInt64
    /// Jobs deleted with their results (0 with `bodiesOnly`).
    public var jobs: Int
    /// Article bodies deleted.
    public var bodies: Int
    /// Whether more jobs match: send the same `PURGE` again.
    public var more: Bool

    public init(req: UInt64, jobs: Int, bodies: Int, more: Bool) {
        self.req = req
        self.jobs = jobs
        self.bodies = bodies
        self.more = more
    }
}

/// `CANCELLED`: what a `CANCEL` did, job by job counted.
public struct CancelReply: Codable, Sendable, Hashable {
    public var req: UInt64
    /// Queued or delayed jobs, now cancelled.
    public var cancelled: Int
    /// Running jobs, now cancelled; their worker finishes the attempt and its report is discarded.
    public var running: Int
    /// Jobs already finished (done, dead or cancelled): left as they are.
    public var finished: Int
    /// Ids the coordinator never issued.
    public var unknown: Int
    /// Jobs another client's key submitted (CURVE only): left as they are.
    public var forbidden: Int
    /// Whether the batch has more unfinished jobs: send the same `CANCEL` again.
    public var more: Bool

    public init(req: UInt64, cancelled: Int, running: Int, finished: Int, unknown: Int, forbidden: Int, more: Bool) {
        self.req = req
        self.cancelled = cancelled
        self.running = running
        self.finished = finished
        self.unknown = unknown
        self.forbidden = forbidden
        self.more = more
    }
}

/// `REPROCESSED`: what a `REPROCESS` queued.
public struct ReprocessReply: Codable, Sendable, Hashable {
    public var req: UInt64
    /// Done jobs queued again (at low priority).
    public var queued: Int
    /// Matching done jobs whose article body was purged: they cannot run again.
    public var withoutBody: Int
    /// Named jobs that are not done (queued, running, dead, cancelled or unknown): left as they are.
    public var notDone: Int
    /// The result cursor to send as `after` for the next page.
    public var last: Int64?
    /// The newest result when the re-processing began: send it back on every later page.
    public var through: Int64
    /// Whether more results may match: send the request again with `after` and `through`.
    public var more: Bool

    public init(
        req: UInt64, queued: Int, withoutBody: Int, notDone: Int, last: Int64?, through: Int64, more: Bool
    ) {
        self.req = req
        self.queued = queued
        self.withoutBody = withoutBody
        self.notDone = notDone
        self.last = last
        self.through = through
        self.more = more
    }
}

/// A client request that carries only its request number (`STATUS`).
public struct PlainRequest: Codable, Sendable, Hashable {
    public var req: UInt64
    public init(req: UInt64) { self.req = req }
}

/// `SHOW`: asks for one job's result document, or its state and errors when it has none.
public struct ShowRequest: Codable, Sendable, Hashable {
    public var req: UInt64
    public var job: String
    public init(req: UInt64, job: String) {
        self.req = req
        self.job = job
    }
}

/// `EXPORT`: asks for a page of result documents in store order, after a cursor.
public struct ExportRequest: Codable, Sendable, Hashable {
    public var req: UInt64
    /// The `next` cursor of the previous page; nil for the first page.
    public var after: Int64?
    /// Documents per page, at most `ProtocolLimits.maxExportPage`.
    public var limit: Int
    public init(req: UInt64, after: Int64?, limit: Int) {
        self.req = req
        self.after = after
        self.limit = limit
    }
}

/// `DEAD`: lists dead jobs with every attempt's error.
public struct DeadRequest: Codable, Sendable, Hashable {
    public var req: UInt64
    /// At most this many jobs, oldest first.
    public var limit: Int
    public init(req: UInt64, limit: Int) {
        self.req = req
        self.limit = limit
    }
}

/// `RETRY`: requeues dead jobs with a fresh set of attempts.
public struct RetryRequest: Codable, Sendable, Hashable {
    public var req: UInt64
    /// The jobs to requeue; nil means every dead job.
    public var jobs: [String]?
    public init(req: UInt64, jobs: [String]?) {
        self.req = req
        self.jobs = jobs
    }
}

/// `JOBS`: asks for the state of several jobs (used by `submit --wait`).
public struct JobsRequest: Codable, Sendable, Hashable {
    public var req: UInt64
    public var jobs: [String]
    public init(req: UInt64, jobs: [String]) {
        self.req = req
        self.jobs = jobs
    }
}

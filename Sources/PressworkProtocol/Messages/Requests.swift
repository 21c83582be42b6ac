/// A client request that carries only its request number (`STATUS`).
public struct PlainRequest: Codable, Sendable, Hashable {
    public var req: UInt64
    public init(req: UInt64) { self.req = req }
}

/// `SHOW`: asks for one job's result document, or its state and errors when it has none.
public struct ShowRequest: Codable, Sendable, Hashable {
    public var req: UInt64
    public var job: String
    /// Also the documents re-processing replaced (at most `ProtocolLimits.maxHistory`, newest first).
    public var history: Bool?
    public init(req: UInt64, job: String, history: Bool? = nil) {
        self.req = req
        self.job = job
        self.history = history
    }
}

/// `EXPORT`: asks for a page of result documents in store order, after a cursor.
public struct ExportRequest: Codable, Sendable, Hashable {
    public var req: UInt64
    /// The `next` cursor of the previous page; nil for the first page.
    public var after: Int64?
    /// Documents per page, at most `ProtocolLimits.maxExportPage`.
    public var limit: Int
    /// Only the results that match; nil for all of them.
    public var filter: ResultFilter?
    public init(req: UInt64, after: Int64?, limit: Int, filter: ResultFilter? = nil) {
        self.req = req
        self.after = after
        self.limit = limit
        self.filter = filter
    }
}

/// Which results an `EXPORT` returns: every condition given must hold.
public struct ResultFilter: Codable, Sendable, Hashable {
    /// Language codes; any of them.
    public var lang: [String]?
    /// Page types (`article`, `forum`, …); any of them.
    public var pageType: [String]?
    /// The host of the article's URL (a parent domain matches its subdomains) or the document's `siteName`.
    public var site: String?
    /// Publication dates as documents write them (`2026-12-01`, or ISO 8601 times), inclusive.
    public var publishedSince: String?
    public var publishedUntil: String?
    /// When results were stored, seconds since 1970: `since` ≤ stored < `until`.
    public var since: Double?
    public var until: Double?
    /// A batch id from `SUBMIT`.
    public var batch: String?
    /// Words that must all occur in the title or the text (a word also matches the longer words it begins).
    public var search: String?
    /// `done` (the default: result documents), or `queued`, `running`, `dead` or `cancelled`: those jobs, each as its
    /// `JobInfo` object, filtered by `batch`, `site` (the URL's host) and `since`/`until` (their last change).
    public var status: String?

    /// The statuses `status` may name.
    public static let statuses = ["done", "queued", "running", "dead", "cancelled"]

    public init(
        lang: [String]? = nil, pageType: [String]? = nil, site: String? = nil, publishedSince: String? = nil,
        publishedUntil: String? = nil, since: Double? = nil, until: Double? = nil, batch: String? = nil,
        search: String? = nil, status: String? = nil
    ) {
        self.lang = lang
        self.pageType = pageType
        self.site = site
        self.publishedSince = publishedSince
        self.publishedUntil = publishedUntil
        self.since = since
        self.until = until
        self.batch = batch
        self.search = search
        self.status = status
    }

    /// Why the coordinator refuses this filter (`malformed`), or nil: lists of at most 32 entries, strings of
    /// at most 256 bytes without control characters, finite times.
    public var problem: String? {
        let lists = [("lang", lang ?? []), ("pageType", pageType ?? [])]
        for (name, list) in lists where list.count > 32 { return "\(name) lists more than 32 values" }
        let strings =
            lists.flatMap { name, list in list.map { (name, $0) } }
            + [
                ("site", site), ("publishedSince", publishedSince), ("publishedUntil", publishedUntil),
                ("batch", batch), ("search", search),
            ].compactMap { name, value in value.map { (name, $0) } }
        for (name, value) in strings {
            if value.utf8.count > 256 { return "\(name) is longer than 256 bytes" }
            if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                return "\(name) holds control characters"
            }
        }
        for (name, time) in [("since", since), ("until", until)] where time.map({ !$0.isFinite }) == true {
            return "\(name) is not a finite number"
        }
        if let status {
            guard Self.statuses.contains(status) else {
                return "status must be one of \(Self.statuses.joined(separator: ", ")), not \(PeerText.escaped(status))"
            }
            let resultOnly = [
                ("lang", lang != nil), ("pageType", pageType != nil), ("publishedSince", publishedSince != nil),
                ("publishedUntil", publishedUntil != nil), ("search", search != nil),
            ]
            if status != "done", let (name, _) = resultOnly.first(where: { $0.1 }) {
                return "\(name) filters results; jobs that are \(status) have none"
            }
        }
        return nil
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

/// `PURGE`: deletes finished jobs (done or dead) last changed before `before`, with their bodies and
/// results, or only their bodies; at most `limit` jobs per request (send it again while `more`). Refused
/// (`forbidden`) unless the coordinator allows it (`--allow-purge`).
public struct PurgeRequest: Codable, Sendable, Hashable {
    public var req: UInt64
    /// Seconds since 1970.
    public var before: Double
    /// Delete only the article bodies; the jobs and results stay.
    public var bodiesOnly: Bool?
    /// Only results that match (dead jobs have none and are left alone when a filter is given).
    public var filter: ResultFilter?
    public var limit: Int

    public init(req: UInt64, before: Double, bodiesOnly: Bool? = nil, filter: ResultFilter? = nil, limit: Int) {
        self.req = req
        self.before = before
        self.bodiesOnly = bodiesOnly
        self.filter = filter
        self.limit = limit
    }
}

/// `CANCEL`: cancels jobs, named or all the unfinished jobs of a batch. Queued and delayed jobs are cancelled
/// at once; running ones are cancelled too, and their worker's report is discarded when it comes. Finished
/// jobs are left as they are. Under CURVE a client cancels only the jobs its own key submitted.
public struct CancelRequest: Codable, Sendable, Hashable {
    public var req: UInt64
    /// The jobs to cancel (at most `ProtocolLimits.maxJobsPerQuery`); or
    public var jobs: [String]?
    /// the batch whose unfinished jobs to cancel, at most `limit` per request (send it again while `more`).
    public var batch: String?
    public var limit: Int?

    public init(req: UInt64, jobs: [String]? = nil, batch: String? = nil, limit: Int? = nil) {
        self.req = req
        self.jobs = jobs
        self.batch = batch
        self.limit = limit
    }

    /// Why the coordinator refuses this request (`malformed`), or nil.
    public var problem: String? {
        switch (jobs, batch) {
        case (nil, nil), (.some, .some): return "CANCEL names either jobs or a batch"
        case (let jobs?, nil) where jobs.count > ProtocolLimits.maxJobsPerQuery:
            return "CANCEL names \(jobs.count) jobs, over \(ProtocolLimits.maxJobsPerQuery)"
        case (nil, let batch?) where !Submit.isValidBatch(batch):
            return "batch is not a batch id"
        default: return nil
        }
    }
}

/// `REPROCESS`: queues done jobs again, at low priority, to run their stored articles through the current
/// pipeline: the named jobs, or a page of the results matching `filter`. A job's result stays until the new
/// one replaces it; the replaced one stays readable (`SHOW` with `history`) until retention removes it.
public struct ReprocessRequest: Codable, Sendable, Hashable {
    public var req: UInt64
    /// The jobs to process again (at most `ProtocolLimits.maxJobsPerQuery`); or
    public var jobs: [String]?
    /// the results to process again (nil with no `jobs`: every result); `status` must be absent or `done`.
    public var filter: ResultFilter?
    /// The previous page's `last`.
    public var after: Int64?
    /// The previous page's `through`; nil on the first page.
    public var through: Int64?
    /// Results looked at per request, clamped to 1…`ProtocolLimits.maxPurgePage`.
    public var limit: Int

    public init(
        req: UInt64, jobs: [String]? = nil, filter: ResultFilter? = nil, after: Int64? = nil, through: Int64? = nil,
        limit: Int
    ) {
        self.req = req
        self.jobs = jobs
        self.filter = filter
        self.after = after
        self.through = through
        self.limit = limit
    }

    /// Why the coordinator refuses this request (`malformed`), or nil.
    public var problem: String? {
        if let jobs {
            if filter != nil { return "REPROCESS names either jobs or a filter" }
            if jobs.count > ProtocolLimits.maxJobsPerQuery {
                return "REPROCESS names \(jobs.count) jobs, over \(ProtocolLimits.maxJobsPerQuery)"
            }
        }
        if let status = filter?.status, status != "done" { return "only done jobs can be processed again" }
        return filter?.problem
    }
}

import Foundation
import PressworkCompression
import PressworkProtocol

extension CoordinatorClient {
    /// Submits articles; returns one job id per article once they are durable at the coordinator.
    ///
    /// The batch carries a random idempotency key, so when a SUBMIT went out but no reply came (the
    /// coordinator may have queued the jobs, then the reply was lost to a partition or a restart), the very
    /// same SUBMIT is sent again, up to `resends` times: the coordinator answers a key it knows with the
    /// jobs it already created. Articles are never queued twice.
    /// - Parameter onResend: called before each resend with the error that caused it.
    public func submit(
        _ articles: [(meta: ArticleMeta, body: [UInt8])], batch: String? = nil, resends: Int = 2,
        onResend: (ClientError) -> Void = { _ in }
    ) throws(ClientError) -> [String] {
        try submit(articles, batch: batch, dedupe: nil, resends: resends, onResend: onResend).jobs
    }

    /// Submits articles; with `dedupe`, those the coordinator already has are not queued again.
    ///
    /// A coordinator whose store is out of reach answers `store-unavailable`; the same batch is sent again
    /// after 1, 2, 4… (at most 15) seconds until `storeWait` seconds have passed, then the error is thrown.
    /// - Returns: one job id per article (the existing job for a duplicate), and the duplicates' indexes.
    public func submit(
        _ articles: [(meta: ArticleMeta, body: [UInt8])], batch: String?, dedupe: Submit.Dedupe?,
        priority: JobPriority? = nil, jobTimeout: Double? = nil, resends: Int = 2, storeWait: Double = 120,
        onResend: (ClientError) -> Void = { _ in }
    ) throws(ClientError) -> (jobs: [String], duplicates: Set<Int>) {
        let key = Self.submissionKey()
        // Compressed only for a coordinator that said it reads them so (an older one would store the bytes),
        // and only bodies worth it: below 512 bytes on average the coordinator keeps them as they are anyway.
        let worthIt = articles.reduce(0) { $0 + $1.body.count } >= 512 * articles.count
        let encoding = coordinatorReadsZstd && worthIt ? Zstd.name : nil
        let bodies = encoding == nil ? articles.map(\.body) : articles.map { compressor.compress($0.body) }
        var resent = 0
        let waitUntil = Timestamp.monotonic() + storeWait
        var pause = 1.0
        while true {
            let reply: ClientReply
            do {
                reply = try request {
                    var submit = Submit(
                        req: $0, articles: articles.map(\.meta), key: key, batch: batch, dedupe: dedupe,
                        priority: priority, jobTimeout: jobTimeout)
                    submit.bodyEncoding = encoding
                    return .submit(submit, bodies: bodies)
                }
            } catch  where error.code == .unreachable && error.requestWasSent && resent < resends {
                resent += 1
                onResend(error)
                continue
            } catch  where error.isStoreUnavailable && Timestamp.monotonic() + pause <= waitUntil {
                onResend(error)
                usleep(useconds_t(pause * 1_000_000))
                pause = min(15, pause * 2)
                continue
            }
            guard case .accepted(let accepted) = reply, accepted.jobs.count == articles.count else {
                throw ClientError(.badReply, "SUBMIT was answered with \(reply.name)")
            }
            if accepted.encodings?.contains(Zstd.name) == true { coordinatorReadsZstd = true }
            return (accepted.jobs, Set(accepted.duplicates ?? []))
        }
    }

    /// 128 random bits in hex.
    static func submissionKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// The cluster's status.
    public func status() throws(ClientError) -> ClusterStatus {
        let reply = try request { .status(PlainRequest(req: $0)) }
        guard case .status(let status) = reply else {
            throw ClientError(.badReply, "STATUS was answered with \(reply.name)")
        }
        return status.status
    }

    /// One job and, when it is done, its result document.
    public func show(_ job: String) throws(ClientError) -> (job: JobInfo, document: [UInt8]?) {
        let reply = try request { .show(ShowRequest(req: $0, job: job)) }
        guard case .show(let show, let document, _) = reply else {
            throw ClientError(.badReply, "SHOW was answered with \(reply.name)")
        }
        return (show.job, document)
    }

    /// The documents re-processing replaced for `job`, newest first, with when each was stored and replaced.
    public func history(of job: String) throws(ClientError) -> [(when: PreviousDocument, document: [UInt8])] {
        let reply = try request { .show(ShowRequest(req: $0, job: job, history: true)) }
        guard case .show(let show, _, let previous) = reply else {
            throw ClientError(.badReply, "SHOW was answered with \(reply.name)")
        }
        return Array(zip(show.previous ?? [], previous))
    }

    /// Queues done jobs again to run through the current pipeline: the named ones, or every result matching
    /// `filter` (all when nil), page by page; `progress` hears the running total after each page.
    public func reprocess(
        jobs: [String]? = nil, filter: ResultFilter? = nil, progress: (ReprocessReply) -> Void = { _ in }
    ) throws(ClientError) -> ReprocessReply {
        var total = ReprocessReply(req: 0, queued: 0, withoutBody: 0, notDone: 0, last: nil, through: 0, more: false)
        func send(_ build: (UInt64) -> ReprocessRequest) throws(ClientError) -> ReprocessReply {
            let reply = try request { .reprocess(build($0)) }
            guard case .reprocessed(let page) = reply else {
                throw ClientError(.badReply, "REPROCESS was answered with \(reply.name)")
            }
            total.queued += page.queued
            total.withoutBody += page.withoutBody
            total.notDone += page.notDone
            progress(total)
            return page
        }
        if let jobs {
            for start in stride(from: 0, to: jobs.count, by: ProtocolLimits.maxJobsPerQuery) {
                let chunk = Array(jobs[start..<min(jobs.count, start + ProtocolLimits.maxJobsPerQuery)])
                _ = try send { ReprocessRequest(req: $0, jobs: chunk, limit: chunk.count) }
            }
            return total
        }
        var after: Int64?
        var through: Int64?
        while true {
            let (cursor, bound) = (after, through)
            let page = try send {
                ReprocessRequest(
                    req: $0, filter: filter, after: cursor, through: bound, limit: ProtocolLimits.maxPurgePage)
            }
            through = page.through
            after = page.last ?? after
            guard page.more, page.last != nil else { return total }
        }
    }

    /// Streams every result document, page by page, to `body`.
    public func export(pageSize: Int = 200, _ body: ([[UInt8]]) throws -> Void) throws {
        _ = try export(filter: nil, after: nil, pageSize: pageSize, body)
    }

    /// Streams the results that match `filter` (all of them when nil), stored after the cursor `after`,
    /// page by page into `body`, which may stop early by returning false.
    /// - Returns: the cursor after the last document handed over (nil when there was none), for an
    ///   export of what is stored later.
    @discardableResult
    public func export(
        filter: ResultFilter?, after: Int64?, pageSize: Int = 200, _ body: ([[UInt8]]) throws -> Void
    ) throws -> Int64? {
        var cursor = after
        var last: Int64? = nil
        while true {
            let from = cursor
            let reply = try request { .export(ExportRequest(req: $0, after: from, limit: pageSize, filter: filter)) }
            guard case .export(let page, let documents) = reply else {
                throw ClientError(.badReply, "EXPORT was answered with \(reply.name)")
            }
            try body(documents)
            if let pageLast = page.last { last = pageLast }
            guard let next = page.next else { return last }
            cursor = next
        }
    }

    /// Deletes finished jobs last changed before `before` (seconds since 1970) with their results, or only
    /// their bodies, page by page until none is left; `progress` hears each page's counts.
    /// - Returns: jobs and bodies deleted in all.
    public func purge(
        before: Double, bodiesOnly: Bool, filter: ResultFilter?, progress: (Int, Int) -> Void = { _, _ in }
    ) throws(ClientError) -> (jobs: Int, bodies: Int) {
        var total = (jobs: 0, bodies: 0)
        while true {
            let reply = try request {
                .purge(
                    PurgeRequest(
                        req: $0, before: before, bodiesOnly: bodiesOnly, filter: filter,
                        limit: ProtocolLimits.maxPurgePage))
            }
            guard case .purged(let purged) = reply else {
                throw ClientError(.badReply, "PURGE was answered with \(reply.name)")
            }
            total.jobs += purged.jobs
            total.bodies += purged.bodies
            progress(total.jobs, total.bodies)
            guard purged.more, purged.jobs + purged.bodies > 0 else { return total }
        }
    }

    /// Cancels `jobs`, in requests of at most `ProtocolLimits.maxJobsPerQuery`; returns the counts of all of them.
    public func cancel(jobs: [String]) throws(ClientError) -> CancelReply {
        var total = CancelReply(req: 0, cancelled: 0, running: 0, finished: 0, unknown: 0, forbidden: 0, more: false)
        for start in stride(from: 0, to: jobs.count, by: ProtocolLimits.maxJobsPerQuery) {
            let chunk = Array(jobs[start..<min(jobs.count, start + ProtocolLimits.maxJobsPerQuery)])
            total.add(try cancel(CancelRequest(req: 0, jobs: chunk)))
        }
        return total
    }

    /// Cancels every unfinished job of `batch`, page by page until none is left; `progress` hears the running
    /// total after each page.
    public func cancel(batch: String, progress: (CancelReply) -> Void = { _ in }) throws(ClientError) -> CancelReply {
        var total = CancelReply(req: 0, cancelled: 0, running: 0, finished: 0, unknown: 0, forbidden: 0, more: false)
        while true {
            let page = try cancel(CancelRequest(req: 0, batch: batch, limit: ProtocolLimits.maxJobsPerQuery))
            total.add(page)
            // `forbidden` is recounted on every page, not summed.
            total.forbidden = page.forbidden
            progress(total)
            guard page.more, page.cancelled + page.running > 0 else { return total }
        }
    }

    private func cancel(_ request: CancelRequest) throws(ClientError) -> CancelReply {
        let reply = try self.request { req in
            var numbered = request
            numbered.req = req
            return .cancel(numbered)
        }
        guard case .cancelled(let answer) = reply else {
            throw ClientError(.badReply, "CANCEL was answered with \(reply.name)")
        }
        return answer
    }

    /// Dead jobs with every attempt's error.
    public func dead(limit: Int = 10_000) throws(ClientError) -> [JobInfo] {
        let reply = try request { .dead(DeadRequest(req: $0, limit: limit)) }
        guard case .dead(let dead) = reply else { throw ClientError(.badReply, "DEAD was answered with \(reply.name)") }
        return dead.jobs
    }

    /// Requeues dead jobs (all of them when `jobs` is nil); returns how many were requeued.
    public func retry(_ jobs: [String]?) throws(ClientError) -> Int {
        let reply = try request { .retry(RetryRequest(req: $0, jobs: jobs)) }
        guard case .retried(let retried) = reply else {
            throw ClientError(.badReply, "RETRY was answered with \(reply.name)")
        }
        return retried.requeued
    }

    /// The state of each job, in order.
    public func states(of jobs: [String]) throws(ClientError) -> [JobState] {
        var states: [JobState] = []
        for start in stride(from: 0, to: jobs.count, by: ProtocolLimits.maxJobsPerQuery) {
            let chunk = Array(jobs[start..<min(jobs.count, start + ProtocolLimits.maxJobsPerQuery)])
            let reply = try request { .jobs(JobsRequest(req: $0, jobs: chunk)) }
            guard case .jobs(let answer) = reply, answer.states.count == chunk.count else {
                throw ClientError(.badReply, "JOBS was answered with \(reply.name)")
            }
            states += answer.states
        }
        return states
    }
}

extension CancelReply {
    /// Adds another reply's counts to these.
    mutating func add(_ other: CancelReply) {
        cancelled += other.cancelled
        running += other.running
        finished += other.finished
        unknown += other.unknown
        forbidden += other.forbidden
        more = other.more
    }
}

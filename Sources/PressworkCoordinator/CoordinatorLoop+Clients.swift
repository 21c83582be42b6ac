import Foundation
import Logging
import PressworkCompression
import PressworkLogging
import PressworkProtocol
import PressworkStore

extension CoordinatorLoop {
    /// A client request. Replies are queued and sent after this turn's journal commit, so `ACCEPTED`
    /// never goes out before the jobs are durable.
    mutating func handle(_ request: ClientRequest, from client: [UInt8], owner: String, now: Double) {
        do {
            let reply = try answer(request, owner: owner, now: now)
            turn.send(reply.frames(), to: client)
        } catch let error as StoreError {
            logger.error("store request failed", metadata: [LogKey.error: "\(error)"])
            // A read that found the database gone (the next commit starts the outage) can be tried again later.
            let code: ErrorReply.Code = store.isOutage(error) ? .storeUnavailable : .internal
            let reply = ErrorReply(req: request.req, code: code, message: "store error: \(error.message)")
            turn.send(ClientReply.error(reply).frames(), to: client)
        } catch let error as RequestError {
            turn.send(
                ClientReply.error(ErrorReply(req: request.req, code: error.code, message: error.message)).frames(),
                to: client)
        } catch {
            turn.send(
                ClientReply.error(ErrorReply(req: request.req, code: .internal, message: "\(error)")).frames(),
                to: client)
        }
    }

    private mutating func answer(_ request: ClientRequest, owner: String, now: Double) throws -> ClientReply {
        switch request {
        case .submit(let submit, let bodies):
            let accepted = try accept(submit, bodies, owner: owner, now: now)
            var reply = Accepted(
                req: submit.req, jobs: accepted.jobs,
                duplicates: accepted.duplicates.isEmpty ? nil : accepted.duplicates)
            reply.encodings = [Zstd.name]
            return .accepted(reply)
        case .status(let status):
            var cluster = clusterStatus(now: now)
            let batches = try store.recentBatches(limit: 10, window: 100_000)
            cluster.batches = batches.isEmpty ? nil : batches
            let size = try store.size()
            cluster.store = .init(bytes: size.bytes, freeBytes: size.freeBytes)
            return .status(StatusReply(req: status.req, status: cluster))
        case .show(let show):
            guard let info = try store.jobInfo(show.job) else {
                throw RequestError(code: .unknownJob, message: "no job \(show.job)")
            }
            // A job being re-processed (or whose re-processing failed) still has its result.
            let document = try store.document(of: show.job)
            var reply = ShowReply(req: show.req, job: info, hasDocument: document != nil)
            var previous: [[UInt8]] = []
            if show.history == true {
                let history = try store.history(of: show.job, limit: ProtocolLimits.maxHistory)
                reply.previous = history.map {
                    PreviousDocument(
                        storedAt: Timestamp.iso8601($0.storedAt), replacedAt: Timestamp.iso8601($0.replacedAt))
                }
                previous = history.map(\.document)
            }
            return .show(reply, document: document, previous: previous)
        case .export(let export):
            let limit = min(max(1, export.limit), ProtocolLimits.maxExportPage)
            let page: (documents: [[UInt8]], last: Int64?)
            if let filter = export.filter {
                if let problem = filter.problem { throw RequestError(code: .malformed, message: problem) }
                if let status = filter.status, status != "done" {
                    let states: [JobState] =
                        switch status {
                        case "queued": [.queued]
                        case "running": [.leased]
                        case "cancelled": [.cancelled]
                        default: [.dead]
                        }
                    page = try store.jobs(in: states, matching: ResultQuery(filter), after: export.after, limit: limit)
                } else {
                    page = try store.results(matching: ResultQuery(filter), after: export.after, limit: limit)
                }
            } else {
                page = try store.results(after: export.after, limit: limit)
            }
            let next = page.documents.count == limit ? page.last : nil
            return .export(
                ExportPage(req: export.req, count: page.documents.count, next: next, last: page.last),
                documents: page.documents)
        case .dead(let dead):
            let limit = min(max(0, dead.limit), ProtocolLimits.maxDeadListing)
            return .dead(DeadReply(req: dead.req, jobs: try store.deadJobs(limit: limit)))
        case .retry(let retry):
            return .retried(RetryReply(req: retry.req, requeued: try revive(retry.jobs, now: now)))
        case .jobs(let query):
            return .jobs(JobsReply(req: query.req, states: try states(of: query.jobs)))
        case .reprocess(let request):
            if let problem = request.problem { throw RequestError(code: .malformed, message: problem) }
            return .reprocessed(try reprocess(request, now: now))
        case .cancel(let cancel):
            if let problem = cancel.problem { throw RequestError(code: .malformed, message: problem) }
            return .cancelled(try self.cancel(cancel, owner: owner, now: now))
        case .purge(let purge):
            guard configuration.allowPurge else {
                throw RequestError(
                    code: .forbidden,
                    message:
                        "this coordinator does not let clients purge (start it with --allow-purge, or use --keep-results)"
                )
            }
            if let problem = purge.filter?.problem { throw RequestError(code: .malformed, message: problem) }
            guard purge.before.isFinite else { throw RequestError(code: .malformed, message: "before is not a time") }
            let purged = try store.purge(
                before: purge.before, bodiesOnly: purge.bodiesOnly ?? false,
                matching: purge.filter.map(ResultQuery.init),
                limit: min(max(1, purge.limit), ProtocolLimits.maxPurgePage))
            if purged.jobs + purged.bodies + purged.history > 0 { try store.releaseFreePages() }
            logger.info(
                "purged on request",
                metadata: [LogKey.count: "\(purged.jobs)", LogKey.store: "\(purged.bodies) bodies"])
            return .purged(PurgeReply(req: purge.req, jobs: purged.jobs, bodies: purged.bodies, more: purged.more))
        }
    }

    /// Journals a `SUBMIT`'s new jobs; returns a job per article (an existing one for each duplicate) and the
    /// indexes of the duplicates.
    private mutating func accept(_ submit: Submit, _ received: [[UInt8]], owner: String, now: Double) throws
        -> (jobs: [String], duplicates: [Int])
    {
        // Bodies the client compressed are decoded once (for limits, dedupe keys and hashes) and stored as sent.
        let (bodies, frames) = try decodeBodies(submit, received)
        if let timeout = submit.jobTimeout, !(timeout.isFinite && timeout >= 1 && timeout <= Submit.maxJobTimeout) {
            throw RequestError(
                code: .malformed, message: "jobTimeout must be 1 to \(Int(Submit.maxJobTimeout)) seconds")
        }
        let rule = submit.dedupe
        // Content hashes are the store's dedupe keys for every job; computed once, here, when dedupe asks.
        let hashes =
            rule == .content ? zip(submit.articles, bodies).map { DedupeKey.content(of: $0, body: $1) } : nil
        var existing: [Int: SubmissionLedger.Duplicate] = [:]
        if let rule {
            let keys = zip(submit.articles, bodies).enumerated().map { index, pair in
                hashes?[index] ?? DedupeKey.of(pair.0, body: pair.1, by: rule)
            }
            existing = try ledger.duplicates(keys, by: rule) { try store.existingJobs(withKeys: $0, by: rule) }
        }
        let admission: SubmissionLedger.Admission
        do {
            admission = try ledger.admit(
                key: submit.key, batch: submit.batch, sizes: bodies.map(\.count), duplicates: Set(existing.keys),
                sources: submit.articles.map(\.source), client: owner,
                freeDiskBytes: store.localPath.flatMap(DiskSpace.available(at:)),
                storedJobs: { try store.submission(key: $0) })
        } catch let error as RequestError {
            if let reason = error.refusal {
                refusals[reason, default: 0] += 1
                if reason == .clientQuota { refusedSubmissions += 1 }
            }
            throw error
        }
        if case .repeated(let jobs) = admission {
            // The same SUBMIT again (its reply was lost): the same jobs, nothing new.
            logger.info(
                "repeated submission answered with its jobs",
                metadata: [LogKey.submissionKey: "\(submit.key ?? "-")", LogKey.count: "\(jobs.count)"])
            return (jobs, [])
        }
        var all: [String] = []
        var created: [(id: String, bytes: Int)] = []
        var fetchHosts: [String: String] = [:]
        for (index, (article, body)) in zip(submit.articles, bodies).enumerated() {
            switch existing[index] {
            case .existing(let job):
                all.append(job)
                continue
            case .earlier(let first):
                // The same article twice in this SUBMIT: both get the first one's new job.
                all.append(all[first])
                continue
            case nil: break
            }
            let id = ids.next()
            all.append(id)
            created.append((id, body.count))
            fetchHosts[id] = article.fetchHost
            // Compressed once, by the client or here: the store keeps it so, and workers that read zstd get it so.
            let packed =
                frames.map { $0[index].count < body.count ? $0[index] : nil } ?? compressor.compressIfSmaller(body)
            payloads.insert(
                id,
                StoredArticle(
                    article: article, body: packed ?? body, encoding: packed == nil ? nil : Zstd.name,
                    bodyBytes: body.count))
            let hash = hashes?[index] ?? DedupeKey.content(of: article, body: body)
            ledger.recordKeys(
                of: id, url: article.url.flatMap(DedupeKey.url),
                articleId: article.articleId.flatMap { $0.isEmpty ? nil : $0 }, content: hash)
            var job = NewJob(
                id: id, article: article, body: body, maxAttempts: configuration.retry.maxAttempts, client: owner,
                batch: submit.batch, bodySHA256: hash)
            job.priority = submit.priority ?? .normal
            job.jobTimeout = submit.jobTimeout
            job.zstdBody = packed
            turn.changes.append(.insert(job))
        }
        ledger.record(created, client: owner, key: submit.key, answer: all)
        if let key = submit.key {
            turn.changes.append(.submission(key: key, jobs: all))
        }
        if !existing.isEmpty {
            logger.info(
                "duplicate articles not queued again",
                metadata: [LogKey.count: "\(existing.count)", LogKey.submissionKey: "\(submit.key ?? "-")"])
        }
        perform(
            machine.onSubmitted(
                created.map(\.id), maxAttempts: configuration.retry.maxAttempts, priority: submit.priority ?? .normal,
                timeout: submit.jobTimeout, hosts: fetchHosts, now: now),
            now: now)
        return (all, existing.keys.sorted())
    }

    /// The bodies of a `SUBMIT` as the articles' bytes, and the frames as sent when they were compressed.
    private func decodeBodies(_ submit: Submit, _ received: [[UInt8]]) throws -> (
        bodies: [[UInt8]], frames: [[UInt8]]?
    ) {
        guard let encoding = submit.bodyEncoding else { return (received, nil) }
        guard encoding == Zstd.name else {
            throw RequestError(
                code: .malformed, message: "bodyEncoding must be \(Zstd.name), not \(encoding.prefix(32))")
        }
        var bodies: [[UInt8]] = []
        var total = 0
        for (index, frame) in received.enumerated() {
            // Each body within the article limit, and all of them within a bound: a few bytes of zstd can
            // claim gigabytes.
            let limit = min(configuration.maxArticleBytes, Self.maxDecodedSubmitBytes - total)
            do {
                let body = try Zstd.decompress(frame, maxBytes: limit)
                total += body.count
                bodies.append(body)
            } catch {
                let code: ErrorReply.Code = error.description.contains("limit") ? .tooLarge : .malformed
                throw RequestError(code: code, message: "article \(index): \(error.description)")
            }
        }
        return (bodies, received)
    }

    /// The most bytes the bodies of one compressed `SUBMIT` may decode to.
    static let maxDecodedSubmitBytes = 256 << 20

    mutating func revive(_ requested: [String]?, now: Double) throws -> Int {
        let candidates =
            try requested.map { try Revival.unique($0).compactMap { try store.jobInfo($0) } }
            ?? store.deadJobs(limit: Int.max)
        let plans = Revival.plan(
            candidates, allowance: configuration.retry.maxAttempts, isUnfinished: { machine.isUnfinished($0) })
        for plan in plans {
            turn.changes.append(.revived(job: plan.job, maxAttempts: plan.maxAttempts))
        }
        let hosts = Dictionary(
            candidates.compactMap { info in info.article.fetchHost.map { (info.id, $0) } },
            uniquingKeysWith: { a, _ in a })
        perform(machine.onRevived(plans.map { ($0.job, $0.attempts) }, hosts: hosts, now: now), now: now)
        return plans.count
    }

    /// `REPROCESS`: journals the chosen done jobs as queued again (low priority, a fresh set of attempts) and
    /// hands them to the machine. Jobs the machine still holds (queued again earlier in this turn) are skipped.
    private mutating func reprocess(_ request: ReprocessRequest, now: Double) throws -> ReprocessReply {
        let limit = min(max(1, request.limit), ProtocolLimits.maxPurgePage)
        let through = try request.through ?? store.newestResult()
        var chosen: [String]
        var withoutBody: Int
        var notDone = 0
        var last: Int64?
        var more = false
        if let jobs = request.jobs {
            let named = Revival.unique(jobs)
            (chosen, withoutBody) = try store.reprocessable(named)
            notDone = named.count - chosen.count - withoutBody
        } else {
            let query = request.filter.map(ResultQuery.init) ?? ResultQuery()
            let page = try store.reprocessCandidates(
                matching: query, after: request.after, through: through, limit: limit)
            (chosen, withoutBody, last, more) = (page.jobs, page.withoutBody, page.last, page.more)
        }
        chosen.removeAll { machine.isUnfinished($0) }
        let maxAttempts = configuration.retry.maxAttempts
        for job in chosen { turn.changes.append(.reprocess(job: job, maxAttempts: maxAttempts)) }
        let hosts = try store.fetchHosts(of: chosen)
        perform(machine.onReprocess(chosen, maxAttempts: maxAttempts, hosts: hosts, now: now), now: now)
        if !chosen.isEmpty {
            logger.info("results queued for processing again", metadata: [LogKey.count: "\(chosen.count)"])
        }
        return ReprocessReply(
            req: request.req, queued: chosen.count, withoutBody: withoutBody, notDone: notDone, last: last,
            through: through, more: more)
    }

    /// `CANCEL`: the named jobs, or a page of the batch's unfinished jobs. Under CURVE a client's key may
    /// cancel only what that key submitted; without CURVE every client is trusted alike.
    private mutating func cancel(_ request: CancelRequest, owner: String, now: Double) throws -> CancelReply {
        let restricted = curve != nil
        var forbidden = 0
        var more = false
        var candidates: [String]
        if let batch = request.batch {
            let limit = min(max(1, request.limit ?? ProtocolLimits.maxJobsPerQuery), ProtocolLimits.maxJobsPerQuery)
            candidates = try store.unfinishedJobs(inBatch: batch, client: restricted ? owner : nil, limit: limit + 1)
            more = candidates.count > limit
            candidates = Array(candidates.prefix(limit))
            if restricted { forbidden = try store.unfinishedJobCount(inBatch: batch, notSubmittedBy: owner) }
        } else {
            candidates = Revival.unique(request.jobs ?? [])
            if restricted {
                let submitters = try store.submitters(of: candidates)
                let others = Set(candidates.filter { submitters[$0].map { $0 != owner } ?? false })
                forbidden = others.count
                candidates.removeAll { others.contains($0) }
            }
        }
        let actions = machine.onCancel(candidates, now: now)
        var cancelled = 0
        var running = 0
        var acted: Set<String> = []
        for case .cancel(let job, let isRunning) in actions {
            acted.insert(job)
            if isRunning { running += 1 } else { cancelled += 1 }
        }
        perform(actions, now: now)
        let rest = candidates.filter { !acted.contains($0) }
        let unknown = try zip(rest, store.states(of: rest)).filter { $0.1 == .unknown }.count
        if !acted.isEmpty {
            logger.info(
                "jobs cancelled on request",
                metadata: [LogKey.count: "\(acted.count)", LogKey.batch: "\(request.batch ?? "-")"])
        }
        return CancelReply(
            req: request.req, cancelled: cancelled, running: running, finished: rest.count - unknown,
            unknown: unknown, forbidden: forbidden, more: more)
    }

    private func states(of jobs: [String]) throws -> [JobState] {
        var states = jobs.map { machine.state(of: $0) }
        let missing = states.indices.filter { states[$0] == nil }
        if !missing.isEmpty {
            let stored = try store.states(of: missing.map { jobs[$0] })
            for (index, state) in zip(missing, stored) { states[index] = state }
        }
        return states.map { $0 ?? .unknown }
    }

    func clusterStatus(now: Double) -> ClusterStatus {
        let snapshot = machine.snapshot(now: now)
        var status = ClusterStatus(
            coordinator: .init(
                version: PressworkVersion.current, endpoint: boundEndpoint,
                startedAt: Timestamp.iso8601(startedAt.timeIntervalSince1970), uptimeSeconds: now - startedMonotonic),
            queue: snapshot.queue, throughput: snapshot.throughput, workers: snapshot.workers,
            protocolCounters: .init(malformedMessages: malformedMessages, undeliverableMessages: undeliverableMessages),
            security: securityStatus, languages: activity.languageCounts, stages: activity.stageTimings,
            recentFailures: activity.recentFailures, pageTypes: activity.pageTypeCounts)
        status.hosts = machine.hostsSnapshot()
        return status
    }
}

extension ResultQuery {
    /// The store's query for a filter from the wire (already checked with `problem`).
    init(_ filter: ResultFilter) {
        self.init()
        languages = filter.lang ?? []
        pageTypes = filter.pageType ?? []
        site = filter.site
        publishedSince = filter.publishedSince
        publishedUntil = filter.publishedUntil
        storedSince = filter.since
        storedUntil = filter.until
        batch = filter.batch
        search = filter.search
    }
}

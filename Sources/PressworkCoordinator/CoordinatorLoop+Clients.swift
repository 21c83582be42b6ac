import Foundation
import Logging
import PressworkLogging
import PressworkProtocol
import PressworkStore

extension CoordinatorLoop {
    /// A client request. Replies are queued and sent after this turn's journal commit, so `ACCEPTED`
    /// never goes out before the jobs are durable.
    mutating func handle(_ request: ClientRequest, from client: [UInt8], owner: String, now: Double) {
        do {
            let reply = try answer(request, owner: owner, now: now)
            outbox.append((client, reply.frames()))
        } catch let error as StoreError {
            logger.error("store request failed", metadata: [LogKey.error: "\(error)"])
            let reply = ErrorReply(req: request.req, code: .internal, message: "store error: \(error.message)")
            outbox.append((client, ClientReply.error(reply).frames()))
        } catch let error as RequestError {
            outbox.append(
                (
                    client,
                    ClientReply.error(ErrorReply(req: request.req, code: error.code, message: error.message)).frames()
                ))
        } catch {
            outbox.append(
                (
                    client,
                    ClientReply.error(ErrorReply(req: request.req, code: .internal, message: "\(error)")).frames()
                ))
        }
    }

    private mutating func answer(_ request: ClientRequest, owner: String, now: Double) throws -> ClientReply {
        switch request {
        case .submit(let submit, let bodies):
            return .accepted(Accepted(req: submit.req, jobs: try accept(submit, bodies, owner: owner, now: now)))
        case .status(let status):
            return .status(StatusReply(req: status.req, status: clusterStatus(now: now)))
        case .show(let show):
            guard let info = try store.jobInfo(show.job) else {
                throw RequestError(code: .unknownJob, message: "no job \(show.job)")
            }
            let document = info.state == .done ? try store.document(of: show.job) : nil
            return .show(ShowReply(req: show.req, job: info, hasDocument: document != nil), document: document)
        case .export(let export):
            let limit = min(max(1, export.limit), ProtocolLimits.maxExportPage)
            let page = try store.results(after: export.after, limit: limit)
            let next = page.documents.count == limit ? page.last : nil
            return .export(
                ExportPage(req: export.req, count: page.documents.count, next: next), documents: page.documents)
        case .dead(let dead):
            let limit = min(max(0, dead.limit), ProtocolLimits.maxDeadListing)
            return .dead(DeadReply(req: dead.req, jobs: try store.deadJobs(limit: limit)))
        case .retry(let retry):
            return .retried(RetryReply(req: retry.req, requeued: try revive(retry.jobs, now: now)))
        case .jobs(let query):
            return .jobs(JobsReply(req: query.req, states: try states(of: query.jobs)))
        }
    }

    private mutating func accept(_ submit: Submit, _ bodies: [[UInt8]], owner: String, now: Double) throws
        -> [String]
    {
        // The same SUBMIT again (its reply was lost): the same jobs, nothing new.
        if let key = submit.key {
            guard (1...64).contains(key.utf8.count) else {
                throw RequestError(code: .malformed, message: "a submission key must be 1 to 64 bytes")
            }
            if let jobs = try submittedKeys[key] ?? store.submission(key: key) {
                guard jobs.count == bodies.count else {
                    throw RequestError(
                        code: .keyReused,
                        message: "submission key \(key) was used for \(jobs.count) articles, not \(bodies.count)")
                }
                logger.info(
                    "repeated submission answered with its jobs",
                    metadata: [LogKey.submissionKey: "\(key)", LogKey.count: "\(jobs.count)"])
                return jobs
            }
        }
        let pending = pendingByClient[owner] ?? 0
        if pending + bodies.count > configuration.maxPendingPerClient {
            refusedSubmissions += 1
            refusals[.clientQuota, default: 0] += 1
            throw RequestError(
                code: .tooManyPending,
                message:
                    "this client has \(pending) unfinished jobs and the coordinator allows \(configuration.maxPendingPerClient) (--max-pending-per-client); wait for some to finish"
            )
        }
        let incoming = bodies.reduce(0) { $0 + $1.count }
        let pendingBytes = pendingBytesByClient[owner] ?? 0
        if pendingBytes + incoming > configuration.maxPendingBytesPerClient {
            refusedSubmissions += 1
            refusals[.clientQuota, default: 0] += 1
            throw RequestError(
                code: .tooManyPending,
                message:
                    "this client has \(pendingBytes >> 20) MiB of unfinished articles and the coordinator allows \(configuration.maxPendingBytesPerClient >> 20) MiB (--max-pending-mib-per-client); wait for some to finish"
            )
        }
        // The journal writes each body once, plus its indexes and SQLite's own journal: twice the bytes.
        if let free = DiskSpace.available(at: store.path), free - 2 * incoming < configuration.minFreeDiskBytes {
            refusals[.storageFull, default: 0] += 1
            throw RequestError(
                code: .storageFull,
                message:
                    "the coordinator's disk has \(free >> 20) MiB free and keeps \(configuration.minFreeDiskBytes >> 20) MiB (--min-free-disk-mib); nothing was queued"
            )
        }
        for (index, body) in bodies.enumerated() where body.count > configuration.maxArticleBytes {
            throw RequestError(
                code: .tooLarge,
                message:
                    "article \(index) (\(submit.articles[index].source)) is \(body.count) bytes, over the limit of \(configuration.maxArticleBytes)"
            )
        }
        var jobs: [String] = []
        for (article, body) in zip(submit.articles, bodies) {
            let id = ids.next()
            jobs.append(id)
            payloads.insert(id, (article, body))
            clientOfJob[id] = owner
            bytesOfJob[id] = body.count
            changes.append(
                .insert(NewJob(id: id, article: article, body: body, maxAttempts: configuration.retry.maxAttempts)))
        }
        pendingByClient[owner, default: 0] += jobs.count
        pendingBytesByClient[owner, default: 0] += incoming
        if let key = submit.key {
            submittedKeys[key] = jobs
            changes.append(.submission(key: key, jobs: jobs))
        }
        perform(machine.onSubmitted(jobs, maxAttempts: configuration.retry.maxAttempts, now: now), now: now)
        return jobs
    }

    private mutating func revive(_ requested: [String]?, now: Double) throws -> Int {
        let candidates: [JobInfo]
        if let requested {
            var seen: Set<String> = []
            let unique = requested.filter { seen.insert($0).inserted }
            candidates = try unique.compactMap { try store.jobInfo($0) }.filter { $0.state == .dead }
        } else {
            candidates = try store.deadJobs(limit: Int.max)
        }
        // Jobs revived earlier in this turn are still 'dead' in the store until the commit; skip them.
        let fresh = candidates.filter { !machine.isUnfinished($0.id) }
        for job in fresh {
            changes.append(.revived(job: job.id, maxAttempts: job.attempts + configuration.retry.maxAttempts))
        }
        perform(machine.onRevived(fresh.map { ($0.id, $0.attempts) }, now: now), now: now)
        return fresh.count
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
        return ClusterStatus(
            coordinator: .init(
                version: PressworkVersion.current, endpoint: boundEndpoint,
                startedAt: Timestamp.iso8601(startedAt.timeIntervalSince1970), uptimeSeconds: now - startedMonotonic),
            queue: snapshot.queue, throughput: snapshot.throughput, workers: snapshot.workers,
            protocolCounters: .init(malformedMessages: malformedMessages, undeliverableMessages: undeliverableMessages),
            security: securityStatus, languages: activity.languageCounts, stages: activity.stageTimings,
            recentFailures: activity.recentFailures, pageTypes: activity.pageTypeCounts)
    }
}

extension CoordinatorLoop {
    /// A job reached a final state: it no longer counts against its client's pending bound.
    mutating func releasePending(_ job: String) {
        guard let owner = clientOfJob.removeValue(forKey: job) else { return }
        let left = (pendingByClient[owner] ?? 1) - 1
        pendingByClient[owner] = left > 0 ? left : nil
        let bytesLeft = (pendingBytesByClient[owner] ?? 0) - (bytesOfJob.removeValue(forKey: job) ?? 0)
        pendingBytesByClient[owner] = bytesLeft > 0 ? bytesLeft : nil
    }
}

/// A request the coordinator refuses, answered with `ERROR`.
struct RequestError: Error {
    var code: ErrorReply.Code
    var message: String
}

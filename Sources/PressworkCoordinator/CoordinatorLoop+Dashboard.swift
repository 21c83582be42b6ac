import Foundation
import Logging
import PressworkHTTP
import PressworkJSON
import PressworkLogging
import PressworkProtocol
import PressworkStore

extension CoordinatorLoop {
    /// Answers the dashboard requests the HTTP thread handed over. Reads are answered at once; actions
    /// after this turn's commit, like a client's replies.
    mutating func serveDashboard(now: Double) {
        guard let board else { return }
        for (call, pending) in board.takeCalls() {
            if outage != nil, !call.answersFromMemory {
                pending.complete(
                    HTTPResponse(status: 503, body: "the store is unreachable; try again when it is back\n"))
                continue
            }
            do {
                let (response, afterCommit) = try answer(call, now: now)
                if afterCommit {
                    turn.httpReplies.append((pending, response))
                } else {
                    pending.complete(response)
                }
            } catch let error as StoreError {
                logger.error("dashboard request failed", metadata: [LogKey.error: "\(error)"])
                pending.complete(HTTPResponse(status: 503, body: "store error: \(error.message)\n"))
            } catch {
                pending.complete(HTTPResponse(status: 500, body: "\(error)\n"))
            }
        }
    }

    /// The answer to one call, and whether it must wait for the commit.
    private mutating func answer(_ call: DashboardCall, now: Double) throws -> (HTTPResponse, Bool) {
        switch call {
        case .jobs(let query, let before, let limit):
            let page = try store.listJobs(query, before: before, limit: limit)
            return (
                StatusEndpoints.json(JobListPage(jobs: page.jobs, next: page.jobs.count == limit ? page.last : nil)),
                false
            )
        case .job(let id):
            guard let info = try store.jobInfo(id) else {
                return (HTTPResponse(status: 404, body: "no job \(id)\n"), false)
            }
            var object = JSONObjectWriter()
            guard let job = try? StableJSON.encode(info, pretty: false) else {
                return (HTTPResponse(status: 500, body: "cannot encode the job\n"), false)
            }
            object.raw("job", [UInt8](job))
            if let running = machine.running(id, now: now), let encoded = try? StableJSON.encode(running, pretty: false)
            {
                object.raw("running", [UInt8](encoded))
            }
            // The document is stored JSON: passed through as it is.
            if let document = try store.document(of: id) { object.raw("document", document) }
            return (HTTPResponse(status: 200, contentType: "application/json", body: object.bytes() + [0x0A]), false)
        case .running(let limit):
            return (StatusEndpoints.json(RunningJobs(jobs: Array(machine.runningJobs(now: now).prefix(limit)))), false)
        case .failures:
            let codes = try store.deadCodes(limit: 100).map { DeadCode(code: $0.code, jobs: $0.jobs) }
            let hours = activity.failuresByHour.map {
                FailureHour(
                    hourStart: Timestamp.iso8601(Double($0.hour) * 3_600),
                    attempts: $0.codes.map { DeadCode(code: $0.key, jobs: $0.value) }.sorted { $0.jobs > $1.jobs })
            }
            return (
                StatusEndpoints.json(
                    FailureSummary(deadByCode: codes, attemptsByHour: hours, recent: activity.recentFailures)), false
            )
        case .retry(let selection):
            let ids = try jobs(in: selection)
            let requeued = try revive(ids, now: now)
            logger.info("jobs requeued from the dashboard", metadata: [LogKey.count: "\(requeued)"])
            return (StatusEndpoints.json(ActionResult(matched: ids.count, changed: requeued)), true)
        case .delete(let selection):
            let ids = try jobs(in: selection)
            let purged =
                ids.isEmpty
                ? PurgedRows(jobs: 0, bodies: 0, more: false)
                : try store.purge(
                    before: Timestamp.now() + 1, bodiesOnly: false, matching: nil, only: ids, limit: ids.count)
            logger.info("finished jobs deleted from the dashboard", metadata: [LogKey.count: "\(purged.jobs)"])
            return (StatusEndpoints.json(ActionResult(matched: ids.count, changed: purged.jobs)), true)
        case .cancel(let ids):
            let actions = machine.onCancel(Revival.unique(ids), now: now)
            let cancelled = actions.filter { if case .cancel = $0 { true } else { false } }.count
            perform(actions, now: now)
            logger.info("jobs cancelled from the dashboard", metadata: [LogKey.count: "\(cancelled)"])
            return (StatusEndpoints.json(ActionResult(matched: ids.count, changed: cancelled)), true)
        case .drain(let worker):
            guard machine.isRegistered(worker) else {
                return (HTTPResponse(status: 404, body: "no worker \(worker) registered\n"), false)
            }
            perform(machine.onDraining(from: worker, now: now), now: now)
            logger.info("worker drained from the dashboard", metadata: [LogKey.worker: "\(worker)"])
            return (StatusEndpoints.json(ActionResult(matched: 1, changed: 1)), false)
        }
    }

    /// The ids a selection names: as given, or every dead job whose last attempt failed with the code.
    private func jobs(in selection: DashboardSelection) throws -> [String] {
        switch selection {
        case .ids(let ids): return Revival.unique(ids)
        case .deadWithCode(let code):
            var query = JobListQuery()
            query.state = .dead
            query.code = code
            var ids: [String] = []
            var before: Int64?
            // Bounded: one action reaches at most this many jobs; the page says when more remain.
            while ids.count < StatusEndpoints.maxSelection {
                let page = try store.listJobs(query, before: before, limit: 200)
                ids += page.jobs.map(\.id)
                guard page.jobs.count == 200, let last = page.last else { break }
                before = last
            }
            return Array(ids.prefix(StatusEndpoints.maxSelection))
        }
    }
}

extension DashboardCall {
    /// Whether the machine alone can answer it (no store), so it is answered during a store outage too.
    var answersFromMemory: Bool {
        switch self {
        case .running, .drain: true
        default: false
        }
    }
}

/// `GET /api/jobs`: a page of jobs and the cursor of the next one (absent on the last page).
struct JobListPage: Encodable {
    var jobs: [JobSummary]
    var next: Int64?
}

/// `GET /api/running`.
struct RunningJobs: Encodable {
    var jobs: [RunningJob]
}

/// A job in flight, as the machine sees it.
struct RunningJob: Encodable, Sendable {
    var job: String
    var worker: String
    var attempt: Int
    /// Seconds since it was sent to the worker.
    var runningSeconds: Double
    /// Seconds until its lease expires (negative: expired, the worker still holds it).
    var leaseLeftSeconds: Double
}

/// `GET /api/failures`.
struct FailureSummary: Encodable {
    var deadByCode: [DeadCode]
    /// Failed attempts per code in each hour of the last 24 (since the coordinator started), oldest first.
    var attemptsByHour: [FailureHour]
    var recent: [ClusterStatus.Failure]
}

struct FailureHour: Encodable {
    var hourStart: String
    /// `jobs` counts failed attempts here.
    var attempts: [DeadCode]
}

struct DeadCode: Encodable {
    var code: String
    var jobs: Int
}

/// What an action did: how many jobs it named, how many it changed (requeued, deleted, cancelled).
struct ActionResult: Encodable {
    var matched: Int
    var changed: Int
}

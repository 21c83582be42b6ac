import PressworkStore

/// A dashboard request that needs the loop (the store, the machine, or a journaled change), as the HTTP
/// thread parsed it. The loop answers each with JSON (`DashboardAPI` documents the shapes).
enum DashboardCall: Sendable {
    /// `GET /api/jobs`: a page of the job list, newest first, after the cursor `before`.
    case jobs(JobListQuery, before: Int64?, limit: Int)
    /// `GET /api/jobs/ID`: the job, its attempts and its result document.
    case job(String)
    /// `GET /api/running`: jobs in flight, oldest first.
    case running(limit: Int)
    /// `GET /api/failures`: dead jobs per failure code.
    case failures
    /// `POST /api/jobs/ID/retry`, `POST /api/jobs/retry`: dead jobs requeued, by id or all with a code.
    case retry(DashboardSelection)
    /// `DELETE /api/jobs/ID`, `POST /api/jobs/delete`: finished jobs deleted with their results.
    case delete(DashboardSelection)
    /// `POST /api/jobs/ID/cancel`: unfinished jobs cancelled.
    case cancel([String])
    /// `POST /api/workers/ID/drain`: the worker gets no new jobs (until it registers again).
    case drain(worker: String)
}

/// Which jobs an action applies to.
enum DashboardSelection: Sendable, Hashable {
    case ids([String])
    /// Every dead job whose last failed attempt has this code.
    case deadWithCode(String)
}

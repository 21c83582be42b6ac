import PressworkProtocol

/// What the coordinator needs of a store: the journal of its jobs, their article bodies and their result
/// documents. `JobStore` (SQLite in the data directory) is the embedded one. Every method is called from the
/// coordinator's loop thread; `STORE.md` gives the semantics each must keep (a change list commits whole or
/// not at all, a job has at most one result, finished rows never move back).
public protocol JournalStore: AnyObject, Sendable {
    /// Where the store is, for logs and messages (a file path; never a password).
    var location: String { get }
    /// A path on the disk the store writes to, for the free-space check before accepting work; nil when the
    /// store is not on this machine.
    var localPath: String? { get }
    /// What every job id this coordinator issues ends with ("" for a store of its own; a name when several
    /// coordinators share the store, so their ids never collide).
    var jobIdSuffix: String { get }
    /// Whether `error` is the store being out of reach for a while (a database connection lost), after which
    /// the same changes may be applied again; false for the embedded store, whose failures are for good.
    func isOutage(_ error: StoreError) -> Bool
    /// Reaches the store (reconnecting if needed), to tell whether an outage is over.
    func checkReachable() throws(StoreError)

    // Journal
    func apply(_ changes: [JournalChange], now: Double) throws(StoreError)
    /// Whether a `RESULT`'s document can be stored as it is; throws only when the store cannot be asked (an
    /// outage), so a worker's result is never refused for the store's fault.
    func isValidDocument(_ document: [UInt8]) throws(StoreError) -> Bool
    @discardableResult func releaseLeases(now: Double) throws(StoreError) -> Int

    // Start-up
    func unfinishedJobs() throws(StoreError) -> [UnfinishedJob]
    func pendingSubmissions() throws(StoreError) -> [PendingSubmission]
    func counts() throws(StoreError) -> [JobState: Int]
    func newestJobId() throws(StoreError) -> String?

    // Jobs
    func payload(of job: String) throws(StoreError) -> StoredArticle?
    func submission(key: String) throws(StoreError) -> [String]?
    func jobInfo(_ job: String) throws(StoreError) -> JobInfo?
    func states(of jobs: [String]) throws(StoreError) -> [JobState]
    func deadJobs(limit: Int) throws(StoreError) -> [JobInfo]
    func existingJobs(withKeys keys: [String], by rule: Submit.Dedupe) throws(StoreError) -> [String: String]
    func submitters(of jobs: [String]) throws(StoreError) -> [String: String]
    /// The host each fetch job among `jobs` fetches from; jobs that carry their article are absent.
    func fetchHosts(of jobs: [String]) throws(StoreError) -> [String: String]
    func unfinishedJobs(inBatch batch: String, client: String?, limit: Int) throws(StoreError) -> [String]
    func unfinishedJobCount(inBatch batch: String, notSubmittedBy client: String) throws(StoreError) -> Int
    func recentBatches(limit: Int, window: Int) throws(StoreError) -> [ClusterStatus.Batch]

    // Results
    func document(of job: String) throws(StoreError) -> [UInt8]?
    func results(after: Int64?, limit: Int) throws(StoreError) -> (documents: [[UInt8]], last: Int64?)
    func results(matching query: ResultQuery, after: Int64?, limit: Int) throws(StoreError) -> (
        documents: [[UInt8]], last: Int64?
    )
    func jobs(in states: [JobState], matching query: ResultQuery, after: Int64?, limit: Int) throws(StoreError) -> (
        documents: [[UInt8]], last: Int64?
    )
    func reprocessCandidates(matching query: ResultQuery, after: Int64?, through: Int64, limit: Int)
        throws(StoreError) -> ReprocessPage
    func reprocessable(_ jobs: [String]) throws(StoreError) -> (jobs: [String], withoutBody: Int)
    func newestResult() throws(StoreError) -> Int64
    func history(of job: String, limit: Int) throws(StoreError) -> [PreviousResult]

    // Retention and size
    /// The dashboard's job list (`JobStore.listJobs`) and dead jobs per failure code.
    func listJobs(_ query: JobListQuery, before: Int64?, limit: Int) throws(StoreError) -> (
        jobs: [JobSummary], last: Int64?
    )
    func deadCodes(limit: Int) throws(StoreError) -> [(code: String, jobs: Int)]
    func purge(before: Double, bodiesOnly: Bool, matching query: ResultQuery?, only jobs: [String]?, limit: Int)
        throws(StoreError)
        -> PurgedRows
    func releaseFreePages() throws(StoreError)
    func size() throws(StoreError) -> (bytes: Int, freeBytes: Int)
}

extension JournalStore {
    /// Every finished job before the cutoff that `query` matches (none singled out by id).
    public func purge(before: Double, bodiesOnly: Bool, matching query: ResultQuery?, limit: Int) throws(StoreError)
        -> PurgedRows
    {
        try purge(before: before, bodiesOnly: bodiesOnly, matching: query, only: nil, limit: limit)
    }
}

extension JobStore: JournalStore {
    public var location: String { path }
    public var localPath: String? { path }
    public var jobIdSuffix: String { "" }
    public func isOutage(_ error: StoreError) -> Bool { false }
    public func checkReachable() throws(StoreError) {}
}

import PressworkProtocol

/// Who submitted what, and what the coordinator still owes each client: the rules a `SUBMIT` passes
/// before any job exists. Without I/O: the loop hands it the journal's answer for a submission key and
/// the disk's free space, and journals what it records.
///
/// - Idempotency: a `SUBMIT` with a key seen before (in this turn, or in the journal for a day) is
///   answered with the jobs it created; the same key for a different number of articles is `key-reused`.
/// - Quotas: a client (its CURVE key, else its connection) may have at most `maxPendingJobs` unfinished
///   jobs and `maxPendingBytes` of unfinished articles; a `SUBMIT` over either is refused whole
///   (`too-many-pending`). The counts are rebuilt from the journal at start-up (`restore`), so a restart
///   does not hand every client a fresh quota.
/// - Space: a `SUBMIT` that would leave less than `minFreeDiskBytes` free is refused (`storage-full`).
/// - Size: an article over `maxArticleBytes` refuses the `SUBMIT` (`too-large`).
struct SubmissionLedger {
    struct Limits {
        var maxPendingJobs: Int
        var maxPendingBytes: Int
        var maxArticleBytes: Int
        var minFreeDiskBytes: Int

        init(maxPendingJobs: Int, maxPendingBytes: Int, maxArticleBytes: Int, minFreeDiskBytes: Int) {
            self.maxPendingJobs = maxPendingJobs
            self.maxPendingBytes = maxPendingBytes
            self.maxArticleBytes = maxArticleBytes
            self.minFreeDiskBytes = minFreeDiskBytes
        }

        init(_ configuration: CoordinatorConfiguration) {
            self.init(
                maxPendingJobs: configuration.maxPendingPerClient,
                maxPendingBytes: configuration.maxPendingBytesPerClient,
                maxArticleBytes: configuration.maxArticleBytes, minFreeDiskBytes: configuration.minFreeDiskBytes)
        }
    }

    /// What to do with a `SUBMIT` that passed the rules.
    enum Admission: Equatable {
        /// Create its jobs, then `record` them.
        case create
        /// It was accepted before (its reply was lost): answer with these jobs, create nothing.
        case repeated(jobs: [String])
    }

    /// The longest submission key, in bytes.
    static let maxKeyBytes = 64

    let limits: Limits
    /// Unfinished jobs and bytes of their articles, per client; a client with none has no entry.
    private(set) var pendingJobs: [String: Int] = [:]
    private(set) var pendingBytes: [String: Int] = [:]
    /// Each unfinished job's client and article size, to give them back when it ends.
    private var owners: [String: (client: String, bytes: Int)] = [:]
    /// Keys recorded this turn: the journal has them only after the turn's commit.
    private var uncommittedKeys: [String: [String]] = [:]
    /// Dedupe keys of the jobs created this turn, per rule, for the same reason.
    private var uncommittedDedupe: [Submit.Dedupe: [String: String]] = [:]

    /// Why an article of a `SUBMIT` with `dedupe` is not queued.
    enum Duplicate: Equatable {
        /// The coordinator already has it as this job (stored or queued).
        case existing(String)
        /// The same `SUBMIT` holds it earlier, at this index.
        case earlier(Int)
    }

    init(limits: Limits) {
        self.limits = limits
    }

    /// Checks a `SUBMIT` of articles of `sizes` bytes (named by `sources` in errors) from `client`.
    /// - Parameters:
    ///   - storedJobs: the journal's jobs for a key, asked only when this turn has not seen the key.
    ///   - freeDiskBytes: free space on the store's disk, nil when it cannot be read (not checked then).
    func admit(
        key: String?, batch: String? = nil, sizes: [Int], duplicates: Set<Int> = [], sources: [String], client: String,
        freeDiskBytes: Int?, storedJobs: (String) throws -> [String]?
    ) throws -> Admission {
        if let batch, !Submit.isValidBatch(batch) {
            throw RequestError(
                code: .malformed, message: "a batch id must be 1 to \(Self.maxKeyBytes) printable ASCII characters")
        }
        if let key {
            guard (1...Self.maxKeyBytes).contains(key.utf8.count) else {
                throw RequestError(
                    code: .malformed, message: "a submission key must be 1 to \(Self.maxKeyBytes) bytes")
            }
            if let jobs = try uncommittedKeys[key] ?? storedJobs(key) {
                guard jobs.count == sizes.count else {
                    throw RequestError(
                        code: .keyReused,
                        message: "submission key \(key) was used for \(jobs.count) articles, not \(sizes.count)")
                }
                return .repeated(jobs: jobs)
            }
        }
        // Duplicates create no job: only the new articles count against the quotas and limits.
        let newSizes = sizes.enumerated().filter { !duplicates.contains($0.offset) }
        let pending = pendingJobs[client] ?? 0
        if pending + newSizes.count > limits.maxPendingJobs {
            throw RequestError(
                code: .tooManyPending,
                message:
                    "this client has \(pending) unfinished jobs and the coordinator allows \(limits.maxPendingJobs) (--max-pending-per-client); wait for some to finish",
                refusal: .clientQuota)
        }
        let incoming = newSizes.reduce(0) { $0 + $1.element }
        let bytes = pendingBytes[client] ?? 0
        if bytes + incoming > limits.maxPendingBytes {
            throw RequestError(
                code: .tooManyPending,
                message:
                    "this client has \(bytes >> 20) MiB of unfinished articles and the coordinator allows \(limits.maxPendingBytes >> 20) MiB (--max-pending-mib-per-client); wait for some to finish",
                refusal: .clientQuota)
        }
        // The journal writes each body once, plus its indexes and SQLite's own journal: twice the bytes.
        if let free = freeDiskBytes, free - 2 * incoming < limits.minFreeDiskBytes {
            throw RequestError(
                code: .storageFull,
                message:
                    "the coordinator's disk has \(free >> 20) MiB free and keeps \(limits.minFreeDiskBytes >> 20) MiB (--min-free-disk-mib); nothing was queued",
                refusal: .storageFull)
        }
        for (index, size) in newSizes where size > limits.maxArticleBytes {
            let source = index < sources.count ? sources[index] : "?"
            throw RequestError(
                code: .tooLarge,
                message: "article \(index) (\(source)) is \(size) bytes, over the limit of \(limits.maxArticleBytes)")
        }
        return .create
    }

    /// Counts a `SUBMIT`'s new jobs against its client and remembers its key for the rest of the turn,
    /// answering with `answer` (every article's job, duplicates included; the new jobs when nil).
    mutating func record(
        _ jobs: [(id: String, bytes: Int)], client: String, key: String?, answer: [String]? = nil
    ) {
        for job in jobs { take(job.id, client: client, bytes: job.bytes) }
        if let key { uncommittedKeys[key] = answer ?? jobs.map(\.id) }
    }

    /// Which articles (by their `keys` under `rule`, nil for none) the coordinator already has: in the
    /// journal (`stored` answers for a list of keys), among the jobs created this turn, or earlier in the
    /// same `SUBMIT`.
    func duplicates(
        _ keys: [String?], by rule: Submit.Dedupe, stored: ([String]) throws -> [String: String]
    ) throws -> [Int: Duplicate] {
        let journal = try stored(Array(Set(keys.compactMap { $0 })))
        let thisTurn = uncommittedDedupe[rule] ?? [:]
        var first: [String: Int] = [:]
        var found: [Int: Duplicate] = [:]
        for (index, key) in keys.enumerated() {
            guard let key else { continue }
            if let job = journal[key] ?? thisTurn[key] {
                found[index] = .existing(job)
            } else if let earlier = first[key] {
                found[index] = .earlier(earlier)
            } else {
                first[key] = index
            }
        }
        return found
    }

    /// A job created this turn, under each of its dedupe keys.
    mutating func recordKeys(of job: String, url: String?, articleId: String?, content: String) {
        let keys: [(Submit.Dedupe, String?)] = [(.url, url), (.articleId, articleId), (.content, content)]
        for case (let rule, let key?) in keys where uncommittedDedupe[rule]?[key] == nil {
            uncommittedDedupe[rule, default: [:]][key] = job
        }
    }

    /// A job the journal holds unfinished at start-up, counted against the client that submitted it.
    mutating func restore(_ job: String, client: String, bytes: Int) {
        take(job, client: client, bytes: bytes)
    }

    /// A job reached a final state: it no longer counts against its client.
    mutating func release(_ job: String) {
        guard let owner = owners.removeValue(forKey: job) else { return }
        let left = (pendingJobs[owner.client] ?? 1) - 1
        pendingJobs[owner.client] = left > 0 ? left : nil
        let bytesLeft = (pendingBytes[owner.client] ?? 0) - owner.bytes
        pendingBytes[owner.client] = bytesLeft > 0 ? bytesLeft : nil
    }

    /// The turn's changes are committed: keys are found in the journal from now on.
    mutating func endTurn() {
        uncommittedKeys.removeAll(keepingCapacity: true)
        uncommittedDedupe.removeAll(keepingCapacity: true)
    }

    private mutating func take(_ job: String, client: String, bytes: Int) {
        guard owners.updateValue((client, bytes), forKey: job) == nil else { return }
        pendingJobs[client, default: 0] += 1
        pendingBytes[client, default: 0] += bytes
    }
}

/// A request the coordinator refuses, answered with `ERROR`.
struct RequestError: Error, Equatable {
    var code: ErrorReply.Code
    var message: String
    /// Counted in `status` under this reason, when the refusal is one the security counters show.
    var refusal: RefusalReason?

    init(code: ErrorReply.Code, message: String, refusal: RefusalReason? = nil) {
        self.code = code
        self.message = message
        self.refusal = refusal
    }
}

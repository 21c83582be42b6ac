import Foundation
import GRDB
import PressworkProtocol

extension JobStore {
    /// Every queued or leased job, oldest first: what a restarted coordinator must still finish.
    public func unfinishedJobs() throws(StoreError) -> [UnfinishedJob] {
        try read("load unfinished jobs") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, state, attempts, max_attempts, not_before, submitted_at, priority, job_timeout,
                        \(Self.fetchHostColumn) FROM jobs
                    WHERE state IN ('queued', 'leased') ORDER BY seq
                    """
            ).map { row in
                UnfinishedJob(
                    id: row["id"], attempts: row["attempts"], maxAttempts: row["max_attempts"],
                    wasLeased: row["state"] == "leased", notBefore: row["not_before"], submittedAt: row["submitted_at"],
                    priority: JobPriority(rank: row["priority"]), jobTimeout: row["job_timeout"],
                    fetchHost: row["fetch_host"])
            }
        }
    }

    /// A job's `host` when it is a fetch job (its workers fetch from there), else NULL.
    static let fetchHostColumn =
        "CASE WHEN json_extract(article, '$.format') = 'fetch' THEN host END AS fetch_host"

    public func fetchHosts(of jobs: [String]) throws(StoreError) -> [String: String] {
        try read("look up fetch hosts") { db in
            var found: [String: String] = [:]
            for start in stride(from: 0, to: jobs.count, by: 500) {
                let chunk = Array(jobs[start..<min(jobs.count, start + 500)])
                let marks = chunk.map { _ in "?" }.joined(separator: ", ")
                for row in try Row.fetchAll(
                    db, sql: "SELECT id, \(Self.fetchHostColumn) FROM jobs WHERE id IN (\(marks))",
                    arguments: StatementArguments(chunk))
                {
                    if let host: String = row["fetch_host"] { found[row["id"]] = host }
                }
            }
            return found
        }
    }

    /// Every unfinished job that records its submitter, oldest first: what counts against each client's
    /// quota when a coordinator restarts.
    public func pendingSubmissions() throws(StoreError) -> [PendingSubmission] {
        try read("load pending submissions") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, client, body_bytes FROM jobs
                    WHERE state IN ('queued', 'leased') AND client IS NOT NULL ORDER BY seq
                    """
            ).map { PendingSubmission(job: $0["id"], client: $0["client"], bodyBytes: $0["body_bytes"]) }
        }
    }

    /// The article of a job as stored (its body possibly compressed), to send to a worker.
    public func payload(of job: String) throws(StoreError) -> StoredArticle? {
        try read("load job \(job)") { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT jobs.article, bodies.body, bodies.encoding, jobs.body_bytes
                            FROM jobs JOIN bodies USING (seq) WHERE jobs.id = ?
                            """),
                    arguments: [job])
            else { return nil }
            let article = try JSONCoding.decode(ArticleMeta.self, row[0], column: "jobs.article")
            let body: Data = row[1]
            return StoredArticle(article: article, body: [UInt8](body), encoding: row[2], bodyBytes: row[3])
        }
    }

    /// The jobs a SUBMIT with this idempotency key created, if the key is still remembered.
    public func submission(key: String) throws(StoreError) -> [String]? {
        try read("load submission \(key)") { db in
            try String.fetchOne(db, sql: "SELECT jobs FROM submissions WHERE key = ?", arguments: [key])
                .map { $0.isEmpty ? [] : $0.split(separator: " ").map(String.init) }
        }
    }

    /// One job's journal entry.
    public func jobInfo(_ job: String) throws(StoreError) -> JobInfo? {
        try read("load job \(job)") { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.infoColumns) FROM jobs WHERE id = ?", arguments: [job])
                .map(Self.info)
        }
    }

    /// One job's result document, if it is done.
    public func document(of job: String) throws(StoreError) -> [UInt8]? {
        try read("load result of \(job)") { db in
            try String.fetchOne(db, sql: "SELECT document FROM results WHERE job_id = ?", arguments: [job])
                .map { Array($0.utf8) }
        }
    }

    /// Up to `limit` result documents stored after the cursor `after`, and the cursor of the last one.
    public func results(after: Int64?, limit: Int) throws(StoreError) -> (documents: [[UInt8]], last: Int64?) {
        try read("export results") { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT seq, document FROM results WHERE seq > ? ORDER BY seq LIMIT ?",
                arguments: [after ?? 0, limit])
            let documents = rows.map { row -> [UInt8] in
                let text: String = row["document"]
                return Array(text.utf8)
            }
            return (documents, rows.last?["seq"])
        }
    }

    /// Dead jobs, oldest first, with every attempt's error.
    public func deadJobs(limit: Int) throws(StoreError) -> [JobInfo] {
        try read("list dead jobs") { db in
            try Row.fetchAll(
                db, sql: "SELECT \(Self.infoColumns) FROM jobs WHERE state = 'dead' ORDER BY seq LIMIT ?",
                arguments: [limit]
            ).map(Self.info)
        }
    }

    /// The state of each of `jobs`, in order; `.unknown` for ids not in the journal.
    public func states(of jobs: [String]) throws(StoreError) -> [JobState] {
        try read("look up job states") { db in
            var found: [String: JobState] = [:]
            // SQLite limits bound parameters; 500 per statement stays far below it.
            for start in stride(from: 0, to: jobs.count, by: 500) {
                let chunk = Array(jobs[start..<min(start + 500, jobs.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let rows = try Row.fetchAll(
                    db, sql: "SELECT id, state FROM jobs WHERE id IN (\(marks))", arguments: StatementArguments(chunk))
                for row in rows {
                    found[row["id"]] = JobState(rawValue: row["state"]) ?? .unknown
                }
            }
            return jobs.map { found[$0] ?? .unknown }
        }
    }

    /// How many jobs are in each state.
    public func counts() throws(StoreError) -> [JobState: Int] {
        try read("count jobs") { db in
            var counts: [JobState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM jobs GROUP BY state") {
                if let state = JobState(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            return counts
        }
    }

    /// The largest job id in the journal (ids are fixed-width and time-ordered), to issue only larger ones.
    public func newestJobId() throws(StoreError) -> String? {
        try read("find the newest job id") { db in try String.fetchOne(db, sql: "SELECT MAX(id) FROM jobs") }
    }

    /// How many result documents are stored (equal to the done count unless something is very wrong).
    public func resultCount() throws(StoreError) -> Int {
        try read("count results") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM results") ?? 0 }
    }

    static let infoColumns =
        "id, state, attempts, max_attempts, article, body_bytes, submitted_at, updated_at, not_before, errors, batch"

    static func info(_ row: Row) throws -> JobInfo {
        var info = JobInfo(
            id: row["id"],
            state: JobState(rawValue: row["state"]) ?? .unknown,
            attempts: row["attempts"],
            maxAttempts: row["max_attempts"],
            article: try JSONCoding.decode(ArticleMeta.self, row["article"], column: "jobs.article"),
            bodyBytes: row["body_bytes"],
            submittedAt: Timestamp.iso8601(row["submitted_at"]),
            updatedAt: Timestamp.iso8601(row["updated_at"]),
            notBefore: (row["not_before"] as Double?).map(Timestamp.iso8601),
            errors: try JSONCoding.decode([AttemptError].self, row["errors"], column: "jobs.errors")
        )
        info.batch = row["batch"]
        return info
    }
}

extension JobStore {
    /// Who submitted each of `jobs` that is in the journal (an empty string for jobs that do not record it).
    public func submitters(of jobs: [String]) throws(StoreError) -> [String: String] {
        try read("look up submitters") { db in
            var found: [String: String] = [:]
            for start in stride(from: 0, to: jobs.count, by: 500) {
                let chunk = Array(jobs[start..<min(jobs.count, start + 500)])
                let marks = chunk.map { _ in "?" }.joined(separator: ", ")
                for row in try Row.fetchAll(
                    db, sql: "SELECT id, client FROM jobs WHERE id IN (\(marks))", arguments: StatementArguments(chunk))
                {
                    found[row["id"]] = (row["client"] as String?) ?? ""
                }
            }
            return found
        }
    }

    /// The queued and running jobs of `batch`, oldest first, at most `limit`: all of them, or only those
    /// `client` submitted.
    public func unfinishedJobs(inBatch batch: String, client: String?, limit: Int) throws(StoreError) -> [String] {
        try read("list the unfinished jobs of batch \(batch)") { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT id FROM jobs WHERE batch = ? AND state IN ('queued', 'leased') AND (? IS NULL OR client = ?)
                    ORDER BY seq LIMIT ?
                    """, arguments: [batch, client, client, limit])
        }
    }

    /// How many queued and running jobs of `batch` were submitted by someone other than `client`.
    public func unfinishedJobCount(inBatch batch: String, notSubmittedBy client: String) throws(StoreError) -> Int {
        try read("count the unfinished jobs of batch \(batch)") { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM jobs WHERE batch = ? AND state IN ('queued', 'leased')
                        AND (client IS NULL OR client != ?)
                    """, arguments: [batch, client]) ?? 0
        }
    }
}

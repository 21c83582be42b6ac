import Foundation
import PressworkPostgres
import PressworkProtocol
import PressworkStore

extension PostgresStore {
    // MARK: - Start-up (this coordinator's rows)

    public func unfinishedJobs() throws(StoreError) -> [UnfinishedJob] {
        try read("load unfinished jobs") { connection in
            let rows = try connection.execute(
                """
                SELECT id, state, attempts, max_attempts, not_before, submitted_at, priority, job_timeout,
                    \(Self.fetchHostColumn) FROM jobs
                WHERE coordinator = $1 AND state IN ('queued', 'leased') ORDER BY seq
                """, [.text(coordinator)])
            return try (0..<rows.rowCount).map { row in
                UnfinishedJob(
                    id: try rows.required(rows.text(row, "id"), "id"),
                    attempts: try rows.integer(row, "attempts") ?? 0,
                    maxAttempts: try rows.integer(row, "max_attempts") ?? 1,
                    wasLeased: try rows.text(row, "state") == "leased", notBefore: try rows.number(row, "not_before"),
                    submittedAt: try rows.number(row, "submitted_at") ?? 0,
                    priority: JobPriority(rank: try rows.integer(row, "priority") ?? 1),
                    jobTimeout: try rows.number(row, "job_timeout"), fetchHost: try rows.text(row, "fetch_host"))
            }
        }
    }

    /// A job's `host` when it is a fetch job (its workers fetch from there), else NULL.
    static let fetchHostColumn = "CASE WHEN article::json ->> 'format' = 'fetch' THEN host END AS fetch_host"

    public func fetchHosts(of jobs: [String]) throws(StoreError) -> [String: String] {
        try read("look up fetch hosts") { connection in
            var found: [String: String] = [:]
            for start in stride(from: 0, to: jobs.count, by: 1_000) {
                var parameters = Parameters()
                let list = parameters.list(Array(jobs[start..<min(jobs.count, start + 1_000)]))
                let rows = try connection.execute(
                    "SELECT id, \(Self.fetchHostColumn) FROM jobs WHERE id IN (\(list))", parameters.values)
                for row in 0..<rows.rowCount {
                    if let id = try rows.text(row, "id"), let host = try rows.text(row, "fetch_host") {
                        found[id] = host
                    }
                }
            }
            return found
        }
    }

    public func pendingSubmissions() throws(StoreError) -> [PendingSubmission] {
        try read("load pending submissions") { connection in
            let rows = try connection.execute(
                """
                SELECT id, client, body_bytes FROM jobs
                WHERE coordinator = $1 AND state IN ('queued', 'leased') AND client IS NOT NULL ORDER BY seq
                """, [.text(coordinator)])
            return try (0..<rows.rowCount).map { row in
                PendingSubmission(
                    job: try rows.required(rows.text(row, "id"), "id"),
                    client: try rows.required(rows.text(row, "client"), "client"),
                    bodyBytes: try rows.integer(row, "body_bytes") ?? 0)
            }
        }
    }

    public func counts() throws(StoreError) -> [JobState: Int] {
        try read("count jobs") { connection in
            let rows = try connection.execute(
                "SELECT state, COUNT(*) AS n FROM jobs WHERE coordinator = $1 GROUP BY state", [.text(coordinator)])
            var counts: [JobState: Int] = [:]
            for row in 0..<rows.rowCount {
                if let state = try rows.text(row, "state").flatMap(JobState.init(rawValue:)) {
                    counts[state] = try rows.integer(row, "n") ?? 0
                }
            }
            return counts
        }
    }

    public func newestJobId() throws(StoreError) -> String? {
        try read("find the newest job id") { connection in
            try connection.execute("SELECT MAX(id) FROM jobs WHERE coordinator = $1", [.text(coordinator)])
                .string(row: 0, column: 0)
        }
    }

    // MARK: - Jobs

    public func payload(of job: String) throws(StoreError) -> StoredArticle? {
        try read("load job \(job)") { connection in
            let rows = try connection.execute(
                """
                SELECT j.article, b.body, b.encoding, j.body_bytes FROM jobs j JOIN bodies b ON b.seq = j.seq
                WHERE j.id = $1
                """, [.text(job)])
            guard rows.rowCount == 1 else { return nil }
            let article = try Self.decode(ArticleMeta.self, try rows.required(rows.text(0, "article"), "article"))
            return StoredArticle(
                article: article, body: try rows.required(rows.bytes(row: 0, column: 1), "body"),
                encoding: try rows.text(0, "encoding"), bodyBytes: try rows.integer(0, "body_bytes") ?? 0)
        }
    }

    public func submission(key: String) throws(StoreError) -> [String]? {
        try read("load submission \(key)") { connection in
            let rows = try connection.execute(
                "SELECT jobs FROM submissions WHERE coordinator = $1 AND key = $2", [.text(coordinator), .text(key)])
            guard rows.rowCount == 1, let jobs = try rows.text(0, "jobs") else { return nil }
            return jobs.isEmpty ? [] : jobs.split(separator: " ").map(String.init)
        }
    }

    static let infoColumns =
        "id, state, attempts, max_attempts, article, body_bytes, submitted_at, updated_at, not_before, errors::text AS errors, batch"

    static func info(_ rows: PostgresResult, _ row: Int) throws -> JobInfo {
        var info = JobInfo(
            id: try rows.required(rows.text(row, "id"), "id"),
            state: try rows.text(row, "state").flatMap(JobState.init(rawValue:)) ?? .unknown,
            attempts: try rows.integer(row, "attempts") ?? 0, maxAttempts: try rows.integer(row, "max_attempts") ?? 0,
            article: try decode(ArticleMeta.self, try rows.required(rows.text(row, "article"), "article")),
            bodyBytes: try rows.integer(row, "body_bytes") ?? 0,
            submittedAt: Timestamp.iso8601(try rows.number(row, "submitted_at") ?? 0),
            updatedAt: Timestamp.iso8601(try rows.number(row, "updated_at") ?? 0),
            notBefore: try rows.number(row, "not_before").map(Timestamp.iso8601),
            errors: try decode([AttemptError].self, try rows.text(row, "errors") ?? "[]"))
        info.batch = try rows.text(row, "batch")
        return info
    }

    public func jobInfo(_ job: String) throws(StoreError) -> JobInfo? {
        try read("load job \(job)") { connection in
            let rows = try connection.execute("SELECT \(Self.infoColumns) FROM jobs WHERE id = $1", [.text(job)])
            return rows.rowCount == 1 ? try Self.info(rows, 0) : nil
        }
    }

    public func states(of jobs: [String]) throws(StoreError) -> [JobState] {
        try read("look up job states") { connection in
            var found: [String: JobState] = [:]
            for start in stride(from: 0, to: jobs.count, by: 1_000) {
                var parameters = Parameters()
                let list = parameters.list(Array(jobs[start..<min(jobs.count, start + 1_000)]))
                let rows = try connection.execute(
                    "SELECT id, state FROM jobs WHERE id IN (\(list))", parameters.values)
                for row in 0..<rows.rowCount {
                    if let id = try rows.text(row, "id") {
                        found[id] = try rows.text(row, "state").flatMap(JobState.init(rawValue:)) ?? .unknown
                    }
                }
            }
            return jobs.map { found[$0] ?? .unknown }
        }
    }

    public func deadJobs(limit: Int) throws(StoreError) -> [JobInfo] {
        try read("list dead jobs") { connection in
            let rows = try connection.execute(
                "SELECT \(Self.infoColumns) FROM jobs WHERE coordinator = $1 AND state = 'dead' ORDER BY seq LIMIT $2",
                [.text(coordinator), .int(Int64(limit))])
            return try (0..<rows.rowCount).map { try Self.info(rows, $0) }
        }
    }

    /// Across every coordinator of the database: an article another cluster stored is a duplicate too.
    public func existingJobs(withKeys keys: [String], by rule: Submit.Dedupe) throws(StoreError) -> [String: String] {
        guard !keys.isEmpty else { return [:] }
        let column =
            switch rule {
            case .url: "url_key"
            case .articleId: "article_id"
            case .content: "body_sha256"
            }
        return try read("look up duplicates") { connection in
            var found: [String: String] = [:]
            for start in stride(from: 0, to: keys.count, by: 1_000) {
                var parameters = Parameters()
                let list = parameters.list(Array(keys[start..<min(keys.count, start + 1_000)]))
                let rows = try connection.execute(
                    """
                    SELECT \(column) AS key, id FROM jobs
                    WHERE \(column) IN (\(list)) AND state IN ('queued', 'leased', 'done') ORDER BY seq
                    """, parameters.values)
                for row in 0..<rows.rowCount {
                    if let key = try rows.text(row, "key"), found[key] == nil { found[key] = try rows.text(row, "id") }
                }
            }
            return found
        }
    }

    public func submitters(of jobs: [String]) throws(StoreError) -> [String: String] {
        try read("look up submitters") { connection in
            var found: [String: String] = [:]
            for start in stride(from: 0, to: jobs.count, by: 1_000) {
                var parameters = Parameters()
                let list = parameters.list(Array(jobs[start..<min(jobs.count, start + 1_000)]))
                let rows = try connection.execute(
                    "SELECT id, client FROM jobs WHERE id IN (\(list))", parameters.values)
                for row in 0..<rows.rowCount {
                    if let id = try rows.text(row, "id") { found[id] = try rows.text(row, "client") ?? "" }
                }
            }
            return found
        }
    }

    public func unfinishedJobs(inBatch batch: String, client: String?, limit: Int) throws(StoreError) -> [String] {
        try read("list the unfinished jobs of batch \(batch)") { connection in
            let rows = try connection.execute(
                """
                SELECT id FROM jobs WHERE coordinator = $1 AND batch = $2 AND state IN ('queued', 'leased')
                    AND ($3::text IS NULL OR client = $3) ORDER BY seq LIMIT $4
                """, [.text(coordinator), .text(batch), client.map(PostgresValue.text), .int(Int64(limit))])
            return try (0..<rows.rowCount).compactMap { try rows.text($0, "id") }
        }
    }

    public func unfinishedJobCount(inBatch batch: String, notSubmittedBy client: String) throws(StoreError) -> Int {
        try read("count the unfinished jobs of batch \(batch)") { connection in
            try connection.execute(
                """
                SELECT COUNT(*) FROM jobs WHERE coordinator = $1 AND batch = $2 AND state IN ('queued', 'leased')
                    AND (client IS NULL OR client <> $3)
                """, [.text(coordinator), .text(batch), .text(client)]
            ).int(row: 0, column: 0).map(Int.init) ?? 0
        }
    }

    public func recentBatches(limit: Int, window: Int) throws(StoreError) -> [ClusterStatus.Batch] {
        try read("list recent batches") { connection in
            let rows = try connection.execute(
                """
                SELECT batch, MIN(submitted_at) AS first, MAX(seq) AS newest, COUNT(*) AS total,
                    COUNT(*) FILTER (WHERE state = 'queued') AS queued, COUNT(*) FILTER (WHERE state = 'leased') AS running,
                    COUNT(*) FILTER (WHERE state = 'done') AS done, COUNT(*) FILTER (WHERE state = 'dead') AS dead,
                    COUNT(*) FILTER (WHERE state = 'cancelled') AS cancelled
                FROM jobs WHERE coordinator = $1 AND batch IS NOT NULL
                    AND seq > (SELECT COALESCE(MAX(seq), 0) FROM jobs) - $2
                GROUP BY batch ORDER BY newest DESC LIMIT $3
                """, [.text(coordinator), .int(Int64(window)), .int(Int64(limit))])
            return try (0..<rows.rowCount).map { row in
                ClusterStatus.Batch(
                    batch: try rows.required(rows.text(row, "batch"), "batch"),
                    submittedAt: Timestamp.iso8601(try rows.number(row, "first") ?? 0),
                    total: try rows.integer(row, "total") ?? 0, queued: try rows.integer(row, "queued") ?? 0,
                    running: try rows.integer(row, "running") ?? 0, done: try rows.integer(row, "done") ?? 0,
                    dead: try rows.integer(row, "dead") ?? 0, cancelled: try rows.integer(row, "cancelled") ?? 0)
            }
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw StoreError(.corrupt, "a stored \(T.self) is not valid JSON", cause: error)
        }
    }
}

import Foundation
import GRDB
import PressworkProtocol

/// What the dashboard's job list asks for: every filter is optional and they combine.
public struct JobListQuery: Sendable, Hashable {
    public var state: JobState?
    /// Done jobs whose result is in this language.
    public var lang: String?
    public var pageType: String?
    /// Jobs whose latest failed attempt has this code (`undecodable`, `http-404`, `worker-lost`…).
    public var code: String?
    public var batch: String?
    /// A job id, the submitter's article id, a batch, a site (`example.com`) or URL, else words of the text.
    public var q: String?

    public init() {}
}

/// One row of the job list: enough to recognise a job and see what became of it.
public struct JobSummary: Codable, Sendable, Hashable {
    public var id: String
    public var state: JobState
    public var attempts: Int
    public var maxAttempts: Int
    public var submittedAt: String
    public var updatedAt: String
    public var source: String
    public var url: String?
    public var articleId: String?
    public var batch: String?
    public var lang: String?
    public var pageType: String?
    /// The latest failed attempt's code and message, if any attempt failed.
    public var errorCode: String?
    public var errorMessage: String?
    public var errorAt: String?

    public init(
        id: String, state: JobState, attempts: Int, maxAttempts: Int, submittedAt: String, updatedAt: String,
        source: String
    ) {
        self.id = id
        self.state = state
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.submittedAt = submittedAt
        self.updatedAt = updatedAt
        self.source = source
    }

    /// A row from the stored article and errors (JSON text as the journal keeps them).
    public static func make(
        id: String, state: String, attempts: Int, maxAttempts: Int, submittedAt: Double, updatedAt: Double,
        article: String, errors: String, batch: String?, lang: String?, pageType: String?
    ) -> JobSummary {
        let meta = try? JSONDecoder().decode(ArticleMeta.self, from: Data(article.utf8))
        var row = JobSummary(
            id: id, state: JobState(rawValue: state) ?? .unknown, attempts: attempts, maxAttempts: maxAttempts,
            submittedAt: Timestamp.iso8601(submittedAt), updatedAt: Timestamp.iso8601(updatedAt),
            source: meta?.source ?? "")
        row.url = meta?.url
        row.articleId = meta?.articleId
        row.batch = batch
        row.lang = lang
        row.pageType = pageType
        if let last = (try? JSONDecoder().decode([AttemptError].self, from: Data(errors.utf8)))?.last {
            row.errorCode = last.code
            row.errorMessage = last.message
            row.errorAt = last.at
        }
        return row
    }
}

extension JobStore {
    /// Jobs matching `query`, newest first, after the cursor `before` (a `seq` from an earlier page); and the
    /// cursor of the last row (nil when the page is empty).
    public func listJobs(_ query: JobListQuery, before: Int64?, limit: Int) throws(StoreError) -> (
        jobs: [JobSummary], last: Int64?
    ) {
        var conditions: [String] = []
        var arguments: [DatabaseValue] = []
        if let state = query.state {
            conditions.append("j.state = ?")
            arguments.append(state.rawValue.databaseValue)
        }
        // `+` keeps SQLite from driving the query by the results' language index (every result in the
        // language, then a sort): walking jobs newest first finds a page of a common language at once.
        if let lang = query.lang {
            conditions.append("+r.lang = ?")
            arguments.append(lang.databaseValue)
        }
        if let pageType = query.pageType {
            conditions.append("+r.page_type = ?")
            arguments.append(pageType.databaseValue)
        }
        if let code = query.code {
            conditions.append("json_extract(j.errors, '$[#-1].code') = ?")
            arguments.append(code.databaseValue)
        }
        if let batch = query.batch {
            conditions.append("j.batch = ?")
            arguments.append(batch.databaseValue)
        }
        if let q = query.q?.trimmingCharacters(in: .whitespaces), !q.isEmpty {
            // Each way of matching through its own index, united: an OR of them would scan every job.
            var either = [
                "SELECT seq FROM jobs WHERE id = ?", "SELECT seq FROM jobs WHERE article_id = ?",
                "SELECT seq FROM jobs WHERE batch = ?", "SELECT seq FROM jobs WHERE host = ?",
            ]
            arguments += [q, q, q, SiteName.normalized(q)].map(\.databaseValue)
            if let key = DedupeKey.url(q) {
                either.append("SELECT seq FROM jobs WHERE url_key = ?")
                arguments.append(key.databaseValue)
            }
            if let words = SearchText.query(q) {
                either.append(
                    "SELECT j2.seq FROM results r2 JOIN jobs j2 ON j2.id = r2.job_id"
                        + " WHERE r2.seq IN (SELECT rowid FROM results_text WHERE results_text MATCH ?)")
                arguments.append(words.databaseValue)
            }
            conditions.append("j.seq IN (" + either.joined(separator: " UNION ") + ")")
        }
        if let before {
            conditions.append("j.seq < ?")
            arguments.append(before.databaseValue)
        }
        arguments.append(limit.databaseValue)
        let sql = """
            SELECT j.seq, j.id, j.state, j.attempts, j.max_attempts, j.submitted_at, j.updated_at, j.article,
                j.errors, j.batch, r.lang, r.page_type
            FROM jobs j LEFT JOIN results r ON r.job_id = j.id
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY j.seq DESC LIMIT ?
            """
        return try read("list jobs") { db in
            let rows = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
            let jobs = rows.map { row in
                JobSummary.make(
                    id: row["id"], state: row["state"], attempts: row["attempts"], maxAttempts: row["max_attempts"],
                    submittedAt: row["submitted_at"], updatedAt: row["updated_at"], article: row["article"],
                    errors: row["errors"], batch: row["batch"], lang: row["lang"], pageType: row["page_type"])
            }
            return (jobs, rows.last.map { $0["seq"] })
        }
    }

    /// Dead jobs per code of their last failed attempt, most first.
    public func deadCodes(limit: Int) throws(StoreError) -> [(code: String, jobs: Int)] {
        try read("count dead jobs by code") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT json_extract(errors, '$[#-1].code') AS code, COUNT(*) AS jobs FROM jobs
                    WHERE state = 'dead' GROUP BY code ORDER BY jobs DESC, code LIMIT ?
                    """, arguments: [limit]
            ).map { (($0["code"] as String?) ?? "unknown", $0["jobs"]) }
        }
    }
}

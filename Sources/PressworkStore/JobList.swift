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
    /// Jobs of a site (its URL's host, `www.` ignored).
    public var site: String?
    /// Submitted at or after `since` and before `until` (seconds since 1970).
    public var since: Double?
    public var until: Double?
    /// A job id, the submitter's article id, a batch, a site (`example.com`) or URL, or words of the text
    /// (among the newest `JobStore.searchLimit` results that have them).
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
        let meta =
            ArticleMeta.fastDecode(Array(article.utf8))
            ?? (try? JSONDecoder().decode(ArticleMeta.self, from: Data(article.utf8)))
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
        // A common language is found fastest walking jobs newest first (`+` keeps SQLite off the index: all
        // its results, then a sort); a rare one through the index. A bounded count tells which.
        if let lang = query.lang {
            conditions.append(try isCommon("lang", lang) ? "+r.lang = ?" : "r.lang = ?")
            arguments.append(lang.databaseValue)
        }
        if let pageType = query.pageType {
            conditions.append(try isCommon("page_type", pageType) ? "+r.page_type = ?" : "r.page_type = ?")
            arguments.append(pageType.databaseValue)
        }
        if let code = query.code {
            // Through the index of the last error's code (a rare code would otherwise scan every job).
            conditions.append(
                "j.errors != '[]' AND \(Self.lastErrorCode.replacingOccurrences(of: "errors", with: "j.errors")) = ?")
            arguments.append(code.databaseValue)
        }
        if let batch = query.batch {
            conditions.append("j.batch = ?")
            arguments.append(batch.databaseValue)
        }
        if let site = query.site {
            conditions.append("j.host = ?")
            arguments.append(SiteName.normalized(site).databaseValue)
        }
        if let since = query.since {
            conditions.append("j.submitted_at >= ?")
            arguments.append(since.databaseValue)
        }
        if let until = query.until {
            conditions.append("j.submitted_at < ?")
            arguments.append(until.databaseValue)
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
                // The newest matches only: a common word would otherwise unite and sort most of the store.
                either.append(
                    "SELECT j2.seq FROM results r2 JOIN jobs j2 ON j2.id = r2.job_id WHERE r2.seq IN"
                        + " (SELECT rowid FROM results_text WHERE results_text MATCH ? ORDER BY rowid DESC LIMIT \(Self.searchLimit))"
                )
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

    /// The expression of the last failed attempt's code, as `jobs_by_last_error` indexes it.
    static let lastErrorCode = "json_extract(errors, '$[#-1].code')"

    /// Whether at least `commonRows` results have `value` in `column` (counted through its index, bounded).
    private func isCommon(_ column: String, _ value: String) throws(StoreError) -> Bool {
        try read("count results by \(column)") { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM (SELECT 1 FROM results WHERE \(column) = ? LIMIT \(Self.commonRows))",
                arguments: [value]) ?? 0
        } >= Self.commonRows
    }

    static let commonRows = 5_000

    /// The most matches of a text search the job list goes through (the newest results first); `export
    /// --search` finds every one.
    public static let searchLimit = 10_000

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

import Foundation
import GRDB
import PressworkProtocol

/// A page of done jobs to process again.
public struct ReprocessPage: Sendable, Hashable {
    /// Done jobs whose article body is still stored, in result order.
    public var jobs: [String]
    /// Matching done jobs whose body was purged (`--keep-bodies`, `purge --bodies-only`): they cannot run again.
    public var withoutBody: Int
    /// The result cursor of the last matching row looked at; the next page starts after it.
    public var last: Int64?
    /// Whether more rows may match.
    public var more: Bool

    public init(jobs: [String], withoutBody: Int, last: Int64?, more: Bool) {
        self.jobs = jobs
        self.withoutBody = withoutBody
        self.last = last
        self.more = more
    }
}

/// A document a job's re-processing replaced.
public struct PreviousResult: Sendable, Hashable {
    public var document: [UInt8]
    /// When it was stored and when it was replaced, seconds since 1970.
    public var storedAt: Double
    public var replacedAt: Double

    public init(document: [UInt8], storedAt: Double, replacedAt: Double) {
        self.document = document
        self.storedAt = storedAt
        self.replacedAt = replacedAt
    }
}

extension JobStore {
    /// Done jobs whose result matches `query`, stored after the cursor `after` and at or before `through` (the
    /// newest result when the re-processing began, so the new results it brings are not picked again), at most
    /// `limit` rows looked at.
    public func reprocessCandidates(matching query: ResultQuery, after: Int64?, through: Int64, limit: Int)
        throws(StoreError) -> ReprocessPage
    {
        let (conditions, filterArguments) = Self.resultConditions(query)
        let sql = """
            SELECT r.seq, r.job_id, EXISTS (SELECT 1 FROM bodies b WHERE b.seq = j.seq) AS has_body
            FROM results r JOIN jobs j ON j.id = r.job_id
            WHERE r.seq > ? AND r.seq <= ? AND j.state = 'done' AND \(conditions.joined(separator: " AND "))
            ORDER BY r.seq LIMIT ?
            """
        let bound = StatementArguments(
            [(after ?? 0).databaseValue, through.databaseValue] + filterArguments + [(limit + 1).databaseValue])
        return try read("find results to process again") { db in
            let rows = try Row.fetchAll(db, sql: sql, arguments: bound)
            let page = rows.prefix(limit)
            return ReprocessPage(
                jobs: page.filter { $0["has_body"] as Bool }.map { $0["job_id"] },
                withoutBody: page.filter { !($0["has_body"] as Bool) }.count, last: page.last?["seq"],
                more: rows.count > limit)
        }
    }

    /// Of the named jobs, those done with their body still stored (others: not done or unknown, or no body).
    public func reprocessable(_ jobs: [String]) throws(StoreError) -> (jobs: [String], withoutBody: Int) {
        try read("check jobs to process again") { db in
            var ready: Set<String> = []
            var withoutBody = 0
            for start in stride(from: 0, to: jobs.count, by: 500) {
                let chunk = Array(jobs[start..<min(jobs.count, start + 500)])
                let marks = chunk.map { _ in "?" }.joined(separator: ", ")
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT j.id, EXISTS (SELECT 1 FROM bodies b WHERE b.seq = j.seq) AS has_body FROM jobs j
                        WHERE j.state = 'done' AND j.id IN (\(marks))
                        """, arguments: StatementArguments(chunk))
                for row in rows {
                    if row["has_body"] as Bool { ready.insert(row["id"]) } else { withoutBody += 1 }
                }
            }
            return (jobs.filter { ready.contains($0) }, withoutBody)
        }
    }

    /// The cursor of the newest stored result (0 when there is none).
    public func newestResult() throws(StoreError) -> Int64 {
        try read("find the newest result") { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM results") ?? 0 }
    }

    /// The documents re-processing replaced for `job`, newest first, at most `limit`.
    public func history(of job: String, limit: Int) throws(StoreError) -> [PreviousResult] {
        try read("load the history of \(job)") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT document, stored_at, replaced_at FROM results_history WHERE job_id = ?
                    ORDER BY seq DESC LIMIT ?
                    """, arguments: [job, limit]
            ).map { row in
                let text: String = row["document"]
                return PreviousResult(
                    document: Array(text.utf8), storedAt: row["stored_at"], replacedAt: row["replaced_at"])
            }
        }
    }
}

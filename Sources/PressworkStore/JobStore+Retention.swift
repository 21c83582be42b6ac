import Foundation
import GRDB
import PressworkProtocol

/// What `purge` deleted.
public struct PurgedRows: Sendable, Hashable {
    public var jobs: Int
    public var bodies: Int
    /// Replaced results (from re-processing) deleted.
    public var history = 0
    /// Whether more rows match (only `limit` were deleted).
    public var more: Bool

    public init(jobs: Int, bodies: Int, history: Int = 0, more: Bool) {
        self.jobs = jobs
        self.bodies = bodies
        self.history = history
        self.more = more
    }
}

extension JobStore {
    /// Deletes finished jobs (done, dead or cancelled) last changed before `before` (seconds since 1970), at most
    /// `limit`, oldest first: with `bodiesOnly` their article bodies only, else the jobs with their bodies,
    /// results, search entries and replaced results; and, without a query, results that re-processing replaced
    /// before `before`. With a query, only done jobs whose result matches. Unfinished jobs are
    /// never touched. Freed pages go back to the file system on stores created with incremental vacuum.
    /// - Parameter selected: only these jobs (those of them that are finished), when given.
    public func purge(
        before: Double, bodiesOnly: Bool, matching query: ResultQuery?, only selected: [String]?, limit: Int
    ) throws(StoreError) -> PurgedRows {
        var conditions = ["j.state IN ('done', 'dead', 'cancelled')", "j.updated_at < ?"]
        var arguments: [DatabaseValue] = [before.databaseValue]
        if let selected {
            conditions.append("j.id IN (\(selected.map { _ in "?" }.joined(separator: ", ")))")
            arguments += selected.map(\.databaseValue)
        }
        if bodiesOnly { conditions.append("EXISTS (SELECT 1 FROM bodies b WHERE b.seq = j.seq)") }
        if let query {
            // The result filters, over the done jobs that have a result.
            let (resultConditions, resultArguments) = Self.resultConditions(query)
            conditions.append(
                "j.id IN (SELECT r.job_id FROM results r JOIN jobs j ON j.id = r.job_id WHERE "
                    + resultConditions.joined(separator: " AND ") + ")")
            arguments += resultArguments
        }
        let select =
            "SELECT j.seq, j.id FROM jobs j WHERE \(conditions.joined(separator: " AND ")) ORDER BY j.seq LIMIT ?"
        arguments.append((limit + 1).databaseValue)
        let bound = StatementArguments(arguments)
        return try write("purge finished jobs") { db in
            let rows = try Row.fetchAll(db, sql: select, arguments: bound)
            let chosen = rows.prefix(limit)
            var bodies = 0
            var jobs = 0
            for row in chosen {
                let seq: Int64 = row["seq"]
                let id: String = row["id"]
                try db.execute(sql: "DELETE FROM bodies WHERE seq = ?", arguments: [seq])
                bodies += db.changesCount
                guard !bodiesOnly else { continue }
                if let result = try Int64.fetchOne(db, sql: "SELECT seq FROM results WHERE job_id = ?", arguments: [id])
                {
                    try db.execute(sql: "DELETE FROM results_text WHERE rowid = ?", arguments: [result])
                    try db.execute(sql: "DELETE FROM results WHERE seq = ?", arguments: [result])
                }
                try db.execute(sql: "DELETE FROM results_history WHERE job_id = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM jobs WHERE seq = ?", arguments: [seq])
                jobs += db.changesCount
            }
            var more = rows.count > limit
            var history = 0
            if !bodiesOnly && query == nil && selected == nil {
                // Documents that re-processing replaced before the cutoff go too, the job itself staying.
                try db.execute(
                    sql: """
                        DELETE FROM results_history WHERE seq IN (
                            SELECT seq FROM results_history WHERE replaced_at < ? ORDER BY seq LIMIT ?)
                        """, arguments: [before, limit])
                history = db.changesCount
                more = more || history == limit
            }
            return PurgedRows(jobs: jobs, bodies: bodies, history: history, more: more)
        }
    }

    /// Gives free pages back to the file system (stores created with `auto_vacuum = INCREMENTAL`); a no-op
    /// on older stores, where SQLite reuses the free pages for new rows instead.
    public func releaseFreePages() throws(StoreError) {
        try write("release free pages") { db in try db.execute(sql: "PRAGMA incremental_vacuum") }
    }

    /// The database file's size and the part of it that is free pages, in bytes.
    public func size() throws(StoreError) -> (bytes: Int, freeBytes: Int) {
        try read("measure the store") { db in
            let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let free = try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
            return (pages * pageSize, free * pageSize)
        }
    }
}

import Foundation
import GRDB
import PressworkProtocol

/// Which results to list or export. Every condition given must hold; an empty query matches everything.
public struct ResultQuery: Sendable, Hashable {
    /// Language codes (`kk`, `zh-Hant`); any of them.
    public var languages: [String] = []
    /// Page types (`article`, `forum`); any of them.
    public var pageTypes: [String] = []
    /// A site: the host of the article's URL (`example.com` also matches `news.example.com`) or the
    /// document's `siteName`, compared without case and without a leading `www.`.
    public var site: String?
    /// Publication dates as the documents write them (`2026-12-01` or a full ISO 8601 time), inclusive;
    /// a date alone covers its whole day. Results without a date are left out when either is given.
    public var publishedSince: String?
    public var publishedUntil: String?
    /// When the result was stored, wall-clock seconds since 1970: `storedSince` ≤ time < `storedUntil`.
    public var storedSince: Double?
    public var storedUntil: Double?
    /// One `presswork submit`'s batch id.
    public var batch: String?
    /// Words that must all appear in the title or text, without case: a word also finds longer words it
    /// begins (`storm`, `storms`), and words of scripts without spaces are found inside longer runs.
    public var search: String?

    public init() {}

    /// Whether a job's row must be joined (its batch or its URL's host are asked for).
    var needsJobs: Bool { batch != nil || site != nil }
}

/// A site's name as the store keeps it: lower case, without a leading `www.`.
public enum SiteName {
    public static func normalized(_ name: String) -> String {
        let lower = name.lowercased()
        return lower.hasPrefix("www.") ? String(lower.dropFirst(4)) : lower
    }

    /// The normalized host of an `http(s)` URL, nil when it has none.
    public static func host(ofURL url: String) -> String? {
        guard let host = URLComponents(string: url)?.host, !host.isEmpty else { return nil }
        return normalized(host)
    }
}

extension JobStore {
    /// Result documents matching `query`, in storage order after the cursor `after`, at most `limit`; and the
    /// cursor of the last one (nil when the page is empty).
    public func results(matching query: ResultQuery, after: Int64?, limit: Int) throws(StoreError) -> (
        documents: [[UInt8]], last: Int64?
    ) {
        let (conditions, filterArguments) = Self.resultConditions(query)
        let join = query.needsJobs ? " JOIN jobs j ON j.id = r.job_id" : ""
        let sql =
            "SELECT r.seq, r.document FROM results r\(join) WHERE "
            + (["r.seq > ?"] + conditions).joined(separator: " AND ") + " ORDER BY r.seq LIMIT ?"
        let bound = StatementArguments([(after ?? 0).databaseValue] + filterArguments + [limit.databaseValue])
        return try read("query results") { db in
            let rows = try Row.fetchAll(db, sql: sql, arguments: bound)
            let documents = rows.map { row -> [UInt8] in
                let text: String = row["document"]
                return Array(text.utf8)
            }
            return (documents, rows.last?["seq"])
        }
    }

    /// The SQL conditions of `query` over `results r` (and `jobs j`, joined when `needsJobs`), with their
    /// arguments; `1` when the query asks nothing.
    static func resultConditions(_ query: ResultQuery) -> (conditions: [String], arguments: [DatabaseValue]) {
        var conditions: [String] = []
        var arguments: [DatabaseValue] = []
        func placeholders(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }
        if !query.languages.isEmpty {
            conditions.append("r.lang IN (\(placeholders(query.languages.count)))")
            arguments += query.languages.map(\.databaseValue)
        }
        if !query.pageTypes.isEmpty {
            conditions.append("r.page_type IN (\(placeholders(query.pageTypes.count)))")
            arguments += query.pageTypes.map(\.databaseValue)
        }
        if let site = query.site.map(SiteName.normalized) {
            conditions.append("(j.host = ? OR j.host LIKE ? ESCAPE '\\' OR r.site_name = ? OR r.site_name = ?)")
            arguments += [site, "%." + SearchText.likeEscaped(site), site, "www." + site].map(\.databaseValue)
        }
        if let since = query.publishedSince {
            conditions.append("r.published >= ?")
            arguments.append(since.databaseValue)
        }
        if let until = query.publishedUntil {
            // A date alone takes its whole day: every time on it sorts before the date followed by "~".
            conditions.append("r.published <= ?")
            arguments.append((until.count == 10 ? until + "~" : until).databaseValue)
        }
        if let since = query.storedSince {
            conditions.append("r.stored_at >= ?")
            arguments.append(since.databaseValue)
        }
        if let until = query.storedUntil {
            conditions.append("r.stored_at < ?")
            arguments.append(until.databaseValue)
        }
        if let batch = query.batch {
            conditions.append("j.batch = ?")
            arguments.append(batch.databaseValue)
        }
        if let search = query.search, !search.allSatisfy(\.isWhitespace) {
            // A search with nothing to look for (only punctuation) matches nothing rather than everything.
            conditions.append("r.seq IN (SELECT rowid FROM results_text WHERE results_text MATCH ?)")
            arguments.append((SearchText.query(search) ?? "\"\"").databaseValue)
        }
        return (conditions.isEmpty ? ["1"] : conditions, arguments)
    }

}

extension JobStore {
    /// The most recent batches, newest first, with their jobs counted by state. Only the last
    /// `window` jobs are looked at, so the cost stays bounded however large the journal grows.
    public func recentBatches(limit: Int = 10, window: Int = 100_000) throws(StoreError) -> [ClusterStatus.Batch] {
        try read("list recent batches") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT batch, MIN(submitted_at) AS first, MAX(seq) AS newest, COUNT(*) AS total,
                        SUM(state = 'queued') AS queued, SUM(state = 'leased') AS running,
                        SUM(state = 'done') AS done, SUM(state = 'dead') AS dead,
                        SUM(state = 'cancelled') AS cancelled
                    FROM jobs WHERE batch IS NOT NULL AND seq > (SELECT COALESCE(MAX(seq), 0) FROM jobs) - ?
                    GROUP BY batch ORDER BY newest DESC LIMIT ?
                    """, arguments: [window, limit]
            ).map { row in
                ClusterStatus.Batch(
                    batch: row["batch"], submittedAt: Timestamp.iso8601(row["first"]), total: row["total"],
                    queued: row["queued"], running: row["running"], done: row["done"], dead: row["dead"],
                    cancelled: row["cancelled"])
            }
        }
    }
}

extension JobStore {
    /// Jobs in one of `states` (`queued` includes jobs waiting out a back-off, `leased` is running) that
    /// match the job-level parts of `query` (batch, site by URL host, `storedSince`/`storedUntil` applied
    /// to the job's last change), in journal order after the cursor `after`; each as its `JobInfo` JSON.
    public func jobs(in states: [JobState], matching query: ResultQuery, after: Int64?, limit: Int)
        throws(StoreError) -> (documents: [[UInt8]], last: Int64?)
    {
        var conditions = ["seq > ?", "state IN (\(states.map { _ in "?" }.joined(separator: ", ")))"]
        var arguments: [DatabaseValue] = [(after ?? 0).databaseValue] + states.map(\.rawValue.databaseValue)
        if let batch = query.batch {
            conditions.append("batch = ?")
            arguments.append(batch.databaseValue)
        }
        if let site = query.site.map(SiteName.normalized) {
            conditions.append("(host = ? OR host LIKE ? ESCAPE '\\')")
            arguments += [site.databaseValue, ("%." + SearchText.likeEscaped(site)).databaseValue]
        }
        if let since = query.storedSince {
            conditions.append("updated_at >= ?")
            arguments.append(since.databaseValue)
        }
        if let until = query.storedUntil {
            conditions.append("updated_at < ?")
            arguments.append(until.databaseValue)
        }
        let sql =
            "SELECT seq, \(Self.infoColumns) FROM jobs WHERE \(conditions.joined(separator: " AND ")) ORDER BY seq LIMIT ?"
        arguments.append(limit.databaseValue)
        let bound = StatementArguments(arguments)
        return try read("list jobs") { db in
            let rows = try Row.fetchAll(db, sql: sql, arguments: bound)
            let documents = try rows.map { [UInt8](try StableJSON.encode(try Self.info($0), pretty: false)) }
            return (documents, rows.last?["seq"])
        }
    }
}

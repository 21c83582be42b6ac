import Foundation
import GRDB
import PressworkProtocol

extension JobStore {
    /// Commits `changes` in one transaction: all of them or none.
    ///
    /// A batch that holds something a client is told about (new jobs and their submission keys, revived
    /// jobs) is on disk when this returns (`synchronous = FULL`). Other batches (leases, results, retries)
    /// commit with `synchronous = NORMAL`: in WAL mode they survive a crash of the process, and only an
    /// OS crash or power loss can take back the last of them, which makes those jobs run again
    /// (at-least-once) but loses nothing acknowledged; the next FULL commit makes them durable too. This
    /// saves an fsync on most turns of a busy coordinator.
    ///
    /// A `done` for a job that already has a result stores nothing (results are keyed by job id), so a
    /// repeated or late result can never be stored twice.
    /// - Parameter now: wall-clock seconds since 1970, stamped on every changed row.
    public func apply(_ changes: [JournalChange], now: Double) throws(StoreError) {
        guard !changes.isEmpty else { return }
        let acknowledged = changes.contains(where: \.isAcknowledged)
        do {
            try queue.writeWithoutTransaction { db in
                if acknowledged != fullSync.load(ordering: .relaxed) {
                    // Allowed only outside a transaction, hence writeWithoutTransaction.
                    try db.execute(sql: acknowledged ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
                    fullSync.store(acknowledged, ordering: .relaxed)
                }
                try db.inTransaction {
                    for change in changes {
                        try Self.apply(change, now: now, in: db)
                    }
                    return .commit
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.io, "cannot commit \(changes.count) journal changes", cause: error)
        }
    }

    // Statements are prepared once per connection and reused (GRDB's statement cache): parsing SQL was a
    // visible share of the coordinator's time per job.
    private static func apply(_ change: JournalChange, now: Double, in db: Database) throws {
        switch change {
        case .insert(let job):
            try db.cachedStatement(
                sql: """
                    INSERT INTO jobs (
                        id, state, max_attempts, article, body_bytes, submitted_at, updated_at, client, batch, host,
                        url_key, article_id, body_sha256, priority, job_timeout)
                    VALUES (?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(
                arguments: [
                    job.id, job.maxAttempts, String(decoding: job.article.jsonBytes(), as: UTF8.self),
                    job.body.count, now, now, job.client, job.batch, job.article.url.flatMap(SiteName.host(ofURL:)),
                    job.article.url.flatMap(DedupeKey.url), job.article.articleId,
                    job.bodySHA256 ?? DedupeKey.content(of: job.article, body: job.body), job.priority.rank,
                    job.jobTimeout,
                ]
            )
            try db.cachedStatement(sql: "INSERT INTO bodies (seq, body, encoding) VALUES (?, ?, ?)").execute(
                arguments: [db.lastInsertedRowID, Data(job.zstdBody ?? job.body), job.zstdBody == nil ? nil : "zstd"])
        case .submission(let key, let jobs):
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO submissions (key, jobs, accepted_at) VALUES (?, ?, ?)")
                .execute(
                    arguments: [key, jobs.joined(separator: " "), now])
        case .forgetSubmissions(let before):
            try db.cachedStatement(sql: "DELETE FROM submissions WHERE accepted_at < ?").execute(
                arguments: [before])
        case .leased(let job, let attempt, let worker):
            try db.cachedStatement(
                sql: """
                    UPDATE jobs SET state = 'leased', attempts = ?, worker = ?, not_before = NULL, updated_at = ?
                    WHERE id = ? AND state IN ('queued', 'leased')
                    """
            ).execute(
                arguments: [attempt, worker, now, job]
            )
        case .requeued(let job, let attempts, let error, let notBefore):
            try db.cachedStatement(
                sql: """
                    UPDATE jobs SET state = 'queued', worker = NULL, not_before = ?, updated_at = ?,
                        attempts = COALESCE(?, attempts),
                        errors = CASE WHEN ? IS NULL THEN errors ELSE json_insert(errors, '$[#]', json(?)) END
                    WHERE id = ? AND state IN ('queued', 'leased')
                    """
            ).execute(
                arguments: [notBefore, now, attempts, error.map(encodeText), error.map(encodeText), job]
            )
        case .done(let job, let document):
            let replacing =
                try Bool.fetchOne(
                    db.cachedStatement(sql: "SELECT reprocess FROM jobs WHERE id = ?"), arguments: [job]) ?? false
            if replacing {
                // A re-processed job: its previous result moves to the history, then the new one is stored.
                try db.cachedStatement(
                    sql: """
                        INSERT INTO results_history (job_id, document, stored_at, replaced_at)
                        SELECT job_id, document, stored_at, ? FROM results WHERE job_id = ?
                        """
                ).execute(arguments: [now, job])
                try db.cachedStatement(
                    sql: "DELETE FROM results_text WHERE rowid = (SELECT seq FROM results WHERE job_id = ?)"
                ).execute(arguments: [job])
                try db.cachedStatement(sql: "DELETE FROM results WHERE job_id = ?").execute(arguments: [job])
            }
            // Only a second result for the same job is skipped; a document that is not valid JSON fails
            // the transaction loudly (callers check `isValidDocument` first) instead of vanishing.
            try db.cachedStatement(
                sql: """
                    INSERT INTO results (job_id, document, stored_at, lang, page_type, site_name, published)
                    SELECT ?1, ?2, ?3, \(Self.documentColumns("?2")) WHERE true
                    ON CONFLICT(job_id) DO NOTHING
                    """
            ).execute(
                arguments: [job, String(decoding: document, as: UTF8.self), now]
            )
            if db.changesCount > 0 {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO results_text (rowid, title, text)
                        SELECT seq, pw_search_text(json_extract(document, '$.title')),
                            pw_search_text(json_extract(document, '$.text'))
                        FROM results WHERE seq = last_insert_rowid()
                        """
                ).execute()
            }
            try db.cachedStatement(
                sql: "UPDATE jobs SET state = 'done', not_before = NULL, reprocess = 0, updated_at = ? WHERE id = ?"
            ).execute(
                arguments: [now, job]
            )
        case .dead(let job, let error):
            try db.cachedStatement(
                sql: """
                    UPDATE jobs SET state = 'dead', worker = NULL, not_before = NULL, updated_at = ?,
                        errors = CASE WHEN ? IS NULL THEN errors ELSE json_insert(errors, '$[#]', json(?)) END
                    WHERE id = ? AND state IN ('queued', 'leased')
                    """
            ).execute(
                arguments: [now, error.map(encodeText), error.map(encodeText), job]
            )
        case .revived(let job, let maxAttempts):
            try db.cachedStatement(
                sql: """
                    UPDATE jobs SET state = 'queued', max_attempts = ?, not_before = NULL, updated_at = ?
                    WHERE id = ? AND state = 'dead'
                    """
            ).execute(
                arguments: [maxAttempts, now, job]
            )
        case .reprocess(let job, let maxAttempts):
            try db.cachedStatement(
                sql: """
                    UPDATE jobs SET state = 'queued', attempts = 0, max_attempts = ?, errors = '[]', worker = NULL,
                        not_before = NULL, priority = ?, reprocess = 1, updated_at = ?
                    WHERE id = ? AND state = 'done'
                    """
            ).execute(arguments: [maxAttempts, JobPriority.low.rank, now, job])
        case .cancelled(let job):
            try db.cachedStatement(
                sql: """
                    UPDATE jobs SET state = 'cancelled', worker = NULL, not_before = NULL, updated_at = ?
                    WHERE id = ? AND state IN ('queued', 'leased')
                    """
            ).execute(arguments: [now, job])
        }
    }

    /// Whether `document` is what the results table accepts: valid JSON (by SQLite's own rules), an object.
    public func isValidDocument(_ document: [UInt8]) -> Bool {
        // Stored as text: bytes that are not UTF-8, or a NUL that would cut the text short, would change it.
        guard !document.contains(0), let text = String(validating: document, as: UTF8.self) else { return false }
        let valid = try? queue.inDatabase { db in
            try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT CASE WHEN json_valid(?1) THEN json_type(?1) = 'object' ELSE 0 END"),
                arguments: [text])
        }
        return (valid ?? nil) ?? false
    }

    /// Puts back in the queue every job the journal shows leased: run once at start-up, when no worker
    /// can be holding a lease of this coordinator. The interrupted attempt is not counted.
    /// - Returns: how many leases were released.
    @discardableResult
    public func releaseLeases(now: Double) throws(StoreError) -> Int {
        try write("release leases") { db in
            try db.execute(
                sql: """
                    UPDATE jobs SET state = 'queued', worker = NULL, attempts = MAX(0, attempts - 1), updated_at = ?
                    WHERE state = 'leased'
                    """,
                arguments: [now])
            return db.changesCount
        }
    }

    private static func encodeText(_ error: AttemptError) -> String {
        String(decoding: JSONCoding.encode(error), as: UTF8.self)
    }
}

/// JSON for stored columns: sorted keys so rows compare byte for byte.
enum JSONCoding {
    static func encode<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Plain Codable structs of strings and integers: encoding cannot fail.
        return try! encoder.encode(value)
    }

    /// Read without Foundation when the strict reader takes it (see `JSONFrame`), else by `JSONDecoder`.
    static func decode<T: Decodable & JSONReadable>(_ type: T.Type, _ text: String, column: String) throws -> T {
        if let value = T.fastDecode(Array(text.utf8)) { return value }
        return try foundationDecode(type, text, column: column)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, column: String) throws -> T {
        try foundationDecode(type, text, column: column)
    }

    private static func foundationDecode<T: Decodable>(_ type: T.Type, _ text: String, column: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw StoreError(.corrupt, "column \(column) does not hold valid JSON", cause: error)
        }
    }
}

extension JobStore {
    /// The filter columns of a result, read from its document (`document` is the SQL expression holding it):
    /// language code, page type, site name (lower case) and publication date (`published.value`, as written).
    static func documentColumns(_ document: String) -> String {
        """
        json_extract(\(document), '$.language.code'), json_extract(\(document), '$.pageType'),
        lower(json_extract(\(document), '$.siteName')), json_extract(\(document), '$.published.value')
        """
    }

    /// `SET` assignments filling the filter columns of existing rows from their documents.
    static let resultColumnsFromDocument = """
        lang = json_extract(document, '$.language.code'), page_type = json_extract(document, '$.pageType'),
        site_name = lower(json_extract(document, '$.siteName')), published = json_extract(document, '$.published.value')
        """
}

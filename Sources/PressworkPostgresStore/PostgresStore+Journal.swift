import Foundation
import PressworkPostgres
import PressworkProtocol
import PressworkStore

extension PostgresStore {
    /// Commits `changes` in one transaction, durable when this returns (`synchronous_commit` on for every
    /// batch). The embedded store may commit leases and results lazily because a crash that takes them back
    /// takes the coordinator's memory with it; a database server crashes on its own, and a coordinator that
    /// waited its outage out must find in the journal what it remembers.
    public func apply(_ changes: [JournalChange], now: Double) throws(StoreError) {
        guard !changes.isEmpty else { return }
        // One round trip for the whole batch: its statements go in one pipeline, an implicit transaction.
        var statements = [
            PostgresStatement("SELECT set_config('synchronous_commit', 'on', true)"),
            PostgresStatement("SELECT set_config('statement_timeout', '\(Self.journalStatementTimeout)', true)"),
        ]
        for change in changes { statements += self.statements(for: change, now: now) }
        try writeInOneTrip("commit \(changes.count) journal changes", statements)
    }

    /// The statements that journal one change.
    private func statements(for change: JournalChange, now: Double) -> [PostgresStatement] {
        switch change {
        case .insert(let job):
            let url = job.article.url
            return [
                PostgresStatement(
                    """
                    WITH job AS (
                        INSERT INTO jobs (
                            id, coordinator, state, max_attempts, article, body_bytes, submitted_at, updated_at, client,
                            batch, host, url_key, article_id, body_sha256, priority, job_timeout)
                        VALUES ($1, $2, 'queued', $3, $4, $5, $6, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                        ON CONFLICT (id) DO NOTHING
                        RETURNING seq)
                    INSERT INTO bodies (seq, body, encoding) SELECT seq, $15, $16 FROM job
                    """,
                    [
                        .text(job.id), .text(coordinator), .int(Int64(job.maxAttempts)),
                        .text(String(decoding: job.article.jsonBytes(), as: UTF8.self)), .int(Int64(job.body.count)),
                        .double(now), job.client.map(PostgresValue.text), job.batch.map(PostgresValue.text),
                        url.flatMap(SiteName.host(ofURL:)).map(PostgresValue.text),
                        url.flatMap(DedupeKey.url).map(PostgresValue.text),
                        job.article.articleId.map(PostgresValue.text),
                        .text(job.bodySHA256 ?? DedupeKey.content(of: job.article, body: job.body)),
                        .int(Int64(job.priority.rank)),
                        job.jobTimeout.map(PostgresValue.double), .bytes(job.zstdBody ?? job.body),
                        job.zstdBody == nil ? nil : .text("zstd"),
                    ])
            ]
        case .submission(let key, let jobs):
            return [
                PostgresStatement(
                    """
                    INSERT INTO submissions (coordinator, key, jobs, accepted_at) VALUES ($1, $2, $3, $4)
                    ON CONFLICT DO NOTHING
                    """, [.text(coordinator), .text(key), .text(jobs.joined(separator: " ")), .double(now)])
            ]
        case .forgetSubmissions(let before):
            return [
                PostgresStatement(
                    "DELETE FROM submissions WHERE coordinator = $1 AND accepted_at < $2",
                    [.text(coordinator), .double(before)])
            ]
        case .leased(let job, let attempt, let worker):
            return [
                PostgresStatement(
                    """
                    UPDATE jobs SET state = 'leased', attempts = $1, worker = $2, not_before = NULL, updated_at = $3
                    WHERE id = $4 AND state IN ('queued', 'leased')
                    """, [.int(Int64(attempt)), .text(worker), .double(now), .text(job)])
            ]
        case .requeued(let job, let attempts, let error, let notBefore):
            return [
                PostgresStatement(
                    """
                    UPDATE jobs SET state = 'queued', worker = NULL, not_before = $1, updated_at = $2,
                        attempts = COALESCE($3, attempts),
                        errors = CASE WHEN $4::text IS NULL THEN errors ELSE errors || jsonb_build_array($4::jsonb) END
                    WHERE id = $5 AND state IN ('queued', 'leased')
                    """,
                    [
                        notBefore.map(PostgresValue.double), .double(now), attempts.map { .int(Int64($0)) },
                        error.map { .text(Self.json($0)) }, .text(job),
                    ])
            ]
        case .done(let job, let document):
            return storeResult(job, document, now: now)
        case .dead(let job, let error):
            return [
                PostgresStatement(
                    """
                    UPDATE jobs SET state = 'dead', worker = NULL, not_before = NULL, updated_at = $1,
                        errors = CASE WHEN $2::text IS NULL THEN errors ELSE errors || jsonb_build_array($2::jsonb) END
                    WHERE id = $3 AND state IN ('queued', 'leased')
                    """, [.double(now), error.map { .text(Self.json($0)) }, .text(job)])
            ]
        case .revived(let job, let maxAttempts):
            return [
                PostgresStatement(
                    """
                    UPDATE jobs SET state = 'queued', max_attempts = $1, not_before = NULL, updated_at = $2
                    WHERE id = $3 AND state = 'dead'
                    """, [.int(Int64(maxAttempts)), .double(now), .text(job)])
            ]
        case .cancelled(let job):
            return [
                PostgresStatement(
                    """
                    UPDATE jobs SET state = 'cancelled', worker = NULL, not_before = NULL, updated_at = $1
                    WHERE id = $2 AND state IN ('queued', 'leased')
                    """, [.double(now), .text(job)])
            ]
        case .reprocess(let job, let maxAttempts):
            return [
                PostgresStatement(
                    """
                    UPDATE jobs SET state = 'queued', attempts = 0, max_attempts = $1, errors = '[]', worker = NULL,
                        not_before = NULL, priority = $2, reprocess = true, updated_at = $3
                    WHERE id = $4 AND state = 'done'
                    """, [.int(Int64(maxAttempts)), .int(Int64(JobPriority.low.rank)), .double(now), .text(job)])
            ]
        }
    }

    /// A result, once per job: a second one for the same job is skipped, unless the job was queued again to
    /// be re-processed, when the old result moves to the history first.
    private func storeResult(_ job: String, _ document: [UInt8], now: Double) -> [PostgresStatement] {
        [
            PostgresStatement(
                """
                WITH old AS (
                    DELETE FROM results r USING jobs j
                    WHERE r.job_id = $1 AND j.id = $1 AND j.reprocess
                    RETURNING r.job_id, r.document, r.stored_at)
                INSERT INTO results_history (job_id, document, stored_at, replaced_at)
                SELECT job_id, document, stored_at, $2 FROM old
                """, [.text(job), .double(now)]),
            PostgresStatement(
                Self.insertResult + " ON CONFLICT (job_id) DO NOTHING",
                [.text(job), .text(String(decoding: document, as: UTF8.self)), .double(now)]),
            PostgresStatement(
                "UPDATE jobs SET state = 'done', not_before = NULL, reprocess = false, updated_at = $1 WHERE id = $2",
                [.double(now), .text(job)]),
        ]
    }

    /// Stores a result ($1 job, $2 document, $3 stored at) with its filter columns and search vector, all
    /// read from the document by the server.
    static let insertResult = """
        INSERT INTO results (job_id, document, stored_at, lang, page_type, site_name, published, search)
        SELECT $1, d, $3, d -> 'language' ->> 'code', d ->> 'pageType', lower(d ->> 'siteName'),
            d -> 'published' ->> 'value', \(searchVector("d", lang: "d -> 'language' ->> 'code'"))
        FROM (SELECT $2::jsonb AS d) AS given
        """

    /// The search vector of a document (`document` and `lang` are the SQL expressions holding it and its
    /// language code): its title and text as words (`simple`: what the embedded store's index holds, each
    /// character of a script written without spaces a word of its own, as `SearchText.indexed` does), plus
    /// their stems in the language's text-search configuration when the server has one.
    static func searchVector(_ document: String, lang: String) -> String {
        let text = """
            regexp_replace(
                coalesce(\(document) ->> 'title', '') || ' ' || coalesce(\(document) ->> 'text', ''),
                '([\(unspacedRanges)])', ' \\1 ', 'g')
            """
        return """
            to_tsvector('simple', \(text))
                || coalesce(to_tsvector(presswork_text_config(\(lang)), \(text)), ''::tsvector)
            """
    }

    /// `SearchText.isUnspaced`'s ranges in PostgreSQL's regular-expression syntax.
    static let unspacedRanges =
        "\\u0E00-\\u0EFF\\u1000-\\u109F\\u1780-\\u17FF\\u3040-\\u30FF\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF"
        + "\\U00020000-\\U0003134F"

    /// Whether `document` is what the results table accepts: a JSON object PostgreSQL's `jsonb` takes (which
    /// refuses `\u0000`, lone surrogates and numbers beyond `numeric`), asked of the server itself so the
    /// commit cannot fail on it.
    /// - Throws: when the server cannot be asked (an outage: `isOutage` is true).
    public func isValidDocument(_ document: [UInt8]) throws(StoreError) -> Bool {
        guard !document.contains(0), let text = String(validating: document, as: UTF8.self) else { return false }
        let valid = try read("check a result document") { connection -> Bool? in
            do {
                return try connection.execute("SELECT jsonb_typeof($1::jsonb) = 'object'", [.text(text)])
                    .bool(row: 0, column: 0)
            } catch let error as PostgresError where error.code == .query {
                // The server refused the text itself: not jsonb.
                return false
            }
        }
        return valid ?? false
    }

    /// Puts this coordinator's leased jobs back in the queue (start-up), not counting the interrupted attempt.
    @discardableResult
    public func releaseLeases(now: Double) throws(StoreError) -> Int {
        try write("release leases") { connection in
            try connection.execute(
                """
                UPDATE jobs SET state = 'queued', worker = NULL, attempts = GREATEST(0, attempts - 1), updated_at = $1
                WHERE coordinator = $2 AND state = 'leased'
                """, [.double(now), .text(coordinator)]
            ).rowsAffected
        }
    }

    static func json<T: Encodable>(_ value: T) -> String {
        // Plain Codable structs of strings and numbers: encoding cannot fail.
        String(decoding: (try? StableJSON.encode(value, pretty: false)) ?? Data("null".utf8), as: UTF8.self)
    }
}

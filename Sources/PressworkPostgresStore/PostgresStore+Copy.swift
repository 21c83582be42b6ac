import Foundation
import PressworkPostgres
import PressworkProtocol
import PressworkStore

extension PostgresStore {
    /// The last journal `seq` of `source` already copied here (0 when none), so an interrupted copy resumes.
    public func copiedThrough(source: String) throws(StoreError) -> Int64 {
        try read("read the copy's progress") { connection in
            let rows = try connection.execute(
                "SELECT last_seq FROM presswork_copies WHERE source = $1", [.text(source)])
            return rows.rowCount == 1 ? try rows.int(row: 0, column: 0) ?? 0 : 0
        }
    }

    /// Adds `records` (from another store, in journal order) as this coordinator's jobs, with their bodies,
    /// results and replaced results, and records the progress, all in one transaction. A job whose id is here
    /// already is left as it is.
    /// - Returns: how many jobs were added.
    public func importJobs(_ records: [JobRecord], source: String) throws(StoreError) -> Int {
        guard let last = records.last?.seq else { return 0 }
        return try write("copy \(records.count) jobs") { connection in
            var added = 0
            for record in records {
                let inserted = try connection.execute(
                    """
                    INSERT INTO jobs (
                        id, coordinator, state, attempts, max_attempts, article, body_bytes, submitted_at, updated_at,
                        not_before, worker, errors, client, batch, host, url_key, article_id, body_sha256, priority,
                        job_timeout, reprocess)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14, $15, $16, $17, $18, $19,
                        $20, $21)
                    ON CONFLICT (id) DO NOTHING RETURNING seq
                    """,
                    [
                        .text(record.id), .text(coordinator), .text(record.state), .int(Int64(record.attempts)),
                        .int(Int64(record.maxAttempts)), .text(record.article), .int(Int64(record.bodyBytes)),
                        .double(record.submittedAt), .double(record.updatedAt),
                        record.notBefore.map(PostgresValue.double),
                        record.worker.map(PostgresValue.text), .text(record.errors),
                        record.client.map(PostgresValue.text),
                        record.batch.map(PostgresValue.text), record.host.map(PostgresValue.text),
                        record.urlKey.map(PostgresValue.text), record.articleId.map(PostgresValue.text),
                        .text(record.bodySHA256), .int(Int64(record.priority)),
                        record.jobTimeout.map(PostgresValue.double),
                        .bool(record.reprocess),
                    ])
                guard inserted.rowCount == 1, let seq = try inserted.int(row: 0, column: 0) else { continue }
                added += 1
                if let body = record.body {
                    try connection.execute(
                        "INSERT INTO bodies (seq, body, encoding) VALUES ($1, $2, $3)",
                        [.int(seq), .bytes(body), record.bodyEncoding.map(PostgresValue.text)])
                }
                for previous in record.history {
                    try connection.execute(
                        """
                        INSERT INTO results_history (job_id, document, stored_at, replaced_at)
                        VALUES ($1, $2::jsonb, $3, $4)
                        """,
                        [
                            .text(record.id), .text(String(decoding: previous.document, as: UTF8.self)),
                            .double(previous.storedAt), .double(previous.replacedAt),
                        ])
                }
                if let document = record.document {
                    try connection.execute(
                        Self.insertResult,
                        [
                            .text(record.id), .text(String(decoding: document, as: UTF8.self)),
                            .double(record.storedAt ?? record.updatedAt),
                        ])
                }
            }
            try connection.execute(
                """
                INSERT INTO presswork_copies (source, last_seq) VALUES ($1, $2)
                ON CONFLICT (source) DO UPDATE SET last_seq = excluded.last_seq
                """, [.text(source), .int(last)])
            return added
        }
    }

    /// Adds remembered `SUBMIT` keys (those already here are kept).
    public func importSubmissions(_ records: [(key: String, jobs: String, acceptedAt: Double)]) throws(StoreError) {
        guard !records.isEmpty else { return }
        try write("copy submission keys") { connection in
            for record in records {
                try connection.execute(
                    """
                    INSERT INTO submissions (coordinator, key, jobs, accepted_at) VALUES ($1, $2, $3, $4)
                    ON CONFLICT DO NOTHING
                    """, [.text(coordinator), .text(record.key), .text(record.jobs), .double(record.acceptedAt)])
            }
        }
    }
}

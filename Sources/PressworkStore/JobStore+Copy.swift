import Foundation
import GRDB
import PressworkProtocol

/// One job with everything the store keeps about it: what `presswork store copy` moves to another store.
public struct JobRecord: Sendable, Hashable {
    public var seq: Int64
    public var id: String
    public var state: String
    public var attempts: Int
    public var maxAttempts: Int
    /// The `ArticleMeta` JSON as stored.
    public var article: String
    public var bodyBytes: Int
    public var submittedAt: Double
    public var updatedAt: Double
    public var notBefore: Double?
    public var worker: String?
    /// The `[AttemptError]` JSON as stored.
    public var errors: String
    public var client: String?
    public var batch: String?
    public var host: String?
    public var urlKey: String?
    public var articleId: String?
    public var bodySHA256: String
    public var priority: Int
    public var jobTimeout: Double?
    public var reprocess: Bool
    /// Nil when retention deleted it.
    public var body: [UInt8]?
    public var bodyEncoding: String?
    public var document: [UInt8]?
    public var storedAt: Double?
    public var history: [PreviousResult]
}

extension JobStore {
    /// Up to `limit` jobs after `seq`, in journal order, each with its body, result and replaced results.
    public func jobRecords(after seq: Int64, limit: Int) throws(StoreError) -> [JobRecord] {
        try read("read jobs to copy") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT j.*, b.body AS body, b.encoding AS body_encoding, r.document AS document,
                        r.stored_at AS stored_at
                    FROM jobs j LEFT JOIN bodies b ON b.seq = j.seq LEFT JOIN results r ON r.job_id = j.id
                    WHERE j.seq > ? ORDER BY j.seq LIMIT ?
                    """, arguments: [seq, limit])
            return try rows.map { row in
                let id: String = row["id"]
                let history = try Row.fetchAll(
                    db,
                    sql: "SELECT document, stored_at, replaced_at FROM results_history WHERE job_id = ? ORDER BY seq",
                    arguments: [id]
                ).map { entry in
                    let text: String = entry["document"]
                    return PreviousResult(
                        document: Array(text.utf8), storedAt: entry["stored_at"], replacedAt: entry["replaced_at"])
                }
                let body: Data? = row["body"]
                let document: String? = row["document"]
                return JobRecord(
                    seq: row["seq"], id: id, state: row["state"], attempts: row["attempts"],
                    maxAttempts: row["max_attempts"], article: row["article"], bodyBytes: row["body_bytes"],
                    submittedAt: row["submitted_at"], updatedAt: row["updated_at"], notBefore: row["not_before"],
                    worker: row["worker"], errors: row["errors"], client: row["client"], batch: row["batch"],
                    host: row["host"], urlKey: row["url_key"], articleId: row["article_id"],
                    bodySHA256: row["body_sha256"] ?? "", priority: row["priority"], jobTimeout: row["job_timeout"],
                    reprocess: row["reprocess"], body: body.map { [UInt8]($0) }, bodyEncoding: row["body_encoding"],
                    document: document.map { Array($0.utf8) }, storedAt: row["stored_at"], history: history)
            }
        }
    }

    /// The remembered `SUBMIT` keys with their jobs and when they were accepted.
    public func submissionRecords() throws(StoreError) -> [(key: String, jobs: String, acceptedAt: Double)] {
        try read("read submission keys") { db in
            try Row.fetchAll(db, sql: "SELECT key, jobs, accepted_at FROM submissions ORDER BY accepted_at").map {
                (key: $0["key"], jobs: $0["jobs"], acceptedAt: $0["accepted_at"])
            }
        }
    }
}

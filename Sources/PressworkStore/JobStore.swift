import Foundation
import GRDB
import PressworkProtocol
import Synchronization

/// The embedded store: job journal and result documents in one SQLite file (WAL mode) under the data directory.
///
/// Used from the coordinator's loop thread only; GRDB's queue serializes access anyway.
public final class JobStore: Sendable {
    let queue: DatabaseQueue
    /// Whether the connection's `synchronous` is FULL (else NORMAL); see `apply`.
    let fullSync = Atomic<Bool>(true)
    /// The database file.
    public let path: String

    /// Opens (creating if needed) `presswork.sqlite` in `directory`.
    public init(directory: String) throws(StoreError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.open, "cannot create data directory \(directory)", cause: error)
        }
        path = (directory as NSString).appendingPathComponent("presswork.sqlite")
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            db.add(function: SearchText.function)
            // A new store gives freed pages back to the file system after a purge (`releaseFreePages`); on a
            // store created before, this changes nothing and SQLite reuses free pages for new rows.
            try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL")
            // FULL: a commit is on disk before the coordinator acknowledges anything that depends on it.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Article bodies are read back at dispatch soon after they were written: a larger page cache and
            // memory-mapped reads spare most of the read system calls and copies.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            try db.execute(sql: "PRAGMA mmap_size = 268435456")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw StoreError(.open, "cannot open \(path)", cause: error)
        }
        try migrate()
    }

    private func migrate() throws(StoreError) {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE jobs (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        state TEXT NOT NULL CHECK (state IN ('queued', 'leased', 'done', 'dead')),
                        attempts INTEGER NOT NULL DEFAULT 0,
                        max_attempts INTEGER NOT NULL,
                        article TEXT NOT NULL,
                        body BLOB NOT NULL,
                        body_bytes INTEGER NOT NULL,
                        submitted_at REAL NOT NULL,
                        updated_at REAL NOT NULL,
                        not_before REAL,
                        worker TEXT,
                        errors TEXT NOT NULL DEFAULT '[]'
                    );
                    CREATE INDEX jobs_by_state ON jobs(state, seq);
                    CREATE TABLE results (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        job_id TEXT NOT NULL UNIQUE REFERENCES jobs(id),
                        document TEXT NOT NULL CHECK (json_valid(document)),
                        stored_at REAL NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v2-submission-keys") { db in
            try db.execute(
                sql: """
                    CREATE TABLE submissions (
                        key TEXT PRIMARY KEY,
                        jobs TEXT NOT NULL,
                        accepted_at REAL NOT NULL
                    );
                    CREATE INDEX submissions_by_age ON submissions(accepted_at);
                    """
            )
        }
        // Bodies live apart from the job rows. SQLite rewrites a whole row, overflow pages included, when an
        // update changes its size, and every lease and result does: with the body in the row, a 200 KB
        // article cost about 400 KB of WAL per state change.
        migrator.registerMigration("v3-bodies-apart") { db in
            try db.execute(
                sql: """
                    CREATE TABLE bodies (
                        seq INTEGER PRIMARY KEY REFERENCES jobs(seq),
                        body BLOB NOT NULL
                    );
                    INSERT INTO bodies (seq, body) SELECT seq, body FROM jobs;
                    ALTER TABLE jobs DROP COLUMN body;
                    """
            )
        }
        // Who submitted each job, so per-client quotas survive a restart (NULL for jobs from before).
        migrator.registerMigration("v4-job-client") { db in
            try db.execute(sql: "ALTER TABLE jobs ADD COLUMN client TEXT")
        }
        // What `results` and `export` filter on, as indexed columns, and the words of every result for search
        // (`SearchText`: prefix matches for inflected words, single characters for scripts without spaces).
        migrator.registerMigration("v5-result-filters") { db in
            try db.execute(
                sql: """
                    ALTER TABLE jobs ADD COLUMN batch TEXT;
                    ALTER TABLE jobs ADD COLUMN host TEXT;
                    CREATE INDEX jobs_by_batch ON jobs(batch, seq) WHERE batch IS NOT NULL;
                    CREATE INDEX jobs_by_host ON jobs(host) WHERE host IS NOT NULL;
                    ALTER TABLE results ADD COLUMN lang TEXT;
                    ALTER TABLE results ADD COLUMN page_type TEXT;
                    ALTER TABLE results ADD COLUMN site_name TEXT;
                    ALTER TABLE results ADD COLUMN published TEXT;
                    CREATE INDEX results_by_lang ON results(lang, seq);
                    CREATE INDEX results_by_page_type ON results(page_type, seq);
                    CREATE INDEX results_by_published ON results(published);
                    CREATE INDEX results_by_stored_at ON results(stored_at);
                    CREATE VIRTUAL TABLE results_text USING fts5(title, text, tokenize = 'unicode61');
                    UPDATE results SET \(Self.resultColumnsFromDocument);
                    INSERT INTO results_text (rowid, title, text)
                        SELECT seq, pw_search_text(json_extract(document, '$.title')),
                            pw_search_text(json_extract(document, '$.text'))
                        FROM results;
                    """
            )
            let urls = try Row.fetchAll(db, sql: "SELECT seq, json_extract(article, '$.url') AS url FROM jobs")
            for row in urls {
                guard let url: String = row["url"], let host = SiteName.host(ofURL: url) else { continue }
                try db.execute(sql: "UPDATE jobs SET host = ? WHERE seq = ?", arguments: [host, row["seq"]])
            }
        }
        // What `SUBMIT`'s `dedupe` compares: the normalized URL, the client's article id, the body's SHA-256.
        migrator.registerMigration("v6-dedupe-keys") { db in
            try db.execute(
                sql: """
                    ALTER TABLE jobs ADD COLUMN url_key TEXT;
                    ALTER TABLE jobs ADD COLUMN article_id TEXT;
                    ALTER TABLE jobs ADD COLUMN body_sha256 TEXT;
                    UPDATE jobs SET article_id = json_extract(article, '$.articleId');
                    CREATE INDEX jobs_by_url_key ON jobs(url_key) WHERE url_key IS NOT NULL;
                    CREATE INDEX jobs_by_article_id ON jobs(article_id) WHERE article_id IS NOT NULL;
                    CREATE INDEX jobs_by_body_sha256 ON jobs(body_sha256);
                    """
            )
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT jobs.seq, json_extract(jobs.article, '$.url') AS url, bodies.body
                    FROM jobs JOIN bodies USING (seq)
                    """)
            let update = try db.makeStatement(sql: "UPDATE jobs SET url_key = ?, body_sha256 = ? WHERE seq = ?")
            while let row = try rows.next() {
                let url: String? = row["url"]
                let body: Data = row["body"]
                try update.execute(
                    arguments: [url.flatMap(DedupeKey.url), DedupeKey.content([UInt8](body)), row["seq"]])
            }
        }
        // Each job's dispatch priority (0 high, 1 normal, 2 low), for the order after a restart.
        migrator.registerMigration("v7-job-priority") { db in
            try db.execute(sql: "ALTER TABLE jobs ADD COLUMN priority INTEGER NOT NULL DEFAULT 1")
        }
        // Each job's own attempt timeout, when its submitter chose one.
        migrator.registerMigration("v8-job-timeout") { db in
            try db.execute(sql: "ALTER TABLE jobs ADD COLUMN job_timeout REAL")
        }
        // A job may be cancelled. SQLite cannot change a CHECK constraint, so the jobs table is rebuilt (SQLite's
        // documented procedure; GRDB turns foreign keys off during a migration and checks them after it), and
        // its AUTOINCREMENT counter carried over, so ids of purged jobs are still never reused.
        migrator.registerMigration("v9-cancelled") { db in
            let counter = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'jobs'")
            try db.execute(
                sql: """
                    CREATE TABLE jobs_new (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        state TEXT NOT NULL CHECK (state IN ('queued', 'leased', 'done', 'dead', 'cancelled')),
                        attempts INTEGER NOT NULL DEFAULT 0,
                        max_attempts INTEGER NOT NULL,
                        article TEXT NOT NULL,
                        body_bytes INTEGER NOT NULL,
                        submitted_at REAL NOT NULL,
                        updated_at REAL NOT NULL,
                        not_before REAL,
                        worker TEXT,
                        errors TEXT NOT NULL DEFAULT '[]',
                        client TEXT,
                        batch TEXT,
                        host TEXT,
                        url_key TEXT,
                        article_id TEXT,
                        body_sha256 TEXT,
                        priority INTEGER NOT NULL DEFAULT 1,
                        job_timeout REAL
                    );
                    INSERT INTO jobs_new SELECT
                        seq, id, state, attempts, max_attempts, article, body_bytes, submitted_at, updated_at,
                        not_before, worker, errors, client, batch, host, url_key, article_id, body_sha256, priority,
                        job_timeout
                    FROM jobs;
                    DROP TABLE jobs;
                    ALTER TABLE jobs_new RENAME TO jobs;
                    CREATE INDEX jobs_by_state ON jobs(state, seq);
                    CREATE INDEX jobs_by_batch ON jobs(batch, seq) WHERE batch IS NOT NULL;
                    CREATE INDEX jobs_by_host ON jobs(host) WHERE host IS NOT NULL;
                    CREATE INDEX jobs_by_url_key ON jobs(url_key) WHERE url_key IS NOT NULL;
                    CREATE INDEX jobs_by_article_id ON jobs(article_id) WHERE article_id IS NOT NULL;
                    CREATE INDEX jobs_by_body_sha256 ON jobs(body_sha256);
                    """
            )
            if let counter {
                try db.execute(
                    sql: "UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = 'jobs'", arguments: [counter])
            }
        }
        // Re-processing: a done job queued again keeps its result until the new one comes; then the old one moves
        // to `results_history` (readable with `show --history` until retention removes it).
        migrator.registerMigration("v10-reprocess") { db in
            try db.execute(
                sql: """
                    ALTER TABLE jobs ADD COLUMN reprocess INTEGER NOT NULL DEFAULT 0;
                    CREATE TABLE results_history (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        job_id TEXT NOT NULL REFERENCES jobs(id),
                        document TEXT NOT NULL,
                        stored_at REAL NOT NULL,
                        replaced_at REAL NOT NULL
                    );
                    CREATE INDEX results_history_by_job ON results_history(job_id, seq);
                    CREATE INDEX results_history_by_age ON results_history(replaced_at);
                    """
            )
        }
        // Bodies compressed with zstd by the coordinator (NULL: as submitted, like every body from before).
        migrator.registerMigration("v11-body-encoding") { db in
            try db.execute(sql: "ALTER TABLE bodies ADD COLUMN encoding TEXT")
        }
        // The dashboard's job list by the code of the last failed attempt (the expression its query uses).
        migrator.registerMigration("v12-last-error-code") { db in
            try db.execute(
                sql: "CREATE INDEX jobs_by_last_error ON jobs(\(Self.lastErrorCode), seq) WHERE errors != '[]'")
        }
        do {
            if try queue.read({ try migrator.hasBeenSuperseded($0) }) {
                throw StoreError(.schema, "\(path) was written by a newer Presswork")
            }
            try migrator.migrate(queue)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.schema, "cannot migrate \(path)", cause: error)
        }
    }

    /// Runs `body` in one write transaction, mapping database errors to `StoreError`.
    func write<T>(_ what: @autoclosure () -> String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try queue.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.io, "cannot \(what())", cause: error)
        }
    }

    /// Runs `body` outside any explicit transaction: each statement reads a consistent state, and only
    /// this store's owner writes, so nothing changes between them. `queue.read` would wrap every call in
    /// BEGIN/COMMIT and toggle `query_only`, which was 16 % of the coordinator's time per dispatched job.
    func read<T>(_ what: @autoclosure () -> String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try queue.inDatabase(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.io, "cannot \(what())", cause: error)
        }
    }
}

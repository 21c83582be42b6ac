import PressworkPostgres
import PressworkStore

extension PostgresStore {
    /// The schema, in named migrations applied in order, each once, each in its own transaction. A released
    /// migration is never edited; changes are new migrations appended at the end.
    static let migrations: [(id: String, sql: String)] = [
        (
            "pg-v1",
            """
            CREATE TABLE jobs (
                seq BIGSERIAL PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                coordinator TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('queued', 'leased', 'done', 'dead', 'cancelled')),
                attempts INTEGER NOT NULL DEFAULT 0,
                max_attempts INTEGER NOT NULL,
                article TEXT NOT NULL,
                body_bytes BIGINT NOT NULL,
                submitted_at DOUBLE PRECISION NOT NULL,
                updated_at DOUBLE PRECISION NOT NULL,
                not_before DOUBLE PRECISION,
                worker TEXT,
                errors JSONB NOT NULL DEFAULT '[]',
                client TEXT,
                batch TEXT,
                host TEXT,
                url_key TEXT,
                article_id TEXT,
                body_sha256 TEXT NOT NULL,
                priority INTEGER NOT NULL DEFAULT 1,
                job_timeout DOUBLE PRECISION,
                reprocess BOOLEAN NOT NULL DEFAULT false
            );
            CREATE INDEX jobs_by_state ON jobs (coordinator, state, seq);
            CREATE INDEX jobs_by_batch ON jobs (batch, seq) WHERE batch IS NOT NULL;
            CREATE INDEX jobs_by_host ON jobs (host) WHERE host IS NOT NULL;
            CREATE INDEX jobs_by_url_key ON jobs (url_key) WHERE url_key IS NOT NULL;
            CREATE INDEX jobs_by_article_id ON jobs (article_id) WHERE article_id IS NOT NULL;
            CREATE INDEX jobs_by_body_sha256 ON jobs (body_sha256);
            CREATE TABLE bodies (
                seq BIGINT PRIMARY KEY REFERENCES jobs (seq) ON DELETE CASCADE,
                body BYTEA NOT NULL,
                encoding TEXT
            );
            CREATE TABLE results (
                seq BIGSERIAL PRIMARY KEY,
                job_id TEXT NOT NULL UNIQUE REFERENCES jobs (id) ON DELETE CASCADE,
                document JSONB NOT NULL,
                stored_at DOUBLE PRECISION NOT NULL,
                lang TEXT,
                page_type TEXT,
                site_name TEXT,
                published TEXT,
                search TSVECTOR NOT NULL
            );
            CREATE INDEX results_by_lang ON results (lang, seq);
            CREATE INDEX results_by_page_type ON results (page_type, seq);
            CREATE INDEX results_by_published ON results (published);
            CREATE INDEX results_by_stored_at ON results (stored_at);
            CREATE INDEX results_by_site_name ON results (site_name);
            CREATE INDEX results_search ON results USING GIN (search);
            CREATE TABLE results_history (
                seq BIGSERIAL PRIMARY KEY,
                job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
                document JSONB NOT NULL,
                stored_at DOUBLE PRECISION NOT NULL,
                replaced_at DOUBLE PRECISION NOT NULL
            );
            CREATE INDEX results_history_by_job ON results_history (job_id, seq);
            CREATE INDEX results_history_by_age ON results_history (replaced_at);
            CREATE TABLE submissions (
                coordinator TEXT NOT NULL,
                key TEXT NOT NULL,
                jobs TEXT NOT NULL,
                accepted_at DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (coordinator, key)
            );
            CREATE INDEX submissions_by_age ON submissions (accepted_at);
            """
        ),
        // How far `presswork store copy` got from each source store, so an interrupted copy resumes.
        ("pg-v2-copies", "CREATE TABLE presswork_copies (source TEXT PRIMARY KEY, last_seq BIGINT NOT NULL)"),
        // Stemmed search where the server has a text-search configuration for the document's language: the
        // language codes mapped to the configurations this server has, and every stored vector recomputed.
        (
            "pg-v3-stemming",
            """
            CREATE TABLE presswork_text_configs (lang TEXT PRIMARY KEY, config REGCONFIG NOT NULL);
            INSERT INTO presswork_text_configs (lang, config)
            SELECT wanted.lang, c.oid::regconfig
            FROM (VALUES \(textConfigs.map { "('\($0.lang)', '\($0.config)')" }.joined(separator: ", ")))
                AS wanted (lang, name)
            JOIN pg_ts_config c ON c.cfgname = wanted.name AND c.cfgnamespace = 'pg_catalog'::regnamespace;
            CREATE FUNCTION presswork_text_config(code TEXT) RETURNS REGCONFIG LANGUAGE sql STABLE AS $$
                SELECT config FROM presswork_text_configs WHERE lang = split_part(lower(code), '-', 1)
            $$;
            UPDATE results SET search = \(searchVector("document", lang: "lang"))
            """
        ),
        // The dashboard's job list by the code of the last failed attempt (the expression its query uses).
        (
            "pg-v4-last-error-code",
            "CREATE INDEX jobs_by_last_error ON jobs (coordinator, (errors -> -1 ->> 'code'), seq) WHERE errors <> '[]'"
        ),
    ]

    /// ISO 639-1 codes and PostgreSQL's text-search configuration for each (those a server lacks are left out).
    static let textConfigs: [(lang: String, config: String)] = [
        ("ar", "arabic"), ("hy", "armenian"), ("eu", "basque"), ("ca", "catalan"), ("da", "danish"),
        ("nl", "dutch"), ("en", "english"), ("fi", "finnish"), ("fr", "french"), ("de", "german"), ("el", "greek"),
        ("hi", "hindi"), ("hu", "hungarian"), ("id", "indonesian"), ("ga", "irish"), ("it", "italian"),
        ("lt", "lithuanian"), ("ne", "nepali"), ("no", "norwegian"), ("nb", "norwegian"), ("nn", "norwegian"),
        ("pt", "portuguese"), ("ro", "romanian"), ("ru", "russian"), ("sr", "serbian"), ("es", "spanish"),
        ("sv", "swedish"), ("ta", "tamil"), ("tr", "turkish"), ("yi", "yiddish"),
    ]

    /// A key for `pg_advisory_xact_lock`, so that coordinators starting together migrate one at a time.
    static let migrationLock: Int64 = 0x7072_6573_7377_6B01

    func migrate() throws(StoreError) {
        do {
            try withConnection { connection in
                try connection.transaction {
                    try connection.execute("SELECT pg_advisory_xact_lock($1)", [.int(Self.migrationLock)])
                    try connection.execute(
                        """
                        CREATE TABLE IF NOT EXISTS presswork_migrations (
                            id TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                        """)
                    let applied = try connection.execute("SELECT id FROM presswork_migrations")
                    var done: Set<String> = []
                    for row in 0..<applied.rowCount {
                        if let id = try applied.string(row: row, column: 0) { done.insert(id) }
                    }
                    let known = Set(Self.migrations.map(\.id))
                    if let unknown = done.subtracting(known).sorted().first {
                        throw StoreError(
                            .schema, "\(location) was migrated by a newer Presswork (migration \(unknown))")
                    }
                    for migration in Self.migrations where !done.contains(migration.id) {
                        // One statement per call (libpq's parameterised execution takes one); none holds a ";".
                        for statement in migration.sql.split(separator: ";\n") {
                            try connection.execute(String(statement))
                        }
                        try connection.execute(
                            "INSERT INTO presswork_migrations (id) VALUES ($1)", [.text(migration.id)])
                    }
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.schema, "cannot migrate \(location)", cause: error)
        }
    }
}

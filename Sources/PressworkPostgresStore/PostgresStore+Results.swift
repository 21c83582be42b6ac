import Foundation
import PressworkPostgres
import PressworkProtocol
import PressworkStore

extension PostgresStore {
    public func document(of job: String) throws(StoreError) -> [UInt8]? {
        try read("load result of \(job)") { connection in
            let rows = try connection.execute("SELECT document::text FROM results WHERE job_id = $1", [.text(job)])
            return rows.rowCount == 1 ? try rows.string(row: 0, column: 0).map { Array($0.utf8) } : nil
        }
    }

    public func results(after: Int64?, limit: Int) throws(StoreError) -> (documents: [[UInt8]], last: Int64?) {
        try results(matching: ResultQuery(), after: after, limit: limit)
    }

    public func results(matching query: ResultQuery, after: Int64?, limit: Int) throws(StoreError) -> (
        documents: [[UInt8]], last: Int64?
    ) {
        var parameters = Parameters()
        let cursor = parameters.add(after ?? 0)
        let conditions = Self.resultConditions(query, &parameters)
        let join = query.batch != nil || query.site != nil ? " JOIN jobs j ON j.id = r.job_id" : ""
        let sql =
            "SELECT r.seq, r.document::text AS document FROM results r\(join) WHERE r.seq > \(cursor) AND "
            + conditions.joined(separator: " AND ") + " ORDER BY r.seq LIMIT \(parameters.add(limit))"
        return try read("query results") { connection in
            let rows = try connection.execute(sql, parameters.values)
            let documents = try (0..<rows.rowCount).map { Array(try rows.text($0, "document").map(\.utf8) ?? "".utf8) }
            return (documents, rows.rowCount > 0 ? try rows.int(row: rows.rowCount - 1, column: 0) : nil)
        }
    }

    /// The SQL conditions of `query` over `results r` (and `jobs j` when it asks for a batch or a site).
    static func resultConditions(_ query: ResultQuery, _ parameters: inout Parameters) -> [String] {
        var conditions: [String] = []
        if !query.languages.isEmpty { conditions.append("r.lang IN (\(parameters.list(query.languages)))") }
        if !query.pageTypes.isEmpty { conditions.append("r.page_type IN (\(parameters.list(query.pageTypes)))") }
        if let site = query.site.map(SiteName.normalized) {
            let exact = parameters.add(site)
            let under = parameters.add("%." + SearchText.likeEscaped(site))
            let www = parameters.add("www." + site)
            conditions.append(
                "(j.host = \(exact) OR j.host LIKE \(under) ESCAPE '\\' OR r.site_name = \(exact) OR r.site_name = \(www))"
            )
        }
        if let since = query.publishedSince { conditions.append("r.published >= \(parameters.add(since))") }
        if let until = query.publishedUntil {
            // A date alone takes its whole day: every time on it sorts before the date followed by "~".
            conditions.append("r.published <= \(parameters.add(until.count == 10 ? until + "~" : until))")
        }
        if let since = query.storedSince { conditions.append("r.stored_at >= \(parameters.add(since))") }
        if let until = query.storedUntil { conditions.append("r.stored_at < \(parameters.add(until))") }
        if let batch = query.batch { conditions.append("j.batch = \(parameters.add(batch))") }
        if let search = query.search, !search.allSatisfy(\.isWhitespace) {
            // A search with nothing to look for (only punctuation) matches nothing rather than everything.
            if let tsquery = tsQuery(search) {
                let words = parameters.add(tsquery)
                if query.languages.isEmpty {
                    conditions.append("r.search @@ to_tsquery('simple', \(words))")
                } else {
                    // With languages asked for, their stems match too ("running" finds "runs" in English).
                    let stems = query.languages.map { language in
                        "coalesce(to_tsquery(presswork_text_config(\(parameters.add(language))), \(words)), ''::tsquery)"
                    }
                    conditions.append(
                        "r.search @@ (to_tsquery('simple', \(words)) || \(stems.joined(separator: " || ")))")
                }
            } else {
                conditions.append("false")
            }
        }
        return conditions.isEmpty ? ["true"] : conditions
    }

    /// A `tsquery` requiring every word of `search`, in `SearchText.query`'s terms: each word a prefix, the
    /// characters of a script without spaces a phrase. Lexemes hold only letters and digits, so nothing the
    /// user typed is read as an operator.
    static func tsQuery(_ search: String) -> String? {
        let parts = SearchText.terms(search).map { term in
            // Each token a quoted lexeme; the last of a spaced word a prefix, as the embedded store's `word*`.
            let lexemes = term.tokens.enumerated().map { index, token in
                "'\(token.lowercased())'" + (!term.unspaced && index == term.tokens.count - 1 ? ":*" : "")
            }
            return "(" + lexemes.joined(separator: " <-> ") + ")"
        }
        return parts.isEmpty ? nil : parts.joined(separator: " & ")
    }

    public func jobs(in states: [JobState], matching query: ResultQuery, after: Int64?, limit: Int)
        throws(StoreError) -> (documents: [[UInt8]], last: Int64?)
    {
        var parameters = Parameters()
        var conditions = [
            "coordinator = \(parameters.add(coordinator))", "seq > \(parameters.add(after ?? 0))",
            "state IN (\(parameters.list(states.map(\.rawValue))))",
        ]
        if let batch = query.batch { conditions.append("batch = \(parameters.add(batch))") }
        if let site = query.site.map(SiteName.normalized) {
            conditions.append(
                "(host = \(parameters.add(site)) OR host LIKE \(parameters.add("%." + SearchText.likeEscaped(site))) ESCAPE '\\')"
            )
        }
        if let since = query.storedSince { conditions.append("updated_at >= \(parameters.add(since))") }
        if let until = query.storedUntil { conditions.append("updated_at < \(parameters.add(until))") }
        let sql =
            "SELECT seq, \(Self.infoColumns) FROM jobs WHERE \(conditions.joined(separator: " AND ")) ORDER BY seq LIMIT "
            + parameters.add(limit)
        return try read("list jobs") { connection in
            let rows = try connection.execute(sql, parameters.values)
            let documents = try (0..<rows.rowCount).map {
                [UInt8](try StableJSON.encode(try Self.info(rows, $0), pretty: false))
            }
            return (documents, rows.rowCount > 0 ? try rows.int(row: rows.rowCount - 1, column: 0) : nil)
        }
    }

    // MARK: - Re-processing

    public func reprocessCandidates(matching query: ResultQuery, after: Int64?, through: Int64, limit: Int)
        throws(StoreError) -> ReprocessPage
    {
        var parameters = Parameters()
        let lower = parameters.add(after ?? 0)
        let upper = parameters.add(through)
        let conditions = Self.resultConditions(query, &parameters)
        let sql = """
            SELECT r.seq, r.job_id, EXISTS (SELECT 1 FROM bodies b WHERE b.seq = j.seq) AS has_body
            FROM results r JOIN jobs j ON j.id = r.job_id
            WHERE r.seq > \(lower) AND r.seq <= \(upper) AND j.state = 'done'
                AND j.coordinator = \(parameters.add(coordinator)) AND \(conditions.joined(separator: " AND "))
            ORDER BY r.seq LIMIT \(parameters.add(limit + 1))
            """
        return try read("find results to process again") { connection in
            let rows = try connection.execute(sql, parameters.values)
            let seen = min(rows.rowCount, limit)
            var jobs: [String] = []
            var withoutBody = 0
            for row in 0..<seen {
                if try rows.bool(row: row, column: 2) == true {
                    jobs.append(try rows.required(rows.text(row, "job_id"), "job_id"))
                } else {
                    withoutBody += 1
                }
            }
            return ReprocessPage(
                jobs: jobs, withoutBody: withoutBody, last: seen > 0 ? try rows.int(row: seen - 1, column: 0) : nil,
                more: rows.rowCount > limit)
        }
    }

    public func reprocessable(_ jobs: [String]) throws(StoreError) -> (jobs: [String], withoutBody: Int) {
        try read("check jobs to process again") { connection in
            var ready: Set<String> = []
            var withoutBody = 0
            for start in stride(from: 0, to: jobs.count, by: 1_000) {
                var parameters = Parameters()
                let owner = parameters.add(coordinator)
                let list = parameters.list(Array(jobs[start..<min(jobs.count, start + 1_000)]))
                let rows = try connection.execute(
                    """
                    SELECT j.id, EXISTS (SELECT 1 FROM bodies b WHERE b.seq = j.seq) AS has_body FROM jobs j
                    WHERE j.coordinator = \(owner) AND j.state = 'done' AND j.id IN (\(list))
                    """, parameters.values)
                for row in 0..<rows.rowCount {
                    if try rows.bool(row: row, column: 1) == true {
                        ready.insert(try rows.required(rows.text(row, "id"), "id"))
                    } else {
                        withoutBody += 1
                    }
                }
            }
            return (jobs.filter { ready.contains($0) }, withoutBody)
        }
    }

    public func newestResult() throws(StoreError) -> Int64 {
        try read("find the newest result") { connection in
            try connection.execute("SELECT COALESCE(MAX(seq), 0) FROM results").int(row: 0, column: 0) ?? 0
        }
    }

    public func history(of job: String, limit: Int) throws(StoreError) -> [PreviousResult] {
        try read("load the history of \(job)") { connection in
            let rows = try connection.execute(
                """
                SELECT document::text AS document, stored_at, replaced_at FROM results_history WHERE job_id = $1
                ORDER BY seq DESC LIMIT $2
                """, [.text(job), .int(Int64(limit))])
            return try (0..<rows.rowCount).map { row in
                PreviousResult(
                    document: Array(try rows.required(rows.text(row, "document"), "document").utf8),
                    storedAt: try rows.number(row, "stored_at") ?? 0,
                    replacedAt: try rows.number(row, "replaced_at") ?? 0)
            }
        }
    }

    // MARK: - Retention and size

    /// As `JobStore.purge`, over this coordinator's finished jobs.
    public func purge(
        before: Double, bodiesOnly: Bool, matching query: ResultQuery?, only selected: [String]?, limit: Int
    ) throws(StoreError) -> PurgedRows {
        var parameters = Parameters()
        var conditions = [
            "j.coordinator = \(parameters.add(coordinator))", "j.state IN ('done', 'dead', 'cancelled')",
            "j.updated_at < \(parameters.add(before))",
        ]
        if let selected { conditions.append("j.id IN (\(selected.isEmpty ? "NULL" : parameters.list(selected)))") }
        if bodiesOnly { conditions.append("EXISTS (SELECT 1 FROM bodies b WHERE b.seq = j.seq)") }
        if let query {
            let filters = Self.resultConditions(query, &parameters)
            conditions.append(
                "j.id IN (SELECT r.job_id FROM results r JOIN jobs j ON j.id = r.job_id WHERE "
                    + filters.joined(separator: " AND ") + ")")
        }
        let select =
            "SELECT j.seq FROM jobs j WHERE \(conditions.joined(separator: " AND ")) ORDER BY j.seq LIMIT "
            + parameters.add(limit + 1)
        let chosenValues = parameters.values
        return try write("purge finished jobs") { connection in
            let rows = try connection.execute(select, chosenValues)
            let chosen = try (0..<min(rows.rowCount, limit)).compactMap { try rows.int(row: $0, column: 0) }
            var purged = PurgedRows(jobs: 0, bodies: 0, more: rows.rowCount > limit)
            let sweepHistory = !bodiesOnly && query == nil && selected == nil
            guard !chosen.isEmpty || sweepHistory else { return purged }
            var ids = Parameters()
            let list = chosen.map { ids.add($0) }.joined(separator: ", ")
            if !chosen.isEmpty {
                purged.bodies = try connection.execute("DELETE FROM bodies WHERE seq IN (\(list))", ids.values)
                    .rowsAffected
                if !bodiesOnly {
                    // Results, their history and bodies go with the job (ON DELETE CASCADE).
                    purged.jobs = try connection.execute("DELETE FROM jobs WHERE seq IN (\(list))", ids.values)
                        .rowsAffected
                }
            }
            if sweepHistory {
                purged.history = try connection.execute(
                    """
                    DELETE FROM results_history WHERE seq IN (
                        SELECT h.seq FROM results_history h JOIN jobs j ON j.id = h.job_id
                        WHERE j.coordinator = $1 AND h.replaced_at < $2 ORDER BY h.seq LIMIT $3)
                    """, [.text(coordinator), .double(before), .int(Int64(limit))]
                ).rowsAffected
                purged.more = purged.more || purged.history == limit
            }
            return purged
        }
    }

    /// PostgreSQL's autovacuum reuses and returns space on its own.
    public func releaseFreePages() throws(StoreError) {}

    /// The database's size (all coordinators sharing it); PostgreSQL does not report free pages cheaply.
    public func size() throws(StoreError) -> (bytes: Int, freeBytes: Int) {
        try read("measure the store") { connection in
            let bytes = try connection.execute("SELECT pg_database_size(current_database())").int(row: 0, column: 0)
            return (Int(bytes ?? 0), 0)
        }
    }
}

import PressworkProtocol
import PressworkStore

extension PostgresStore {
    /// As `JobStore.listJobs`, over this coordinator's jobs.
    public func listJobs(_ query: JobListQuery, before: Int64?, limit: Int) throws(StoreError) -> (
        jobs: [JobSummary], last: Int64?
    ) {
        var parameters = Parameters()
        var conditions = ["j.coordinator = \(parameters.add(coordinator))"]
        if let state = query.state { conditions.append("j.state = \(parameters.add(state.rawValue))") }
        if let lang = query.lang { conditions.append("r.lang = \(parameters.add(lang))") }
        if let pageType = query.pageType { conditions.append("r.page_type = \(parameters.add(pageType))") }
        if let code = query.code { conditions.append("(j.errors -> -1 ->> 'code') = \(parameters.add(code))") }
        if let batch = query.batch { conditions.append("j.batch = \(parameters.add(batch))") }
        if let site = query.site { conditions.append("j.host = \(parameters.add(SiteName.normalized(site)))") }
        if let since = query.since { conditions.append("j.submitted_at >= \(parameters.add(since))") }
        if let until = query.until { conditions.append("j.submitted_at < \(parameters.add(until))") }
        if let q = query.q?.trimmingCharacters(in: .whitespaces), !q.isEmpty {
            let text = parameters.add(q)
            var either = [
                "j.id = \(text)", "j.article_id = \(text)", "j.batch = \(text)",
                "j.host = \(parameters.add(SiteName.normalized(q)))",
            ]
            if let key = DedupeKey.url(q) { either.append("j.url_key = \(parameters.add(key))") }
            if let words = Self.tsQuery(q) {
                either.append("r.search @@ to_tsquery('simple', \(parameters.add(words)))")
            }
            conditions.append("(" + either.joined(separator: " OR ") + ")")
        }
        if let before { conditions.append("j.seq < \(parameters.add(before))") }
        let sql = """
            SELECT j.seq, j.id, j.state, j.attempts, j.max_attempts, j.submitted_at, j.updated_at, j.article,
                j.errors::text AS errors, j.batch, r.lang, r.page_type
            FROM jobs j LEFT JOIN results r ON r.job_id = j.id
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY j.seq DESC LIMIT \(parameters.add(limit))
            """
        let values = parameters.values
        return try read("list jobs") { connection in
            let rows = try connection.execute(sql, values)
            var last: Int64?
            let jobs = try (0..<rows.rowCount).map { row in
                last = try rows.int(row: row, column: 0)
                return JobSummary.make(
                    id: try rows.text(row, "id") ?? "", state: try rows.text(row, "state") ?? "",
                    attempts: try rows.integer(row, "attempts") ?? 0,
                    maxAttempts: try rows.integer(row, "max_attempts") ?? 0,
                    submittedAt: try rows.number(row, "submitted_at") ?? 0,
                    updatedAt: try rows.number(row, "updated_at") ?? 0, article: try rows.text(row, "article") ?? "{}",
                    errors: try rows.text(row, "errors") ?? "[]", batch: try rows.text(row, "batch"),
                    lang: try rows.text(row, "lang"), pageType: try rows.text(row, "page_type"))
            }
            return (jobs, last)
        }
    }

    /// As `JobStore.deadCodes`.
    public func deadCodes(limit: Int) throws(StoreError) -> [(code: String, jobs: Int)] {
        try read("count dead jobs by code") { connection in
            let rows = try connection.execute(
                """
                SELECT coalesce(errors -> -1 ->> 'code', 'unknown') AS code, COUNT(*) AS jobs FROM jobs
                WHERE coordinator = $1 AND state = 'dead' GROUP BY 1 ORDER BY jobs DESC, code LIMIT $2
                """, [.text(coordinator), .int(Int64(limit))])
            return try (0..<rows.rowCount).map {
                (try rows.text($0, "code") ?? "unknown", try rows.integer($0, "jobs") ?? 0)
            }
        }
    }
}

import Foundation
import PressworkPostgresStore
import PressworkProtocol
import PressworkStore
import PressworkTestSupport
import Testing

/// One test suite, run against the embedded store and against PostgreSQL: the same journal, the same answers.
@Suite("Store contract: the embedded store and PostgreSQL behave alike")
struct StoreContractTests {
    @Test(
        "The journal: insert, lease, retry, bury, revive, cancel; what a restarted coordinator reloads",
        arguments: StoreKind.allCases)
    func journal(_ kind: StoreKind) throws {
        try withStore(kind) { store, _ in
            var packed = NewJob(
                id: "z", article: ArticleMeta(source: "z.html"), body: Array("raw".utf8), maxAttempts: 2)
            packed.zstdBody = [1, 2, 3]
            try store.apply(
                [
                    newJob("a", client: "k1"), newJob("b", client: "k1"), .insert(packed),
                    .submission(key: "s1", jobs: ["a", "b"]),
                ],
                now: at(0))
            #expect(try store.submission(key: "s1") == ["a", "b"])
            #expect(try store.submission(key: "none") == nil)
            let stored = try #require(try store.payload(of: "z"))
            #expect(stored.body == [1, 2, 3] && stored.encoding == "zstd" && stored.bodyBytes == 3)
            #expect(try store.payload(of: "a")?.body == Array("body".utf8))
            #expect(try store.newestJobId() == "z")

            let error = AttemptError(
                attempt: 1, worker: "w1", code: "boom", message: "it broke", at: "2026-12-07T00:00:00Z")
            try store.apply([.leased(job: "a", attempt: 1, worker: "w1")], now: at(1))
            try store.apply([.requeued(job: "a", attempts: 1, error: error, notBefore: at(30))], now: at(2))
            try store.apply([.leased(job: "a", attempt: 2, worker: "w1"), .dead(job: "a", error: error)], now: at(3))
            let dead = try #require(try store.jobInfo("a"))
            #expect(dead.state == .dead && dead.attempts == 2 && dead.errors == [error, error])
            #expect(try store.deadJobs(limit: 10).map(\.id) == ["a"])
            // A late lease cannot move a finished job back.
            try store.apply([.leased(job: "a", attempt: 3, worker: "w2")], now: at(4))
            #expect(try store.states(of: ["a", "b", "nope"]) == [.dead, .queued, .unknown])
            try store.apply([.revived(job: "a", maxAttempts: 5), .cancelled(job: "z")], now: at(5))
            #expect(try store.counts() == [.queued: 2, .cancelled: 1])

            try store.apply([.leased(job: "b", attempt: 1, worker: "w1")], now: at(6))
            #expect(try store.releaseLeases(now: at(7)) == 1)
            let unfinished = try store.unfinishedJobs()
            #expect(unfinished.map(\.id) == ["a", "b"])
            #expect(unfinished.first?.priority == .high && unfinished.first?.jobTimeout == 42)
            #expect(unfinished.last?.attempts == 0 && unfinished.first?.maxAttempts == 5)
            #expect(try store.pendingSubmissions().map(\.job) == ["a", "b"])
            #expect(try store.submitters(of: ["a", "z"]) == ["a": "k1", "z": ""])
        }
    }

    @Test(
        "Results: stored once, every filter and their combinations, cursors, search in any script",
        arguments: StoreKind.allCases)
    func results(_ kind: StoreKind) throws {
        try withStore(kind) { store, _ in
            try store.apply(
                [
                    newJob("a", url: "https://news.example.com/1", batch: "b1"),
                    newJob("b", url: "https://other.org/2", batch: "b1"),
                    newJob("c", url: "https://example.com/3", batch: "b2"),
                    newJob("d", batch: "b2"),
                ], now: at(0))
            try store.apply(
                [
                    .done(job: "a", document: document("a", published: "2026-12-01", text: "The harbour storms")),
                    .done(job: "b", document: document("b", lang: "kk", site: "Other News", text: "Астана көпірі")),
                    .done(
                        job: "c",
                        document: document(
                            "c", lang: "zh", pageType: "forum", published: "2026-12-03T10:00:00+08:00", text: "北京市公交车")),
                ], now: at(10))
            try store.apply([.done(job: "d", document: document("d", text: "later market"))], now: at(20))
            // A second result for a job is not stored.
            try store.apply([.done(job: "a", document: document("a", text: "SECOND"))], now: at(21))
            #expect(String(decoding: try #require(try store.document(of: "a")), as: UTF8.self).contains("harbour"))

            func query(_ build: (inout ResultQuery) -> Void) throws -> [String] {
                var query = ResultQuery()
                build(&query)
                return ids(try store.results(matching: query, after: nil, limit: 10))
            }
            #expect(try query { _ in } == ["a", "b", "c", "d"])
            #expect(try query { $0.languages = ["kk", "zh"] } == ["b", "c"])
            #expect(try query { $0.pageTypes = ["forum"] } == ["c"])
            #expect(try query { $0.site = "example.com" } == ["a", "c"])
            #expect(try query { $0.site = "other news" } == ["b"])
            #expect(try query { $0.publishedSince = "2026-12-02" } == ["c"])
            #expect(try query { $0.publishedUntil = "2026-12-03" } == ["a", "c"])
            #expect(try query { $0.storedSince = at(15) } == ["d"])
            #expect(try query { $0.storedUntil = at(15) } == ["a", "b", "c"])
            #expect(try query { $0.batch = "b2" } == ["c", "d"])
            #expect(try query { $0.search = "storm" } == ["a"])
            #expect(try query { $0.search = "HARBOUR storms" } == ["a"])
            #expect(try query { $0.search = "көпір" } == ["b"])
            #expect(try query { $0.search = "公交" } == ["c"])
            #expect(try query { $0.search = "交公" } == [])
            #expect(try query { $0.search = "!!!" } == [])
            #expect(try query { $0.search = "storm OR market" } == [])
            #expect(try query { $0.search = "market'); DROP TABLE results; --" } == [])
            #expect(
                try query {
                    $0.batch = "b2"; $0.languages = ["en"]; $0.search = "market"
                } == ["d"])

            let first = try store.results(after: nil, limit: 2)
            #expect(ids(first) == ["a", "b"])
            #expect(ids(try store.results(after: first.last, limit: 10)) == ["c", "d"])
            #expect(try store.newestResult() > 0)
            let queued = try store.jobs(in: [.done], matching: ResultQuery(), after: nil, limit: 10)
            #expect(queued.documents.count == 4)
        }
    }

    @Test(
        "The dashboard's job list: newest first, filters, search, cursor; dead jobs by code; delete by id",
        arguments: StoreKind.allCases)
    func jobList(_ kind: StoreKind) throws {
        try withStore(kind) { store, _ in
            try store.apply(
                [
                    newJob("a", url: "https://news.example/a", batch: "b1"), newJob("b", batch: "b1"), newJob("c"),
                    newJob("d", articleId: "mine"),
                ], now: at(0))
            let error = AttemptError(
                attempt: 1, worker: "w", code: "http-404", message: "gone", at: "2026-12-07T00:00:00Z")
            try store.apply(
                [
                    .done(job: "a", document: document("a", lang: "kk", text: "harbour vote")),
                    .done(job: "b", document: document("b", lang: "en", text: "tram line")),
                    .dead(job: "c", error: error),
                ], now: at(1))
            func ids(_ build: (inout JobListQuery) -> Void, before: Int64? = nil, limit: Int = 10) throws -> [String] {
                var query = JobListQuery()
                build(&query)
                return try store.listJobs(query, before: before, limit: limit).jobs.map(\.id)
            }
            #expect(try ids { _ in } == ["d", "c", "b", "a"])
            #expect(try ids { $0.state = .dead } == ["c"])
            #expect(try ids { $0.state = .queued } == ["d"])
            #expect(try ids { $0.code = "http-404" } == ["c"])
            #expect(try ids { $0.lang = "kk" } == ["a"])
            #expect(try ids { $0.batch = "b1" } == ["b", "a"])
            #expect(try ids { $0.site = "www.News.example" } == ["a"])
            #expect(
                try ids {
                    $0.since = at(-1); $0.until = at(0.5)
                } == ["d", "c", "b", "a"])
            #expect(try ids { $0.since = at(0.5) }.isEmpty)
            #expect(try ids { $0.q = "tram" } == ["b"], "words of the text")
            #expect(try ids { $0.q = "news.example" } == ["a"], "a site")
            #expect(try ids { $0.q = "https://news.example/a" } == ["a"], "a URL")
            #expect(try ids { $0.q = "mine" } == ["d"], "an article id")
            #expect(try ids { $0.q = "c" } == ["c"], "a job id")
            let first = try store.listJobs(JobListQuery(), before: nil, limit: 2)
            #expect(first.jobs.map(\.id) == ["d", "c"])
            #expect(try ids({ _ in }, before: first.last) == ["b", "a"], "the next page")
            let dead = try #require(
                try store.listJobs(JobListQuery(), before: nil, limit: 10).jobs.first { $0.id == "c" })
            #expect(dead.errorCode == "http-404" && dead.errorMessage == "gone" && dead.state == .dead)
            #expect(
                try store.listJobs(JobListQuery(), before: nil, limit: 10).jobs.first { $0.id == "a" }?.lang == "kk")
            #expect(try store.deadCodes(limit: 10).map { "\($0.code)=\($0.jobs)" } == ["http-404=1"])
            // Only the finished among the named jobs are deleted.
            let purged = try store.purge(
                before: at(100), bodiesOnly: false, matching: nil, only: ["c", "d"], limit: 10)
            #expect(purged.jobs == 1)
            #expect(try ids { _ in } == ["d", "b", "a"])
        }
    }

    @Test("Documents: only JSON objects are accepted", arguments: StoreKind.allCases)
    func documents(_ kind: StoreKind) throws {
        try withStore(kind) { store, _ throws in
            #expect(try store.isValidDocument(Array(#"{"a":1}"#.utf8)))
            #expect(try !store.isValidDocument(Array("[1]".utf8)))
            #expect(try !store.isValidDocument(Array("{not json".utf8)))
            #expect(try !store.isValidDocument([0x7B, 0x00, 0x7D]))
            if kind == .postgres {
                #expect(try !store.isValidDocument(Array(#"{"a":"\u0000"}"#.utf8)))
                #expect(try !store.isValidDocument(Array(#"{"a":1e1000000}"#.utf8)), "beyond numeric")
            }
        }
    }

    @Test("Dedupe keys, cancel of a batch's jobs, re-processing with history, and purge", arguments: StoreKind.allCases)
    func lifecycle(_ kind: StoreKind) throws {
        try withStore(kind) { store, _ in
            try store.apply(
                [
                    newJob(
                        "a", url: "https://Example.com/x?utm_source=feed", body: "same", batch: "b", client: "k1",
                        articleId: "A-1"),
                    newJob("b", body: "other", batch: "b", client: "k2"),
                ], now: at(0))
            let key = try #require(DedupeKey.url("https://example.com/x"))
            #expect(try store.existingJobs(withKeys: [key, "none"], by: .url) == [key: "a"])
            #expect(try store.existingJobs(withKeys: ["A-1"], by: .articleId) == ["A-1": "a"])
            #expect(try store.existingJobs(withKeys: [DedupeKey.content(Array("same".utf8))], by: .content).count == 1)
            #expect(try store.unfinishedJobs(inBatch: "b", client: "k1", limit: 10) == ["a"])
            #expect(try store.unfinishedJobCount(inBatch: "b", notSubmittedBy: "k1") == 1)
            #expect(try store.recentBatches(limit: 10, window: 1000).first?.total == 2)

            try store.apply([.done(job: "a", document: document("a", text: "first version"))], now: at(1))
            try store.apply([.cancelled(job: "b")], now: at(1))
            let through = try store.newestResult()
            let page = try store.reprocessCandidates(matching: ResultQuery(), after: nil, through: through, limit: 10)
            #expect(page.jobs == ["a"] && page.withoutBody == 0)
            #expect(try store.reprocessable(["a", "b"]).jobs == ["a"])
            try store.apply([.reprocess(job: "a", maxAttempts: 2)], now: at(2))
            #expect(try store.unfinishedJobs().first?.priority == .low)
            try store.apply([.done(job: "a", document: document("a", text: "second version"))], now: at(3))
            #expect(String(decoding: try #require(try store.document(of: "a")), as: UTF8.self).contains("second"))
            let history = try store.history(of: "a", limit: 10)
            #expect(history.count == 1 && String(decoding: history[0].document, as: UTF8.self).contains("first"))
            #expect(history.first?.replacedAt == at(3))
            var search = ResultQuery()
            search.search = "first"
            #expect(try store.results(matching: search, after: nil, limit: 10).documents.isEmpty)

            let bodies = try store.purge(before: at(10), bodiesOnly: true, matching: nil, limit: 10)
            #expect(bodies.bodies == 2 && bodies.jobs == 0)
            #expect(try store.reprocessable(["a"]) == (jobs: [], withoutBody: 1))
            let all = try store.purge(before: at(10), bodiesOnly: false, matching: nil, limit: 10)
            #expect(all.jobs == 2)
            #expect(try store.states(of: ["a", "b"]) == [.unknown, .unknown])
            #expect(try store.history(of: "a", limit: 10).isEmpty)
            #expect(try store.size().bytes > 0)
        }
    }
}

@Suite("PostgreSQL store: several coordinators, restarts", .enabled(if: PostgresServer.unavailableReason == nil))
struct PostgresSharingTests {
    @Test("Two coordinators share one database: their own journals, unique ids, every result visible to both")
    func twoCoordinators() throws {
        let server = try PostgresServer.start()
        let one = try PostgresStore(url: server.url, coordinator: "east", connectTimeout: 5)
        let two = try PostgresStore(url: server.url, coordinator: "west", connectTimeout: 5)
        #expect(one.jobIdSuffix == "-east" && two.jobIdSuffix == "-west")
        try one.apply([newJob("0001-east"), newJob("0002-east")], now: at(0))
        try two.apply([newJob("0001-west")], now: at(0))
        try two.apply([.leased(job: "0001-west", attempt: 1, worker: "w")], now: at(1))
        #expect(try one.unfinishedJobs().map(\.id) == ["0001-east", "0002-east"])
        #expect(try two.unfinishedJobs().map(\.id) == ["0001-west"])
        // A restart of east releases only its own leases.
        #expect(try one.releaseLeases(now: at(2)) == 0)
        #expect(try two.states(of: ["0001-west"]) == [.leased])
        #expect(try one.newestJobId() == "0002-east" && two.newestJobId() == "0001-west")
        try two.apply([.done(job: "0001-west", document: document("0001-west", text: "from the west"))], now: at(3))
        #expect(ids(try one.results(after: nil, limit: 10)) == ["0001-west"])
        #expect(try one.counts()[.done] == nil && two.counts()[.done] == 1)
        // The same name twice is refused while the first holds it.
        #expect(throws: StoreError.self) { _ = try PostgresStore(url: server.url, coordinator: "east") }
        // A name that could clash with SQL or ids is refused.
        #expect(throws: StoreError.self) { _ = try PostgresStore(url: server.url, coordinator: "East'; --") }
    }

    @Test("Reads come back after a database restart; the schema is not migrated twice")
    func restart() throws {
        let server = try PostgresServer.start()
        let store = try PostgresStore(url: server.url, coordinator: "c1", connectTimeout: 5)
        try store.apply([newJob("a")], now: at(0))
        try server.restart()
        #expect(try store.states(of: ["a"]) == [.queued])
        try store.apply([newJob("b")], now: at(1))
        #expect(try store.unfinishedJobs().map(\.id) == ["a", "b"])
        let other = try PostgresStore(url: server.url, coordinator: "c2", connectTimeout: 5)
        #expect(try other.states(of: ["a", "b"]) == [.queued, .queued])
    }

    @Test(
        "A database down is an outage (writes, reads and result checks throw errors isOutage knows); a commit applied twice changes nothing"
    )
    func outage() throws {
        let server = try PostgresServer.start()
        let store = try PostgresStore(url: server.url, coordinator: "c1", connectTimeout: 2)
        let first: [JournalChange] = [
            newJob("a"), newJob("b"), .submission(key: "k1", jobs: ["a", "b"]),
            .leased(job: "a", attempt: 1, worker: "w"), .leased(job: "b", attempt: 1, worker: "w"),
        ]
        try store.apply(first, now: at(0))
        server.kill()
        let write = #expect(throws: StoreError.self) {
            try store.apply([.done(job: "a", document: document("a", text: "alpha"))], now: at(1))
        }
        #expect(write.map(store.isOutage) == true, "\(String(describing: write))")
        let check = #expect(throws: StoreError.self) { _ = try store.isValidDocument(Array(#"{"a":1}"#.utf8)) }
        #expect(check.map(store.isOutage) == true)
        let read = #expect(throws: StoreError.self) { _ = try store.counts() }
        #expect(read.map(store.isOutage) == true)
        #expect(!store.isOutage(StoreError(.io, "a local failure")))

        try server.restart()
        // The coordinator applies the failed turn again; a turn whose commit answer was lost is applied twice.
        let second: [JournalChange] = [
            .done(job: "a", document: document("a", text: "alpha")), newJob("c"),
            .requeued(job: "b", attempts: nil, error: nil, notBefore: nil), .submission(key: "k2", jobs: ["c"]),
        ]
        try store.apply(second, now: at(2))
        try store.apply(first + second, now: at(3))
        #expect(try store.counts() == [.done: 1, .queued: 2])
        #expect(try store.unfinishedJobs().map(\.id) == ["b", "c"])
        #expect(ids(try store.results(after: nil, limit: 10)) == ["a"])
        #expect(try store.submission(key: "k1") == ["a", "b"])
    }

    @Test("With a language asked for, search matches stems in that language's configuration; without, words")
    func stemming() throws {
        let server = try PostgresServer.start()
        let store = try PostgresStore(url: server.url, coordinator: "c1", connectTimeout: 5)
        try store.apply([newJob("en"), newJob("ru"), newJob("kk"), newJob("de")], now: at(0))
        try store.apply(
            [
                .done(job: "en", document: document("en", text: "The ministers were running late")),
                .done(job: "ru", document: document("ru", lang: "ru", text: "Новые книги вышли")),
                .done(job: "kk", document: document("kk", lang: "kk", text: "Жаңа кітаптар шықты")),
                .done(job: "de", document: document("de", lang: "de-AT", text: "Die Regierungen tagten")),
            ], now: at(1))
        func query(_ languages: [String], _ search: String) throws -> [String] {
            var query = ResultQuery()
            query.languages = languages
            query.search = search
            return ids(try store.results(matching: query, after: nil, limit: 10))
        }
        #expect(try query([], "runs") == [], "without a language, words only (as the embedded store)")
        #expect(try query(["en"], "runs minister") == ["en"])
        #expect(try query(["en"], "the") == ["en"], "a stop word still matches as a word")
        #expect(try query(["ru"], "книга") == ["ru"])
        #expect(try query(["ru", "en"], "книга") == ["ru"])
        #expect(try query(["de-AT"], "Regierung") == ["de"], "a regional code uses its language's configuration")
        #expect(try query(["kk"], "кітап") == ["kk"], "no Kazakh configuration: prefix words still match")
        #expect(try query(["kk"], "кітаптың") == [], "and no stems")
    }

    @Test("An unreachable database is a clear error, without the password")
    func unreachable() throws {
        let error = #expect(throws: StoreError.self) {
            _ = try PostgresStore(url: "postgres://u:secret-pw@127.0.0.1:1/db", coordinator: "c1", connectTimeout: 2)
        }
        #expect(error.map { !"\($0)".contains("secret-pw") } == true)
    }
}

@Suite("Copying an embedded store into PostgreSQL", .enabled(if: PostgresServer.unavailableReason == nil))
struct StoreCopyTests {
    @Test("Every job, body, result, replaced result and key goes across; an interrupted copy resumes; nothing twice")
    func copyResumes() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("presswork-copy-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = try JobStore(directory: directory)
        var packed = NewJob(id: "z", article: ArticleMeta(source: "z.html"), body: Array("raw".utf8), maxAttempts: 2)
        packed.zstdBody = [9, 9]
        try source.apply(
            [
                newJob("a", batch: "b"), newJob("b", batch: "b"), newJob("c"), .insert(packed),
                .submission(key: "k", jobs: ["a", "b"]),
            ],
            now: at(0))
        try source.apply([.done(job: "a", document: document("a", text: "harbour one"))], now: at(1))
        try source.apply([.reprocess(job: "a", maxAttempts: 2)], now: at(2))
        try source.apply([.done(job: "a", document: document("a", text: "harbour two"))], now: at(3))
        try source.apply([.cancelled(job: "b"), .leased(job: "c", attempt: 1, worker: "w")], now: at(4))

        let server = try PostgresServer.start()
        let target = try PostgresStore(url: server.url, coordinator: "moved", connectTimeout: 5)
        let origin = "sqlite:" + directory
        #expect(try target.copiedThrough(source: origin) == 0)
        // Two jobs, then an interruption; then the rest from where it stopped.
        let first = try source.jobRecords(after: 0, limit: 2)
        #expect(try target.importJobs(first, source: origin) == 2)
        let resumeAt = try target.copiedThrough(source: origin)
        #expect(resumeAt == first.last?.seq)
        let rest = try source.jobRecords(after: resumeAt, limit: 100)
        #expect(rest.map(\.id) == ["c", "z"])
        #expect(try target.importJobs(rest, source: origin) == 2)
        // The same page again adds nothing.
        #expect(try target.importJobs(first, source: origin) == 0)
        try target.importSubmissions(try source.submissionRecords())

        #expect(try target.states(of: ["a", "b", "c", "z"]) == [.done, .cancelled, .leased, .queued])
        #expect(try target.submission(key: "k") == ["a", "b"])
        #expect(String(decoding: try #require(try target.document(of: "a")), as: UTF8.self).contains("two"))
        #expect(try target.history(of: "a", limit: 5).count == 1)
        #expect(try target.payload(of: "z")?.encoding == "zstd")
        var search = ResultQuery()
        search.search = "harbour"
        #expect(ids(try target.results(matching: search, after: nil, limit: 10)) == ["a"])
        // The coordinator that takes over releases the interrupted lease and goes on.
        #expect(try target.releaseLeases(now: at(10)) == 1)
        #expect(try target.unfinishedJobs().map(\.id) == ["c", "z"])
    }
}

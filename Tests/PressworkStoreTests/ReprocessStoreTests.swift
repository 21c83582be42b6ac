import Foundation
import PressworkProtocol
import PressworkStore
import Testing

@Suite("Re-processing in the journal: the new result replaces the old, which moves to the history")
struct ReprocessStoreTests {
    static func document(_ job: String, _ words: String) -> [UInt8] {
        Array(#"{"id":"\#(job)","language":{"code":"en"},"title":"t","text":"\#(words)"}"#.utf8)
    }

    static func search(_ store: JobStore, _ words: String) throws -> Int {
        var query = ResultQuery()
        query.search = words
        return try store.results(matching: query, after: nil, limit: 10).documents.count
    }

    @Test("Queued again at low priority with its result kept; the new result replaces it once, the old stays readable")
    func replace() throws {
        try withStore { (store) throws in
            try store.apply(
                [.insert(NewJob(id: "a", article: ArticleMeta(source: "a.txt"), body: [0x61], maxAttempts: 1))],
                now: Clock.at(0))
            try store.apply([.done(job: "a", document: Self.document("a", "harbour storm"))], now: Clock.at(1))
            let firstCursor = try store.newestResult()
            try store.apply([.reprocess(job: "a", maxAttempts: 3)], now: Clock.at(2))
            let unfinished = try #require(try store.unfinishedJobs().first)
            #expect(unfinished.id == "a" && unfinished.priority == .low && unfinished.maxAttempts == 3)
            #expect(try store.document(of: "a") == Self.document("a", "harbour storm"))

            try store.apply([.leased(job: "a", attempt: 1, worker: "w1")], now: Clock.at(3))
            try store.apply([.done(job: "a", document: Self.document("a", "harbour calm"))], now: Clock.at(4))
            #expect(try store.document(of: "a") == Self.document("a", "harbour calm"))
            #expect(try Self.search(store, "calm") == 1 && Self.search(store, "storm") == 0)
            // The new document comes after the old cursor, so an incremental export fetches it.
            #expect(try store.results(after: firstCursor, limit: 10).documents.count == 1)
            let history = try store.history(of: "a", limit: 10)
            #expect(history.map(\.document) == [Self.document("a", "harbour storm")])
            #expect(history.first?.storedAt == Clock.at(1) && history.first?.replacedAt == Clock.at(4))

            // A late second result of the same run is not stored, nor does it touch the history.
            try store.apply([.done(job: "a", document: Self.document("a", "harbour late"))], now: Clock.at(5))
            #expect(try store.document(of: "a") == Self.document("a", "harbour calm"))
            #expect(try store.history(of: "a", limit: 10).count == 1)
        }
    }

    @Test("Candidates: matching done results up to the starting point, paged; bodies purged are counted, not queued")
    func candidates() throws {
        try withStore { (store) throws in
            for job in ["a", "b", "c"] {
                try store.apply(
                    [.insert(NewJob(id: job, article: ArticleMeta(source: job), body: [0x61], maxAttempts: 1))],
                    now: Clock.at(0))
                try store.apply([.done(job: job, document: Self.document(job, "words"))], now: Clock.at(1))
            }
            _ = try store.purge(before: Clock.at(2), bodiesOnly: true, matching: nil, limit: 1)
            let through = try store.newestResult()
            let first = try store.reprocessCandidates(matching: ResultQuery(), after: nil, through: through, limit: 2)
            #expect(first.jobs == ["b"] && first.withoutBody == 1 && first.more)
            try store.apply([.reprocess(job: "b", maxAttempts: 1)], now: Clock.at(3))
            try store.apply([.done(job: "b", document: Self.document("b", "new"))], now: Clock.at(4))
            // "b"'s new result is after `through`: not picked again.
            let rest = try store.reprocessCandidates(
                matching: ResultQuery(), after: first.last, through: through, limit: 2)
            #expect(rest.jobs == ["c"] && !rest.more)
            #expect(try store.reprocessable(["a", "b", "zz"]) == (jobs: ["b"], withoutBody: 1))
        }
    }

    @Test("Retention removes replaced documents older than the cutoff, and a purged job's whole history")
    func retention() throws {
        try withStore { (store) throws in
            for job in ["a", "b"] {
                try store.apply(
                    [.insert(NewJob(id: job, article: ArticleMeta(source: job), body: [0x61], maxAttempts: 1))],
                    now: Clock.at(0))
                try store.apply([.done(job: job, document: Self.document(job, "one"))], now: Clock.at(1))
                try store.apply([.reprocess(job: job, maxAttempts: 1)], now: Clock.at(2))
            }
            try store.apply([.done(job: "a", document: Self.document("a", "two"))], now: Clock.at(3))
            try store.apply([.done(job: "b", document: Self.document("b", "two"))], now: Clock.at(30))
            // Cutoff 10: "a" (finished at 3) goes with its history; "b" stays, its replaced document (at 30) too.
            let purged = try store.purge(before: Clock.at(10), bodiesOnly: false, matching: nil, limit: 10)
            #expect(purged.jobs == 1)
            #expect(try store.history(of: "a", limit: 10).isEmpty && store.history(of: "b", limit: 10).count == 1)
            let later = try store.purge(before: Clock.at(31), bodiesOnly: false, matching: nil, limit: 10)
            #expect(later.history + later.jobs >= 1)
            #expect(try store.history(of: "b", limit: 10).isEmpty)
        }
    }
}

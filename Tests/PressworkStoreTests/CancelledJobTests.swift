import Foundation
import PressworkProtocol
import PressworkStore
import Testing

@Suite("Cancelled jobs in the journal")
struct CancelledJobTests {
    static func insert(_ store: JobStore, _ ids: [String], batch: String?, client: String? = nil) throws {
        try store.apply(
            ids.map {
                .insert(
                    NewJob(
                        id: $0, article: ArticleMeta(source: "\($0).txt"), body: Array($0.utf8), maxAttempts: 3,
                        client: client, batch: batch))
            }, now: Clock.at(0))
    }

    @Test("Queued and leased jobs become cancelled; finished ones do not; a stale lease or requeue cannot revive one")
    func states() throws {
        try withStore { (store) throws in
            try Self.insert(store, ["a", "b", "c"], batch: "b1")
            try store.apply([.leased(job: "b", attempt: 1, worker: "w1")], now: Clock.at(1))
            try store.apply([.done(job: "c", document: Array(#"{"text":"x"}"#.utf8))], now: Clock.at(1))
            try store.apply([.cancelled(job: "a"), .cancelled(job: "b"), .cancelled(job: "c")], now: Clock.at(2))
            #expect(try store.states(of: ["a", "b", "c"]) == [.cancelled, .cancelled, .done])
            try store.apply(
                [
                    .leased(job: "a", attempt: 1, worker: "w1"),
                    .requeued(job: "b", error: nil, notBefore: nil),
                    .dead(job: "b", error: nil),
                ], now: Clock.at(3))
            #expect(try store.states(of: ["a", "b"]) == [.cancelled, .cancelled])
            #expect(try store.unfinishedJobs().isEmpty)
            #expect(try store.counts()[.cancelled] == 2)
            let batch = try #require(try store.recentBatches().first)
            #expect(batch.cancelled == 2 && batch.done == 1 && batch.total == 3)
            let listed = try store.jobs(in: [.cancelled], matching: ResultQuery(), after: nil, limit: 10)
            #expect(listed.documents.count == 2)
            // Cancelled jobs are finished: purge takes them.
            #expect(try store.purge(before: Clock.at(10), bodiesOnly: false, matching: nil, limit: 10).jobs == 3)
        }
    }

    @Test("A batch's unfinished jobs, all or one client's, and who submitted each job")
    func batchLookups() throws {
        try withStore { (store) throws in
            try Self.insert(store, ["a", "b"], batch: "b1", client: "k1")
            try Self.insert(store, ["c"], batch: "b1", client: "k2")
            try Self.insert(store, ["d"], batch: "b2", client: "k1")
            try store.apply([.cancelled(job: "b")], now: Clock.at(1))
            #expect(try store.unfinishedJobs(inBatch: "b1", client: nil, limit: 10) == ["a", "c"])
            #expect(try store.unfinishedJobs(inBatch: "b1", client: "k1", limit: 10) == ["a"])
            #expect(try store.unfinishedJobs(inBatch: "b1", client: nil, limit: 1) == ["a"])
            #expect(try store.unfinishedJobCount(inBatch: "b1", notSubmittedBy: "k1") == 1)
            #expect(try store.submitters(of: ["a", "c", "zz"]) == ["a": "k1", "c": "k2"])
        }
    }

    @Test("The table rebuild that allows cancelled keeps every row, result and body, and never reuses a purged seq")
    func rebuildKeepsData() throws {
        try withDataDirectory { (directory) throws in
            do {
                let store = try JobStore(directory: directory)
                try Self.insert(store, ["a", "b", "c"], batch: "b1", client: "k1")
                try store.apply([.done(job: "a", document: Array(#"{"text":"kept"}"#.utf8))], now: Clock.at(1))
                try store.apply([.dead(job: "c", error: nil)], now: Clock.at(1))
                // The newest job goes, so the highest seq is no longer in the table.
                #expect(try store.purge(before: Clock.at(5), bodiesOnly: false, matching: nil, limit: 10).jobs == 2)
            }
            let path = directory + "/presswork.sqlite"
            let before = try sqlite3(path, "SELECT seq FROM sqlite_sequence WHERE name = 'jobs';")
            // Run the rebuild again over the data, as on a store written before it.
            _ = try sqlite3(path, "DELETE FROM grdb_migrations WHERE identifier = 'v9-cancelled';")
            let store = try JobStore(directory: directory)
            #expect(try store.states(of: ["a", "b", "c"]) == [.unknown, .queued, .unknown])
            #expect(try store.payload(of: "b")?.body == Array("b".utf8))
            #expect(try sqlite3(path, "SELECT seq FROM sqlite_sequence WHERE name = 'jobs';") == before)
            try Self.insert(store, ["d"], batch: nil)
            let seqs = try sqlite3(path, "SELECT seq FROM jobs ORDER BY seq;")
            #expect(seqs.split(separator: "\n").map(String.init) == ["2", "4"], "\(seqs)")
            try store.apply([.cancelled(job: "d")], now: Clock.at(2))
            #expect(try store.states(of: ["d"]) == [.cancelled])
        }
    }
}

@Suite("Compressed bodies in the journal")
struct CompressedBodyTests {
    @Test("A body given compressed is stored so and read back with its encoding and size as submitted")
    func storedCompressed() throws {
        try withDataDirectory { (directory) throws in
            let store = try JobStore(directory: directory)
            let body = Array(String(repeating: "<p>The harbour reopened on Monday.</p>\n", count: 2_000).utf8)
            var packed = NewJob(id: "z", article: ArticleMeta(source: "z.html"), body: body, maxAttempts: 1)
            packed.zstdBody = Array(body.prefix(100))  // any bytes: the store does not decode them
            try store.apply(
                [
                    .insert(packed),
                    .insert(NewJob(id: "p", article: ArticleMeta(source: "p.html"), body: body, maxAttempts: 1)),
                ], now: Clock.at(0))
            let stored = try #require(try store.payload(of: "z"))
            #expect(
                stored.encoding == "zstd" && stored.body == Array(body.prefix(100)) && stored.bodyBytes == body.count)
            let plain = try #require(try store.payload(of: "p"))
            #expect(plain.encoding == nil && plain.body == body && plain.bodyBytes == body.count)
            // Hashes and sizes are those of the article as submitted.
            #expect(try store.jobInfo("z")?.bodyBytes == body.count)
            let hashes = try sqlite3(directory + "/presswork.sqlite", "SELECT DISTINCT body_sha256 FROM jobs;")
            #expect(hashes.split(separator: "\n").count == 1)
        }
    }
}

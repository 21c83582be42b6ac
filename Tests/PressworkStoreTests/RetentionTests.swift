import Foundation
import PressworkProtocol
import PressworkStore
import Testing

@Suite("Retention: purging finished jobs, results and bodies")
struct RetentionTests {
    /// Six jobs: j1–j4 done at t=10 (j1, j2 Kazakh, j3, j4 English), j5 dead at t=10, j6 still queued.
    static func filled(_ store: JobStore) throws {
        for number in 1...6 {
            try store.apply(
                [
                    .insert(
                        NewJob(
                            id: "j\(number)", article: ArticleMeta(source: "s\(number)"),
                            body: [UInt8](repeating: 0x61, count: 50_000), maxAttempts: 1))
                ], now: Clock.at(0))
        }
        var changes: [JournalChange] = (1...4).map { number in
            let lang = number <= 2 ? "kk" : "en"
            let document =
                #"{"id":"j\#(number)","language":{"code":"\#(lang)"},"title":"t","text":"harbour \#(number)"}"#
            return .done(job: "j\(number)", document: Array(document.utf8))
        }
        changes.append(.dead(job: "j5", error: nil))
        try store.apply(changes, now: Clock.at(10))
    }

    @Test("Only finished jobs older than the cutoff go, in batches; queued ones stay; search forgets them")
    func purgeJobs() throws {
        try withStore { (store) throws in
            try Self.filled(store)
            #expect(try store.purge(before: Clock.at(5), bodiesOnly: false, matching: nil, limit: 10).jobs == 0)
            let first = try store.purge(before: Clock.at(20), bodiesOnly: false, matching: nil, limit: 3)
            #expect(first.jobs == 3 && first.bodies == 3 && first.more)
            let rest = try store.purge(before: Clock.at(20), bodiesOnly: false, matching: nil, limit: 3)
            #expect(rest.jobs == 2 && !rest.more)
            #expect(try store.jobInfo("j6")?.state == .queued)
            #expect(try store.payload(of: "j6") != nil)
            #expect(try store.jobInfo("j1") == nil && store.jobInfo("j5") == nil)
            var search = ResultQuery()
            search.search = "harbour"
            #expect(try store.results(matching: search, after: nil, limit: 10).documents.isEmpty)
        }
    }

    @Test("Bodies only: results stay readable, bodies go; a filter narrows to matching results")
    func purgeBodiesWithFilter() throws {
        try withStore { (store) throws in
            try Self.filled(store)
            var kazakh = ResultQuery()
            kazakh.languages = ["kk"]
            let purged = try store.purge(before: Clock.at(20), bodiesOnly: true, matching: kazakh, limit: 10)
            #expect(purged.jobs == 0 && purged.bodies == 2)
            #expect(try store.payload(of: "j1") == nil && store.payload(of: "j3") != nil)
            #expect(try store.document(of: "j1") != nil)
            // Again: nothing left to delete for that filter.
            #expect(try store.purge(before: Clock.at(20), bodiesOnly: true, matching: kazakh, limit: 10).bodies == 0)
        }
    }

    @Test("A new store gives purged space back to the file system")
    func spaceIsReturned() throws {
        try withStore { (store) throws in
            try Self.filled(store)
            let before = try store.size()
            _ = try store.purge(before: Clock.at(20), bodiesOnly: false, matching: nil, limit: 10)
            try store.releaseFreePages()
            let after = try store.size()
            #expect(after.bytes < before.bytes - 4 * 50_000, "\(before) → \(after)")
            #expect(after.freeBytes == 0)
        }
    }
}

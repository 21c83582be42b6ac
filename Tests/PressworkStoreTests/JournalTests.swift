import PressworkProtocol
import PressworkStore
import Testing

@Suite("Journal changes")
struct JournalTests {
    @Test("An inserted job is queued and listed as unfinished, not leased")
    func insert() throws {
        try withStore { (store) throws in
            try store.apply([.insert(Jobs.new(1, maxAttempts: 4))], now: Clock.at(0))
            let unfinished = try store.unfinishedJobs()
            #expect(
                unfinished == [
                    UnfinishedJob(
                        id: Jobs.id(1), attempts: 0, maxAttempts: 4, wasLeased: false, notBefore: nil,
                        submittedAt: Clock.at(0))
                ])
            let info = try #require(try store.jobInfo(Jobs.id(1)))
            #expect(info.state == .queued)
            #expect(info.attempts == 0)
            #expect(info.maxAttempts == 4)
            #expect(info.article == Jobs.article(1))
            #expect(info.bodyBytes == Jobs.new(1).body.count)
            #expect(info.submittedAt == "2026-01-01T00:00:00.000Z")
            #expect(info.updatedAt == "2026-01-01T00:00:00.000Z")
            #expect(info.notBefore == nil)
            #expect(info.errors.isEmpty)
        }
    }

    @Test("A submission key remembers its jobs until forgotten; a repeated key keeps the first jobs")
    func submissionKeys() throws {
        try withStore { (store) throws in
            try store.apply(
                [.insert(Jobs.new(1)), .insert(Jobs.new(2)), .submission(key: "k1", jobs: [Jobs.id(1), Jobs.id(2)])],
                now: Clock.at(0))
            try store.apply([.submission(key: "k1", jobs: ["other"])], now: Clock.at(5))
            #expect(try store.submission(key: "k1") == [Jobs.id(1), Jobs.id(2)])
            #expect(try store.submission(key: "k2") == nil)
            try store.apply([.forgetSubmissions(before: Clock.at(1))], now: Clock.at(10))
            #expect(try store.submission(key: "k1") == nil)
            #expect(try store.jobInfo(Jobs.id(1)) != nil, "forgetting a key keeps its jobs")
        }
    }

    @Test("An empty batch changes nothing")
    func emptyBatch() throws {
        try withStore { (store) throws in
            try store.apply([], now: Clock.at(0))
            #expect(try store.unfinishedJobs().isEmpty)
            #expect(try store.counts().isEmpty)
        }
    }

    @Test("A leased job is unfinished, was leased, and records its attempt and update time")
    func leased() throws {
        try withStore { (store) throws in
            try store.apply([.insert(Jobs.new(1))], now: Clock.at(0))
            try store.apply([.leased(job: Jobs.id(1), attempt: 1, worker: "w-1")], now: Clock.at(2.5))
            let unfinished = try #require(try store.unfinishedJobs().first)
            #expect(unfinished.wasLeased)
            #expect(unfinished.attempts == 1)
            let info = try #require(try store.jobInfo(Jobs.id(1)))
            #expect(info.state == .leased)
            #expect(info.attempts == 1)
            #expect(info.submittedAt == "2026-01-01T00:00:00.000Z")
            #expect(info.updatedAt == "2026-01-01T00:00:02.500Z")
        }
    }

    @Test("Each failed attempt's error is appended, in order")
    func errorsAccumulate() throws {
        try withStore { (store) throws in
            try store.apply([.insert(Jobs.new(1, maxAttempts: 5))], now: Clock.at(0))
            for attempt in 1...4 {
                try store.apply(
                    [.leased(job: Jobs.id(1), attempt: attempt, worker: "w-\(attempt)")], now: Clock.at(Double(attempt))
                )
                try store.apply(
                    [.requeued(job: Jobs.id(1), error: Jobs.error(attempt), notBefore: nil)],
                    now: Clock.at(Double(attempt) + 0.5))
            }
            let info = try #require(try store.jobInfo(Jobs.id(1)))
            #expect(info.state == .queued)
            #expect(info.attempts == 4)
            #expect(info.errors == (1...4).map { Jobs.error($0) })
            #expect(try store.unfinishedJobs().first?.wasLeased == false)
        }
    }

    @Test("A job handed back without an error keeps its errors as they were")
    func requeuedWithoutError() throws {
        try withStore { (store) throws in
            try store.apply(
                [
                    .insert(Jobs.new(1)), .leased(job: Jobs.id(1), attempt: 1, worker: "w-1"),
                    .requeued(job: Jobs.id(1), error: Jobs.error(1), notBefore: nil),
                    .leased(job: Jobs.id(1), attempt: 2, worker: "w-2"),
                    .requeued(job: Jobs.id(1), error: nil, notBefore: nil),
                ], now: Clock.at(0))
            let info = try #require(try store.jobInfo(Jobs.id(1)))
            #expect(info.state == .queued)
            #expect(info.errors == [Jobs.error(1)])
        }
    }

    @Test("A retry back-off is stored, returned, and cleared by the next lease")
    func notBefore() throws {
        try withStore { (store) throws in
            try store.apply(
                [
                    .insert(Jobs.new(1)), .leased(job: Jobs.id(1), attempt: 1, worker: "w-1"),
                    .requeued(job: Jobs.id(1), error: Jobs.error(1), notBefore: Clock.at(3.5)),
                ], now: Clock.at(1))
            #expect(try store.unfinishedJobs().first?.notBefore == Clock.at(3.5))
            #expect(try store.jobInfo(Jobs.id(1))?.notBefore == "2026-01-01T00:00:03.500Z")

            try store.apply([.leased(job: Jobs.id(1), attempt: 2, worker: "w-1")], now: Clock.at(4))
            #expect(try store.unfinishedJobs().first?.notBefore == nil)
            #expect(try store.jobInfo(Jobs.id(1))?.notBefore == nil)
        }
    }

    @Test("A result is stored once: a second result for the same job keeps the first document")
    func doneExactlyOnce() throws {
        try withStore { (store) throws in
            let first = Array(#"{"first":true}"#.utf8)
            let second = Array(#"{"second":true}"#.utf8)
            try store.apply(
                [.insert(Jobs.new(1)), .leased(job: Jobs.id(1), attempt: 1, worker: "w-1")], now: Clock.at(0))
            try store.apply([.done(job: Jobs.id(1), document: first)], now: Clock.at(1))
            try store.apply([.done(job: Jobs.id(1), document: second)], now: Clock.at(2))
            // Twice in one batch as well.
            try store.apply(
                [.done(job: Jobs.id(1), document: second), .done(job: Jobs.id(1), document: second)], now: Clock.at(3))

            #expect(try store.document(of: Jobs.id(1)) == first)
            #expect(try store.resultCount() == 1)
            #expect(try store.jobInfo(Jobs.id(1))?.state == .done)
            #expect(try store.unfinishedJobs().isEmpty)
            #expect(try store.results(after: nil, limit: 10).documents == [first])
        }
    }

    @Test("A document keeps its exact bytes, non-ASCII included")
    func documentBytes() throws {
        try withStore { (store) throws in
            let document = Array(#"{"text":"Қазақстан — «жаңалықтар»","url":"https://example.com/a?b=1&c=2"}"#.utf8)
            try store.apply([.insert(Jobs.new(1)), .done(job: Jobs.id(1), document: document)], now: Clock.at(0))
            #expect(try store.document(of: Jobs.id(1)) == document)
            #expect(try store.document(of: "j-nope") == nil)
        }
    }

    @Test("A dead job keeps every attempt's error and is listed as dead")
    func dead() throws {
        try withStore { (store) throws in
            try store.apply([.insert(Jobs.new(1)), .insert(Jobs.new(2))], now: Clock.at(0))
            for attempt in 1...2 {
                try store.apply(
                    [
                        .leased(job: Jobs.id(1), attempt: attempt, worker: "w-\(attempt)"),
                        .requeued(job: Jobs.id(1), error: Jobs.error(attempt), notBefore: Clock.at(10)),
                    ], now: Clock.at(Double(attempt)))
            }
            try store.apply(
                [
                    .leased(job: Jobs.id(1), attempt: 3, worker: "w-3"),
                    .dead(job: Jobs.id(1), error: Jobs.error(3, code: "undecodable")),
                ], now: Clock.at(3))

            let dead = try store.deadJobs(limit: 10)
            #expect(dead.map(\.id) == [Jobs.id(1)])
            let info = try #require(dead.first)
            #expect(info.state == .dead)
            #expect(info.attempts == 3)
            #expect(info.notBefore == nil)
            #expect(info.errors == [Jobs.error(1), Jobs.error(2), Jobs.error(3, code: "undecodable")])
            #expect(try store.jobInfo(Jobs.id(1)) == info)
            #expect(try store.unfinishedJobs().map(\.id) == [Jobs.id(2)])
        }
    }

    @Test("Dead jobs are listed oldest first, up to the limit")
    func deadJobsOrderAndLimit() throws {
        try withStore { (store) throws in
            try store.apply((1...5).map { .insert(Jobs.new($0)) }, now: Clock.at(0))
            // Killed in another order than submitted: the list follows submission order.
            try store.apply([5, 2, 4].map { .dead(job: Jobs.id($0), error: nil) }, now: Clock.at(1))
            #expect(try store.deadJobs(limit: 10).map(\.id) == [2, 4, 5].map(Jobs.id))
            #expect(try store.deadJobs(limit: 2).map(\.id) == [2, 4].map(Jobs.id))
            #expect(try store.deadJobs(limit: 10).allSatisfy { $0.errors.isEmpty })
        }
    }

    @Test("A revived job is queued again with its new attempt budget and keeps its history")
    func revived() throws {
        try withStore { (store) throws in
            try store.apply(
                [
                    .insert(Jobs.new(1, maxAttempts: 2)),
                    .leased(job: Jobs.id(1), attempt: 1, worker: "w-1"),
                    .requeued(job: Jobs.id(1), error: Jobs.error(1), notBefore: nil),
                    .leased(job: Jobs.id(1), attempt: 2, worker: "w-1"),
                    .dead(job: Jobs.id(1), error: Jobs.error(2)),
                ], now: Clock.at(0))
            try store.apply([.revived(job: Jobs.id(1), maxAttempts: 4)], now: Clock.at(5))

            let info = try #require(try store.jobInfo(Jobs.id(1)))
            #expect(info.state == .queued)
            #expect(info.maxAttempts == 4)
            #expect(info.attempts == 2)
            #expect(info.errors == [Jobs.error(1), Jobs.error(2)])
            #expect(info.updatedAt == "2026-01-01T00:00:05.000Z")
            #expect(try store.deadJobs(limit: 10).isEmpty)
            #expect(
                try store.unfinishedJobs() == [
                    UnfinishedJob(
                        id: Jobs.id(1), attempts: 2, maxAttempts: 4, wasLeased: false, notBefore: nil,
                        submittedAt: Clock.at(0))
                ])
        }
    }

    @Test("Changes that do not fit the job's state are ignored")
    func changesOutOfOrder() throws {
        try withStore { (store) throws in
            try store.apply(
                [.insert(Jobs.new(1)), .insert(Jobs.new(2)), .done(job: Jobs.id(1), document: Jobs.document(1))],
                now: Clock.at(0))
            // A finished job is not leased, requeued or killed again.
            try store.apply(
                [
                    .leased(job: Jobs.id(1), attempt: 2, worker: "w-late"),
                    .requeued(job: Jobs.id(1), error: Jobs.error(2), notBefore: Clock.at(9)),
                    .dead(job: Jobs.id(1), error: Jobs.error(3)),
                    // Only a dead job can be revived.
                    .revived(job: Jobs.id(2), maxAttempts: 9),
                    // Unknown ids change nothing.
                    .leased(job: "j-nope", attempt: 1, worker: "w-1"),
                    .requeued(job: "j-nope", error: nil, notBefore: nil),
                    .dead(job: "j-nope", error: nil),
                    .revived(job: "j-nope", maxAttempts: 1),
                ], now: Clock.at(1))
            let done = try #require(try store.jobInfo(Jobs.id(1)))
            #expect(done.state == .done)
            #expect(done.errors.isEmpty)
            #expect(done.notBefore == nil)
            let queued = try #require(try store.jobInfo(Jobs.id(2)))
            #expect(queued.state == .queued)
            #expect(queued.maxAttempts == 3)
            #expect(try store.jobInfo("j-nope") == nil)
        }
    }

    @Test("Unfinished jobs are listed oldest first")
    func unfinishedOrder() throws {
        try withStore { (store) throws in
            try store.apply([.insert(Jobs.new(3)), .insert(Jobs.new(1))], now: Clock.at(0))
            try store.apply(
                [.insert(Jobs.new(2)), .leased(job: Jobs.id(3), attempt: 1, worker: "w")], now: Clock.at(1))
            let unfinished = try store.unfinishedJobs()
            #expect(unfinished.map(\.id) == [3, 1, 2].map(Jobs.id))
            #expect(unfinished.map(\.wasLeased) == [true, false, false])
            #expect(unfinished.map(\.submittedAt) == [Clock.at(0), Clock.at(0), Clock.at(1)])
        }
    }
}

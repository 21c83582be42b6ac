import PressworkProtocol
import PressworkStore
import Testing

@Suite("Pending submissions: who submitted each unfinished job")
struct PendingSubmissionTests {
    static func job(_ number: Int, client: String?, bytes: Int) -> NewJob {
        var job = Jobs.new(number, body: [UInt8](repeating: 0x61, count: bytes))
        job.client = client
        return job
    }

    @Test("Unfinished jobs list their client and body size, oldest first; finished and anonymous ones do not")
    func listsUnfinishedWithClient() throws {
        try withStore { (store) throws in
            try store.apply(
                [
                    .insert(Self.job(1, client: "c1", bytes: 10)), .insert(Self.job(2, client: "c2", bytes: 20)),
                    .insert(Self.job(3, client: nil, bytes: 30)), .insert(Self.job(4, client: "c1", bytes: 40)),
                    .insert(Self.job(5, client: "c1", bytes: 50)),
                ], now: Clock.at(0))
            try store.apply(
                [
                    .leased(job: Jobs.id(2), attempt: 1, worker: "w1"),
                    .done(job: Jobs.id(4), document: Array("{}".utf8)),
                    .dead(job: Jobs.id(5), error: nil),
                ], now: Clock.at(1))
            #expect(
                try store.pendingSubmissions() == [
                    PendingSubmission(job: Jobs.id(1), client: "c1", bodyBytes: 10),
                    PendingSubmission(job: Jobs.id(2), client: "c2", bodyBytes: 20),
                ])
            // A revived job counts again.
            try store.apply([.revived(job: Jobs.id(5), maxAttempts: 6)], now: Clock.at(2))
            #expect(try store.pendingSubmissions().map(\.job) == [Jobs.id(1), Jobs.id(2), Jobs.id(5)])
        }
    }

    @Test("The client survives reopening the store")
    func survivesReopen() throws {
        try withDataDirectory { (directory) throws in
            try JobStore(directory: directory).apply(
                [.insert(Self.job(1, client: "key-1", bytes: 7))], now: Clock.at(0))
            #expect(
                try JobStore(directory: directory).pendingSubmissions() == [
                    PendingSubmission(job: Jobs.id(1), client: "key-1", bodyBytes: 7)
                ])
        }
    }
}

@Suite("Priority in the journal")
struct PriorityJournalTests {
    @Test("A job's priority is stored and comes back with the unfinished jobs")
    func priorityRoundTrip() throws {
        try withStore { (store) throws in
            var high = Jobs.new(1)
            high.priority = .high
            var low = Jobs.new(2)
            low.priority = .low
            try store.apply([.insert(high), .insert(low), .insert(Jobs.new(3))], now: Clock.at(0))
            #expect(try store.unfinishedJobs().map(\.priority) == [.high, .low, .normal])
        }
    }
}

@Suite("Job timeout in the journal")
struct JobTimeoutJournalTests {
    @Test("A job's own timeout is stored and comes back with the unfinished jobs")
    func timeoutRoundTrip() throws {
        try withStore { (store) throws in
            var quick = Jobs.new(1)
            quick.jobTimeout = 30
            try store.apply([.insert(quick), .insert(Jobs.new(2))], now: Clock.at(0))
            #expect(try store.unfinishedJobs().map(\.jobTimeout) == [30, nil])
        }
    }
}

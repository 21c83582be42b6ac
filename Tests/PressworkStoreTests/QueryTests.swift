import PressworkProtocol
import PressworkStore
import Testing

@Suite("Queries")
struct QueryTests {
    @Test("states(of:) answers in the order asked, unknown for ids never inserted")
    func states() throws {
        try withStore { (store) throws in
            try store.apply(
                [
                    .insert(Jobs.new(1)), .insert(Jobs.new(2)), .insert(Jobs.new(3)), .insert(Jobs.new(4)),
                    .leased(job: Jobs.id(2), attempt: 1, worker: "w"),
                    .done(job: Jobs.id(3), document: Jobs.document(3)),
                    .dead(job: Jobs.id(4), error: nil),
                ], now: Clock.at(0))
            let asked = [Jobs.id(4), "j-nope", Jobs.id(1), Jobs.id(3), Jobs.id(2), Jobs.id(1), ""]
            #expect(try store.states(of: asked) == [.dead, .unknown, .queued, .done, .leased, .queued, .unknown])
            #expect(try store.states(of: []) == [])
        }
    }

    @Test("states(of:) handles more ids than one statement binds", arguments: [499, 500, 501, 1_234])
    func manyStates(_ count: Int) throws {
        try withStore { (store) throws in
            // Every third id is known; the known ones alternate between queued and done.
            let known = stride(from: 0, to: count, by: 3).map { $0 }
            try store.apply(known.map { .insert(Jobs.new($0)) }, now: Clock.at(0))
            try store.apply(
                known.enumerated().filter { $0.offset.isMultiple(of: 2) }.map {
                    .done(job: Jobs.id($0.element), document: Jobs.document($0.element))
                }, now: Clock.at(1))

            let states = try store.states(of: (0..<count).map(Jobs.id))
            #expect(states.count == count)
            for number in 0..<count {
                let expected: JobState =
                    !number.isMultiple(of: 3) ? .unknown : (number / 3).isMultiple(of: 2) ? .done : .queued
                if states[number] != expected {
                    Issue.record("job \(number): \(states[number]), expected \(expected)")
                    break
                }
            }
        }
    }

    @Test("counts() counts jobs in each state and leaves out empty states")
    func counts() throws {
        try withStore { (store) throws in
            #expect(try store.counts() == [:])
            try store.apply((1...10).map { .insert(Jobs.new($0)) }, now: Clock.at(0))
            try store.apply(
                [
                    .leased(job: Jobs.id(1), attempt: 1, worker: "w"),
                    .leased(job: Jobs.id(2), attempt: 1, worker: "w"),
                    .done(job: Jobs.id(3), document: Jobs.document(3)),
                    .done(job: Jobs.id(4), document: Jobs.document(4)),
                    .done(job: Jobs.id(5), document: Jobs.document(5)),
                    .dead(job: Jobs.id(6), error: Jobs.error(1)),
                ], now: Clock.at(1))
            #expect(try store.counts() == [.queued: 4, .leased: 2, .done: 3, .dead: 1])
            #expect(try store.resultCount() == 3)
        }
    }

    @Test("results(after:limit:) pages through 1,200 documents in store order")
    func exportPages() throws {
        try withStore { (store) throws in
            let count = 1_200
            try store.apply((0..<count).map { .insert(Jobs.new($0)) }, now: Clock.at(0))
            // Finished in an order other than submitted: the export follows the order results were stored.
            let finishOrder = (0..<count).map { ($0 * 7) % count }
            #expect(Set(finishOrder).count == count)
            for batch in stride(from: 0, to: count, by: 100) {
                try store.apply(
                    finishOrder[batch..<batch + 100].map { .done(job: Jobs.id($0), document: Jobs.document($0)) },
                    now: Clock.at(1))
            }

            var exported: [[UInt8]] = []
            var cursors: [Int64] = []
            var after: Int64? = nil
            var pages = 0
            while true {
                let page = try store.results(after: after, limit: 500)
                pages += 1
                guard let last = page.last else {
                    #expect(page.documents.isEmpty)
                    break
                }
                #expect(page.documents.count <= 500)
                if let after { #expect(last > after) }
                exported += page.documents
                cursors.append(last)
                after = last
                if pages > 10 { break }
            }
            #expect(pages == 4)  // 500 + 500 + 200, then an empty page.
            #expect(exported.count == count)
            #expect(exported == finishOrder.map(Jobs.document))
            #expect(cursors == [500, 1_000, 1_200])
        }
    }

    @Test("A page size of one walks every document, and a cursor past the end gives an empty page")
    func smallPages() throws {
        try withStore { (store) throws in
            try store.apply(
                (1...3).flatMap {
                    [JournalChange.insert(Jobs.new($0)), .done(job: Jobs.id($0), document: Jobs.document($0))]
                },
                now: Clock.at(0))
            var after: Int64? = nil
            var seen: [[UInt8]] = []
            for _ in 0..<3 {
                let page = try store.results(after: after, limit: 1)
                seen += page.documents
                after = page.last
            }
            #expect(seen == (1...3).map(Jobs.document))
            let end = try store.results(after: after, limit: 1)
            #expect(end.documents.isEmpty)
            #expect(end.last == nil)
            #expect(try store.results(after: 1_000_000, limit: 10).documents.isEmpty)
        }
    }

    @Test(
        "payload(of:) returns the article and the exact body bytes",
        arguments: [
            [0x3C, 0x70, 0x3E, 0xC0, 0xFF, 0xFE, 0x00, 0x80, 0x0A],  // Not UTF-8, with a zero byte.
            [0x00],  // One byte.
            [0x41],
            Array("Жаңалықтар".utf8),
            (0..<65_536).map { UInt8(truncatingIfNeeded: $0 &* 31) },
        ] as [[UInt8]])
    func payload(_ body: [UInt8]) throws {
        try withStore { (store) throws in
            try store.apply([.insert(Jobs.new(1, body: body))], now: Clock.at(0))
            let payload = try #require(try store.payload(of: Jobs.id(1)))
            #expect(payload.body == body)
            #expect(payload.article == Jobs.article(1))
            #expect(try store.jobInfo(Jobs.id(1))?.bodyBytes == body.count)
        }
    }

    @Test("An empty body is stored and given back empty")
    func emptyPayload() throws {
        try withStore { (store) throws in
            // The protocol and the coordinator let an empty body through; the journal must keep it.
            try store.apply([.insert(Jobs.new(1, body: [])), .insert(Jobs.new(2))], now: Clock.at(0))
            let payload = try #require(try store.payload(of: Jobs.id(1)))
            #expect(payload.body == [])
            #expect(try store.jobInfo(Jobs.id(1))?.bodyBytes == 0)
            #expect(try store.states(of: [Jobs.id(2)]) == [.queued])
        }
    }

    @Test("Lookups of unknown jobs find nothing")
    func unknownJobs() throws {
        try withStore { (store) throws in
            #expect(try store.payload(of: "j-nope") == nil)
            #expect(try store.jobInfo("j-nope") == nil)
            #expect(try store.document(of: "j-nope") == nil)
            #expect(try store.deadJobs(limit: 10).isEmpty)
            #expect(try store.results(after: nil, limit: 10).documents.isEmpty)
            #expect(try store.results(after: nil, limit: 10).last == nil)
        }
    }
}

import PressworkProtocol
import Testing

@testable import PressworkCoordinator

@Suite("Submission ledger: idempotency keys and per-client quotas")
struct SubmissionLedgerTests {
    static let limits = SubmissionLedger.Limits(
        maxPendingJobs: 3, maxPendingBytes: 1_000, maxArticleBytes: 500, minFreeDiskBytes: 100)

    static func admit(
        _ ledger: SubmissionLedger, key: String? = nil, sizes: [Int], client: String = "c1", free: Int? = nil,
        stored: [String: [String]] = [:]
    ) throws -> SubmissionLedger.Admission {
        try ledger.admit(
            key: key, sizes: sizes, sources: sizes.indices.map { "a\($0).txt" }, client: client, freeDiskBytes: free,
            storedJobs: { stored[$0] })
    }

    static func refusal(_ body: () throws -> SubmissionLedger.Admission) -> RequestError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? RequestError
        }
    }

    @Test("A client's unfinished jobs are bounded; the refused SUBMIT is refused whole, other clients go on")
    func tooManyPendingJobs() throws {
        var ledger = SubmissionLedger(limits: Self.limits)
        #expect(try Self.admit(ledger, sizes: [10, 10]) == .create)
        ledger.record([("j1", 10), ("j2", 10)], client: "c1", key: nil)
        let error = Self.refusal { try Self.admit(ledger, sizes: [10, 10]) }
        #expect(error?.code == .tooManyPending && error?.refusal == .clientQuota)
        #expect(error?.message.contains("2 unfinished jobs") == true)
        #expect(error?.message.contains("--max-pending-per-client") == true, "\(String(describing: error))")
        #expect(try Self.admit(ledger, sizes: [10]) == .create)
        #expect(try Self.admit(ledger, sizes: [10, 10, 10], client: "c2") == .create)
        #expect(Self.refusal { try Self.admit(ledger, sizes: [1, 1, 1, 1], client: "c2") }?.code == .tooManyPending)
    }

    @Test("A client's unfinished bytes are bounded too")
    func tooManyPendingBytes() throws {
        var ledger = SubmissionLedger(limits: Self.limits)
        ledger.record([("j1", 400), ("j2", 400)], client: "c1", key: nil)
        let error = Self.refusal { try Self.admit(ledger, sizes: [300]) }
        #expect(error?.code == .tooManyPending && error?.refusal == .clientQuota)
        #expect(error?.message.contains("--max-pending-mib-per-client") == true)
        #expect(try Self.admit(ledger, sizes: [200]) == .create)
    }

    @Test("Finished jobs give their client's quota back, once")
    func releaseGivesBack() throws {
        var ledger = SubmissionLedger(limits: Self.limits)
        ledger.record([("j1", 100), ("j2", 100), ("j3", 100)], client: "c1", key: nil)
        #expect(Self.refusal { try Self.admit(ledger, sizes: [1]) }?.code == .tooManyPending)
        ledger.release("j1")
        ledger.release("j1")
        ledger.release("unknown")
        #expect(ledger.pendingJobs["c1"] == 2 && ledger.pendingBytes["c1"] == 200)
        #expect(try Self.admit(ledger, sizes: [1]) == .create)
        ledger.release("j2")
        ledger.release("j3")
        #expect(ledger.pendingJobs.isEmpty && ledger.pendingBytes.isEmpty)
    }

    @Test("Quotas rebuilt from the journal after a restart count as before it")
    func restoredQuotas() throws {
        var ledger = SubmissionLedger(limits: Self.limits)
        for job in ["j1", "j2", "j3"] { ledger.restore(job, client: "c1", bytes: 50) }
        ledger.restore("j3", client: "c1", bytes: 50)
        #expect(ledger.pendingJobs["c1"] == 3 && ledger.pendingBytes["c1"] == 150)
        #expect(Self.refusal { try Self.admit(ledger, sizes: [1]) }?.code == .tooManyPending)
        ledger.release("j2")
        #expect(try Self.admit(ledger, sizes: [1]) == .create)
    }

    @Test("A key seen before answers with its jobs, from this turn or from the journal; a count mismatch is key-reused")
    func idempotencyKeys() throws {
        var ledger = SubmissionLedger(limits: Self.limits)
        ledger.record([("j1", 10), ("j2", 10)], client: "c1", key: "k1")
        // Within the turn the journal does not have it yet.
        #expect(try Self.admit(ledger, key: "k1", sizes: [10, 10]) == .repeated(jobs: ["j1", "j2"]))
        let reused = Self.refusal { try Self.admit(ledger, key: "k1", sizes: [10]) }
        #expect(reused?.code == .keyReused && reused?.refusal == nil)
        #expect(reused?.message.contains("used for 2 articles, not 1") == true)
        // After the commit the ledger leaves keys to the journal.
        ledger.endTurn()
        #expect(try Self.admit(ledger, key: "k1", sizes: [10]) == .create)
        #expect(
            try Self.admit(ledger, key: "k1", sizes: [10, 10], stored: ["k1": ["j1", "j2"]])
                == .repeated(jobs: ["j1", "j2"]))
        // A repeat is answered even over quota: it creates nothing.
        ledger.record([("j3", 10)], client: "c1", key: nil)
        #expect(
            try Self.admit(ledger, key: "k1", sizes: [10, 10], stored: ["k1": ["j1", "j2"]])
                == .repeated(jobs: ["j1", "j2"]))
    }

    @Test("Keys are 1 to 64 bytes")
    func keyLength() {
        let ledger = SubmissionLedger(limits: Self.limits)
        #expect(Self.refusal { try Self.admit(ledger, key: "", sizes: [1]) }?.code == .malformed)
        #expect(
            Self.refusal { try Self.admit(ledger, key: String(repeating: "k", count: 65), sizes: [1]) }?.code
                == .malformed)
        #expect(Self.refusal { try Self.admit(ledger, key: String(repeating: "k", count: 64), sizes: [1]) } == nil)
    }

    @Test(
        "A SUBMIT that would leave less than the free-space reserve is storage-full; an unreadable disk is not checked")
    func diskReserve() {
        let ledger = SubmissionLedger(limits: Self.limits)
        // 2 × 100 bytes written against 250 free leaves 50, under the reserve of 100.
        let error = Self.refusal { try Self.admit(ledger, sizes: [100], free: 250) }
        #expect(error?.code == .storageFull && error?.refusal == .storageFull)
        #expect(Self.refusal { try Self.admit(ledger, sizes: [100], free: 300) } == nil)
        #expect(Self.refusal { try Self.admit(ledger, sizes: [100], free: nil) } == nil)
    }

    @Test("An article over the size limit refuses the SUBMIT and names the article")
    func articleTooLarge() {
        let ledger = SubmissionLedger(limits: Self.limits)
        let error = Self.refusal { try Self.admit(ledger, sizes: [10, 501], client: "c2") }
        #expect(error?.code == .tooLarge && error?.message.contains("article 1 (a1.txt) is 501 bytes") == true)
    }
}

@Suite("Submission ledger: duplicates")
struct SubmissionLedgerDuplicateTests {
    @Test("Duplicates come from the journal, from this turn's jobs, or from earlier in the same SUBMIT")
    func duplicateSources() throws {
        var ledger = SubmissionLedger(limits: SubmissionLedgerTests.limits)
        ledger.recordKeys(of: "new-1", url: "example.com/t", articleId: nil, content: "h1")
        let found = try ledger.duplicates(
            ["example.com/j", nil, "example.com/t", "example.com/x", "example.com/x"], by: .url
        ) {
            keys in
            #expect(Set(keys) == ["example.com/j", "example.com/t", "example.com/x"])
            return ["example.com/j": "old-1"]
        }
        #expect(found == [0: .existing("old-1"), 2: .existing("new-1"), 4: .earlier(3)])
        // Each rule has its own keys; after the commit the journal answers for this turn's jobs.
        #expect(try ledger.duplicates(["h1"], by: .content) { _ in [:] } == [0: .existing("new-1")])
        #expect(try ledger.duplicates(["h1"], by: .articleId) { _ in [:] }.isEmpty)
        ledger.endTurn()
        #expect(try ledger.duplicates(["h1"], by: .content) { _ in [:] }.isEmpty)
    }

    @Test("Duplicates create no job, so they count against no quota and no size limit")
    func duplicatesAreFree() throws {
        var ledger = SubmissionLedger(limits: SubmissionLedgerTests.limits)
        ledger.record([("j1", 10), ("j2", 10)], client: "c1", key: nil)
        // Three articles, two of them duplicates (one over the size limit): one new job fits the quota of 3.
        let admission = try ledger.admit(
            key: nil, sizes: [10, 900, 10], duplicates: [1, 2], sources: ["a", "b", "c"], client: "c1",
            freeDiskBytes: nil, storedJobs: { _ in nil })
        #expect(admission == .create)
        #expect(throws: RequestError.self) {
            try ledger.admit(
                key: nil, sizes: [10, 10], duplicates: [], sources: ["a", "b"], client: "c1", freeDiskBytes: nil,
                storedJobs: { _ in nil })
        }
    }
}

import PressworkProtocol
import Testing

@testable import PressworkCoordinator

@Suite("Report rules, revival and delivery")
struct ReportRulesTests {
    @Test("A result whose document is not a JSON object becomes a retryable bad-result failure")
    func badResult() {
        let result = JobResult(job: "j1", attempt: 2)
        #expect(ReportRules.rejection(of: result, documentIsObject: true) == nil)
        let failure = ReportRules.rejection(of: result, documentIsObject: false)
        #expect(failure?.job == "j1" && failure?.attempt == 2 && failure?.retryable == true)
        #expect(failure?.code == "bad-result")
    }

    @Test("A worker's failure message is bounded and escaped before it is kept")
    func failureMessageBounded() {
        let failure = JobFailure(
            job: "j1", attempt: 1, retryable: false, code: "boom",
            message: "\u{1B}[31mred\u{1B}[0m " + String(repeating: "x", count: 10_000))
        let kept = ReportRules.accepted(failure)
        #expect(!kept.message.contains("\u{1B}") && kept.message.hasPrefix("\\u{1b}[31mred"))
        // Two escapes of 6 characters each stand for 2 of the kept characters; then the ellipsis.
        #expect(kept.message.count == ReportRules.maxErrorMessageCharacters + 2 * 5 + 1)
        #expect(kept.code == "boom" && kept.job == "j1" && !kept.retryable)
    }

    static func info(_ id: String, _ state: JobState, attempts: Int) -> JobInfo {
        JobInfo(
            id: id, state: state, attempts: attempts, maxAttempts: attempts,
            article: ArticleMeta(source: "a.txt", format: .text), bodyBytes: 1, submittedAt: "", updatedAt: "",
            notBefore: nil, errors: [])
    }

    @Test("RETRY revives dead jobs once each with a fresh allowance, and leaves the others alone")
    func revival() {
        #expect(Revival.unique(["a", "b", "a", "c", "b"]) == ["a", "b", "c"])
        let candidates = [
            Self.info("d1", .dead, attempts: 4), Self.info("done", .done, attempts: 1),
            Self.info("q", .queued, attempts: 0), Self.info("d2", .dead, attempts: 1),
            Self.info("d1", .dead, attempts: 4), Self.info("d3", .dead, attempts: 2),
        ]
        let plans = Revival.plan(candidates, allowance: 4, isUnfinished: { $0 == "d3" })
        #expect(
            plans == [
                Revival.Plan(job: "d1", attempts: 4, maxAttempts: 8),
                Revival.Plan(job: "d2", attempts: 1, maxAttempts: 5),
            ])
    }

    @Test(
        "An undelivered JOB or a HEARTBEAT to a vanished peer marks its worker unreachable; a full queue for a heartbeat does not"
    )
    func unreachableWorkers() {
        var turn = Turn()
        turn.send([[1]], to: [0xA], watch: ("w1", "j1"))
        turn.send([[2]], to: [0xB], watch: ("w2", nil))
        turn.send([[3]], to: [0xC], watch: ("w3", nil))
        turn.send([[4]], to: [0xD])
        turn.send([[5]], to: [0xA], watch: ("w1", "j2"))
        turn.send([[6]], to: [0xE], watch: ("w4", "j9"))
        turn.changes.append(.forgetSubmissions(before: 0))
        let (outbox, watched) = turn.finish()
        #expect(outbox.count == 6 && turn.changes.isEmpty)
        #expect(turn.finish().outbox.isEmpty)
        let lost = Turn.unreachable([.full, .full, .gone, .gone, .gone, .sent], watched: watched)
        #expect(lost.map(\.worker) == ["w1", "w3"])
        #expect(lost.first?.jobs == ["j1", "j2"] && lost.last?.jobs == [])
    }
}

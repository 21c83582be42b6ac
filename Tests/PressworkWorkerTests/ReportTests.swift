import PressworkProtocol
import Testing

@testable import PressworkWorker

@Suite("Running jobs, kept reports and READY")
struct ReportTests {
    @Test func jobsAreStartedAndTrackedUntilReported() {
        var h = WorkerHarness()
        h.start()
        #expect(h.job("a").started == ["a"])
        #expect(h.job("b", attempt: 2).started == ["b"])
        #expect(h.machine.running == [.init(job: "a", attempt: 1), .init(job: "b", attempt: 2)])
        #expect(h.finish("a").forwarded == ["a"])
        #expect(h.machine.running == [.init(job: "b", attempt: 2)])
        // A report for an attempt the worker does not hold (say, the first of b) leaves the others alone.
        #expect(h.finish("b", attempt: 1).forwarded == ["b"])
        #expect(h.machine.running == [.init(job: "b", attempt: 2)])
        #expect(h.machine.unsent.isEmpty)
    }

    @Test func reportsMadeWhileDisconnectedAreKeptAndReplayedInOrderAfterReady() {
        var h = WorkerHarness(jitter: 1)
        h.start()
        for job in ["a", "b", "c", "d"] { h.job(job) }
        let delay = h.loseCoordinator().drops.first?.delay ?? 0
        #expect(h.finish("c").isEmpty)
        #expect(h.finish("a").isEmpty)
        h.advance(delay / 2)
        #expect(h.finish("d").isEmpty)
        #expect(h.machine.unsent.count == 3)
        #expect(h.advance(delay).connects)

        let actions = h.connected()
        // READY first, then the kept reports in the order they were made.
        guard case .send(.ready(let ready))? = actions.first else {
            Issue.record("READY must come first: \(actions)")
            return
        }
        #expect(ready.busy == 4, "b running, and three reports about to follow")
        #expect(actions.dropFirst().allSatisfy { if case .forward = $0 { true } else { false } })
        #expect(actions.forwarded == ["c", "a", "d"])
        #expect(h.machine.unsent.isEmpty)
        // Connected again: the next report goes at once.
        #expect(h.finish("b").forwarded == ["b"])
    }

    @Test func reportsAreKeptAcrossSeveralFailedReconnects() {
        var h = WorkerHarness(jitter: 0)
        h.start()
        h.job("a")
        h.job("b")
        h.loseCoordinator()
        h.machine.onConnectFailed(now: h.now)
        h.finish("b")
        h.advance(8)
        h.machine.onConnectFailed(now: h.now)
        h.finish("a")
        let actions = h.advance(8)
        #expect(actions == [.connect])
        #expect(h.connected().forwarded == ["b", "a"])
    }

    @Test(arguments: [(0, 0, nil), (2, 0, 2), (0, 3, 3), (2, 3, 5)] as [(Int, Int, Int?)])
    func readyCountsRunningJobsAndKeptReportsAsBusy(running: Int, kept: Int, busy: Int?) {
        var h = WorkerHarness(jitter: 0)
        h.start()
        for index in 0..<(running + kept) { h.job("j\(index)") }
        h.loseCoordinator()
        for index in 0..<kept { h.finish("j\(index)") }
        let ready = h.connected().readies
        #expect(ready.map(\.busy) == [busy])
        #expect(ready.map(\.slots) == [4])
        #expect(ready.map(\.draining) == [nil])
    }
}

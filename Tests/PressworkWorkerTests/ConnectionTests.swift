import PressworkProtocol
import Testing

@testable import PressworkWorker

@Suite("Heartbeats, liveness and reconnects")
struct ConnectionTests {
    @Test func startRegistersWithNothingBusy() {
        var h = WorkerHarness(slots: 4)
        let actions = h.start()
        #expect(actions == [.send(.ready(Ready(worker: "w1", slots: 4, host: "test", pid: 7, version: "0")))])
        #expect(h.machine.connected)
        #expect(h.machine.listensToSlots && h.machine.listensToCoordinator)
    }

    @Test func firstTickSendsStatsThenHeartbeatsFollowTheInterval() {
        var h = WorkerHarness(heartbeat: 1)
        h.start()
        // The stats have never been sent: the first turn sends them.
        #expect(h.advance(0.25).heartbeats == 1)
        #expect(h.advance(0.5).isEmpty)
        #expect(h.advance(0.25).isEmpty)
        #expect(h.advance(0.25).heartbeats == 1)  // 1 s since the last send
        #expect(h.advance(0.75).isEmpty)
        #expect(h.advance(0.25).heartbeats == 1)
    }

    @Test func anySentMessageDefersTheHeartbeat() {
        var h = WorkerHarness(heartbeat: 1)
        h.start()
        h.advance(0.25)
        h.job("a")
        h.advance(0.5)
        #expect(h.finish("a").forwarded == ["a"])  // sent: counts as a heartbeat
        #expect(h.advance(0.75).isEmpty)
        #expect(h.advance(0.25).heartbeats == 1)
    }

    @Test func aMessageTheSocketDidNotTakeDoesNotDeferTheHeartbeat() {
        var h = WorkerHarness(heartbeat: 1)
        h.start()
        h.advance(0.25)
        h.job("x")
        h.now += 0.5
        // The socket refused the report (high-water mark), so the shell does not call onSent.
        let report = h.machine.onOutcome(
            for: WorkerHarness.assignment("x", attempt: 1), frames: WorkerHarness.report("x", 1))
        #expect(report.forwarded == ["x"])
        #expect(h.advance(0.5).heartbeats == 1)
    }

    @Test func statsGoOutEveryFiveSecondsEvenWhileResultsKeepTheConnectionBusy() {
        var h = WorkerHarness(heartbeat: 1, liveness: 100)
        h.start()
        #expect(h.advance(0.05).heartbeats == 1)
        var heartbeats: [Double] = []
        for step in 1...120 {
            h.job("j\(step)")
            h.finish("j\(step)")  // a result every 0.1 s: never 1 s without sending
            if h.advance(0.1).heartbeats == 1 { heartbeats.append(h.now - 1_000) }
        }
        // Each 5 s after the one before (give or take the 0.1 s turn), never at the 1 s interval.
        #expect(heartbeats.count == 2)
        let gaps = zip([0.05] + heartbeats, heartbeats).map { $1 - $0 }
        #expect(gaps.allSatisfy { $0 >= 5 && $0 < 5.11 }, "\(heartbeats)")
    }

    @Test func silenceLongerThanLivenessDropsTheConnection() {
        var h = WorkerHarness(heartbeat: 1, liveness: 3, reconnectBase: 0.25, jitter: 0.5)
        h.start()
        h.advance(1)
        h.advance(1)
        #expect(h.advance(1).drops.isEmpty)  // exactly 3 s of silence: still alive
        let actions = h.advance(0.01)
        #expect(actions.drops.map(\.attempt) == [1])
        #expect(actions.drops.map(\.delay) == [0.125])  // 0.5 × 0.25
        #expect(!actions.connects)
        #expect(!h.machine.connected)
        #expect(h.machine.listensToSlots && !h.machine.listensToCoordinator)
        // Disconnected: no heartbeats, no second drop; the new socket comes after the delay.
        #expect(h.advance(0.1).isEmpty)
        #expect(h.advance(0.03) == [.connect])
    }

    @Test func anyMessageKeepsTheCoordinatorAlive() {
        var h = WorkerHarness(heartbeat: 1, liveness: 3)
        h.start()
        for _ in 0..<10 {
            h.advance(2.9)
            h.hear(.heartbeat)
        }
        h.advance(2.9)
        // Even an unreadable message proves the coordinator is there.
        let actions = h.delivered(h.machine.onMessage([Array("junk".utf8)], now: h.now))
        guard case .malformed? = actions.first, actions.count == 1 else {
            Issue.record("expected one malformed notice, got \(actions)")
            return
        }
        #expect(h.advance(2.9).drops.isEmpty)
        #expect(h.machine.connected)
    }

    @Test func reconnectRegistersAgainAndASilentCoordinatorDoublesTheDelayUpToTheCap() {
        var h = WorkerHarness(heartbeat: 1, liveness: 3, reconnectBase: 0.25, reconnectMax: 8, jitter: 1)
        h.start()
        var delays: [Double] = []
        for attempt in 1...8 {
            let drop = h.loseCoordinator().drops
            #expect(drop.map(\.attempt) == [attempt])
            let delay = drop.first?.delay ?? 0
            delays.append(delay)
            #expect(h.advance(delay).contains(.connect))
            let again = h.connected()
            #expect(again.readies.count == 1)
            #expect(h.machine.connected)
        }
        #expect(delays == [0.25, 0.5, 1, 2, 4, 8, 8, 8])
    }

    @Test(arguments: [(1, 0.25), (2, 0.5), (3, 1.0), (5, 4.0), (6, 8.0), (7, 8.0), (31, 8.0), (10_000, 8.0)])
    func backOffBoundGrowsAndCaps(attempt: Int, bound: Double) {
        let h = WorkerHarness(reconnectBase: 0.25, reconnectMax: 8)
        #expect(h.machine.settings.reconnectDelayBound(attempt: attempt) == bound)
    }

    @Test func hearingTheCoordinatorResetsTheBackOff() {
        var h = WorkerHarness(reconnectBase: 0.25, jitter: 1)
        h.start()
        for _ in 0..<3 {
            let delay = h.loseCoordinator().drops.first?.delay ?? 0
            h.advance(delay)
            h.connected()
        }
        #expect(h.machine.reconnectAttempt == 3)
        h.hear(.heartbeat)
        #expect(h.machine.reconnectAttempt == 0)
        #expect(h.loseCoordinator().drops.map(\.delay) == [0.25])
    }

    @Test func noJitterReconnectsInTheSameTurn() {
        var h = WorkerHarness(jitter: 0)
        h.start()
        let actions = h.loseCoordinator()
        #expect(actions.count == 2)
        #expect(actions.drops.map(\.delay) == [0])
        #expect(actions.last == .connect)
    }

    @Test func aSocketThatCannotBeOpenedIsTriedAgainAfterTheLongestDelay() {
        var h = WorkerHarness(reconnectMax: 8, jitter: 0)
        h.start()
        #expect(h.loseCoordinator().connects)
        h.machine.onConnectFailed(now: h.now)
        #expect(!h.machine.connected)
        #expect(h.advance(7.75).isEmpty)
        #expect(h.advance(0.5) == [.connect])
        #expect(h.machine.reconnectAttempt == 1, "a failed open is not another attempt")
    }

    @Test func aWorkerBackFromSilenceTakesJobsAgain() {
        var h = WorkerHarness(jitter: 0)
        h.start()
        h.loseCoordinator()
        h.connected()
        #expect(h.job("after").started == ["after"])
        #expect(h.finish("after").forwarded == ["after"])
    }

    @Test func heartbeatsKeepTheirIntervalWhileEverySlotIsBusy() {
        var h = WorkerHarness(heartbeat: 0.25, liveness: 4, slots: 2)
        h.start()
        h.job("a")
        h.job("b")
        // Long jobs, a quiet coordinator that answers heartbeats: one heartbeat per interval, never a drop.
        var heartbeats = 0
        for _ in 0..<40 {
            let actions = h.advance(0.125)
            heartbeats += actions.heartbeats
            #expect(actions.drops.isEmpty)
            if actions.heartbeats > 0 { h.hear(.heartbeat) }
        }
        #expect(heartbeats == 20)
        #expect(h.machine.running.count == 2)
    }

    @Test func aNewConnectionStartsTheSilenceClockAfresh() {
        var h = WorkerHarness(heartbeat: 1, liveness: 3, jitter: 0)
        h.start()
        h.loseCoordinator()
        h.connected()
        #expect(h.advance(3).drops.isEmpty)
        #expect(h.advance(0.01).drops.count == 1)
    }

    @Test func coordinatorAsksToRegisterAgain() {
        var h = WorkerHarness()
        h.start()
        h.job("a")
        let actions = h.hear(.disconnect(reason: "unknown worker: send READY to register"))
        #expect(actions.first == .registeringAgain(reason: "unknown worker: send READY to register"))
        #expect(actions.readies.map(\.busy) == [1])
        #expect(actions.readies.map(\.draining) == [nil])
        // "goodbye" answers the worker's own DISCONNECT: nothing to do while running.
        #expect(h.hear(.disconnect(reason: "goodbye")).isEmpty)
    }

    @Test func anErrorReplyIsOnlyANotice() {
        var h = WorkerHarness()
        h.start()
        let error = ErrorReply(code: "refused", message: "not leased")
        #expect(h.hear(.error(error)) == [.refused(error)])
    }
}

import PressworkProtocol
import Testing

@testable import PressworkWorker

@Suite("Drain (SIGTERM)")
struct DrainTests {
    @Test func runningJobsFinishThenTheWorkerSaysGoodbye() {
        var h = WorkerHarness(drainTimeout: 30)
        h.start()
        for job in ["a", "b", "c"] { h.job(job) }
        // c was still queued in the pool: it is never started, and DISCONNECT hands it back.
        let actions = h.stop(notStarted: ["c"])
        #expect(actions == [.drainStarted(running: 3), .send(.draining)])
        #expect(h.machine.phase == .draining(deadline: 1_030))
        #expect(h.machine.running.count == 2)
        // Jobs already on the wire are not started.
        #expect(h.job("late").isEmpty)
        #expect(h.finish("a").forwarded == ["a"])
        #expect(h.advance(0.5) == [.heartbeat])
        #expect(h.finish("b").forwarded == ["b"])
        #expect(h.advance(0.05) == [.stopSlots])
        #expect(!h.machine.listensToSlots && !h.machine.listensToCoordinator)

        #expect(h.delivered(h.machine.onSlotsStopped(now: h.now)) == [.send(.disconnect)])
        #expect(h.machine.phase == .awaitingGoodbye(deadline: h.now + 2))
        #expect(!h.machine.listensToSlots && h.machine.listensToCoordinator)
        // Only the answer matters now.
        #expect(h.job("another").isEmpty)
        #expect(h.hear(.heartbeat).isEmpty)
        #expect(h.hear(.disconnect(reason: "goodbye")) == [.closeConnection])
        #expect(h.machine.phase == .stopped)
        #expect(!h.machine.listensToCoordinator)
        #expect(h.advance(5).isEmpty)
    }

    @Test func theDrainTimeoutAbandonsRunningJobs() {
        var h = WorkerHarness(drainTimeout: 0.5)
        h.start()
        h.job("a")
        h.job("b")
        #expect(h.stop() == [.drainStarted(running: 2), .send(.draining)])
        #expect(h.advance(0.25) == [.heartbeat])
        #expect(h.advance(0.25) == [.drainTimedOut(running: 2), .stopSlots])
        #expect(h.machine.onSlotsStopped(now: h.now) == [.send(.disconnect)])
    }

    @Test func nothingRunningEndsTheDrainAtOnce() {
        var h = WorkerHarness()
        h.start()
        #expect(h.stop() == [.drainStarted(running: 0), .send(.draining), .stopSlots])
        var zero = WorkerHarness(drainTimeout: 0)
        zero.start()
        zero.job("a")
        #expect(zero.stop() == [.drainStarted(running: 1), .send(.draining), .drainTimedOut(running: 1), .stopSlots])
    }

    @Test func noAnswerToDisconnectEndsTheWaitAfterTwoSeconds() {
        var h = WorkerHarness()
        h.start()
        h.stop()
        _ = h.machine.onSlotsStopped(now: h.now)
        #expect(h.advance(1.75).isEmpty)
        #expect(h.advance(0.25) == [.goodbyeMissing, .closeConnection])
        #expect(h.machine.phase == .stopped)
    }

    @Test func aDisconnectedWorkerStopsWithoutDisconnect() {
        var h = WorkerHarness(drainTimeout: 1, jitter: 1)
        h.start()
        h.job("a")
        let delay = h.loseCoordinator().drops.first?.delay ?? 0
        #expect(delay > 0.2)
        #expect(h.stop() == [.drainStarted(running: 1)])
        #expect(h.finish("a").isEmpty, "kept for a reconnect")
        #expect(h.advance(0.01) == [.stopSlots])
        #expect(h.machine.onSlotsStopped(now: h.now).isEmpty)
        #expect(h.machine.phase == .stopped)
    }

    @Test func aDrainingWorkerThatReconnectsRegistersAsDrainingAndDeliversItsReports() {
        var h = WorkerHarness(drainTimeout: 30, jitter: 0)
        h.start()
        h.job("a")
        h.job("b")
        h.stop()
        #expect(h.loseCoordinator().connects)
        h.machine.onConnectFailed(now: h.now)
        h.finish("a")
        #expect(h.advance(8) == [.connect])
        let actions = h.connected()
        #expect(actions.readies.map(\.draining) == [true])
        #expect(actions.readies.map(\.busy) == [2])
        #expect(actions.forwarded == ["a"])
        // The coordinator may forget it again: it registers again, still draining.
        #expect(h.hear(.disconnect(reason: "unknown worker")).readies.map(\.draining) == [true])
        #expect(h.finish("b").forwarded == ["b"])
        #expect(h.advance(0.01).contains(.stopSlots))
    }

    @Test func aSecondStopChangesNothing() {
        var h = WorkerHarness()
        h.start()
        h.job("a")
        h.stop()
        #expect(h.stop().isEmpty)
        #expect(h.machine.phase == .draining(deadline: 1_030))
    }
}

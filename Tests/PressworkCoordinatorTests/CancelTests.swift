import PressworkProtocol
import Testing

@testable import PressworkCoordinator

extension [CoordinatorAction] {
    /// (job, running) of every cancel, in order.
    var cancels: [(job: String, running: Bool)] {
        compactMap { if case .cancel(let job, let running) = $0 { (job, running) } else { nil } }
    }
}

@Suite("Cancel: queued jobs at once, running ones at their next report, never retried")
struct CancelTests {
    @Test("A queued job is cancelled at once and never dispatched; a second cancel does nothing")
    func queued() {
        var harness = MachineHarness()
        _ = harness.submit(["a", "b"])
        let actions = harness.machine.onCancel(["a"], now: harness.now)
        #expect(actions.cancels.map(\.job) == ["a"] && actions.cancels.first?.running == false)
        #expect(harness.machine.onCancel(["a", "unknown"], now: harness.now).isEmpty)
        #expect(harness.queue.queued == 1 && harness.queue.cancelled == 1)
        #expect(harness.machine.state(of: "a") == nil)
        let dispatched = harness.register("w1", slots: 4)
        #expect(dispatched.dispatches.map(\.job) == ["b"])
    }

    @Test("A job waiting out a back-off is cancelled and does not come back when the back-off ends")
    func delayed() {
        var harness = MachineHarness()
        _ = harness.submit(["a"])
        _ = harness.register("w1", slots: 1)
        let failed = harness.fail("a", at: "w1", attempt: 1)
        #expect(failed.requeues.first?.delay ?? 0 > 0)
        #expect(harness.queue.delayed == 1)
        #expect(harness.machine.onCancel(["a"], now: harness.now).cancels.map(\.running) == [false])
        #expect(harness.queue.delayed == 0)
        #expect(harness.advance(120).dispatches.isEmpty)
    }

    @Test("A running job is cancelled now; its result is discarded and the slot goes to the next job")
    func runningResult() {
        var harness = MachineHarness()
        _ = harness.submit(["a", "b"])
        #expect(harness.register("w1", slots: 1).dispatches.map(\.job) == ["a"])
        let actions = harness.machine.onCancel(["a"], now: harness.now)
        #expect(actions.cancels.map(\.running) == [true])
        #expect(harness.machine.state(of: "a") == .cancelled)
        #expect(harness.queue.leased == 1, "it still holds the worker's slot")
        let result = harness.succeed("a", at: "w1")
        #expect(result.completed.isEmpty && result.ignored == ["a"])
        #expect(result.dispatches.map(\.job) == ["b"])
        #expect(harness.machine.state(of: "a") == nil)
        #expect(harness.queue.done == 0 && harness.queue.cancelled == 1)
    }

    @Test(
        "A cancelled running job is neither retried nor buried when it fails, its lease expires or its worker is lost")
    func runningEnds() {
        // Failure report.
        var failing = MachineHarness()
        _ = failing.submit(["a"])
        _ = failing.register("w1", slots: 1)
        _ = failing.machine.onCancel(["a"], now: failing.now)
        let failed = failing.fail("a", at: "w1", attempt: 1)
        #expect(failed.requeues.isEmpty && failed.buried.isEmpty)
        #expect(failing.advance(120).dispatches.isEmpty)
        #expect(failing.queue.dead == 0 && failing.queue.leased == 0)

        // Lease expiry.
        var expiring = MachineHarness(heartbeat: 100, jobTimeout: 5)
        _ = expiring.submit(["a"])
        _ = expiring.register("w1", slots: 1)
        _ = expiring.machine.onCancel(["a"], now: expiring.now)
        let expired = expiring.advance(10)
        #expect(expired.requeues.isEmpty && expired.buried.isEmpty && expired.dispatches.isEmpty)
        #expect(expiring.machine.state(of: "a") == nil)

        // Worker lost, and a worker that registers again (hand-back).
        var losing = MachineHarness()
        _ = losing.submit(["a", "b"])
        _ = losing.register("w1", slots: 2)
        _ = losing.machine.onCancel(["a", "b"], now: losing.now)
        let lost = losing.advance(10)
        #expect(lost.requeues.isEmpty && lost.buried.isEmpty)
        #expect(losing.register("w1", slots: 2).dispatches.isEmpty)
        #expect(losing.queue.cancelled == 2 && losing.queue.leased == 0)
    }

    @Test("A worker that re-registers hands a cancelled job back without requeueing it")
    func handBack() {
        var harness = MachineHarness()
        _ = harness.submit(["a"])
        _ = harness.register("w1", slots: 1)
        _ = harness.machine.onCancel(["a"], now: harness.now)
        let again = harness.register("w1", slots: 1)
        #expect(again.requeues.isEmpty && again.dispatches.isEmpty)
        #expect(harness.queue.leased == 0 && harness.queue.queued == 0)
    }
}

@Suite("Re-processing in the machine")
struct ReprocessMachineTests {
    @Test("Done jobs come back in the low lane with fresh attempts and count as done no more")
    func lowLane() {
        var harness = MachineHarness()
        _ = harness.submit(["a"])
        _ = harness.register("w1", slots: 1)
        _ = harness.succeed("a", at: "w1")
        #expect(harness.queue.done == 1)
        #expect(harness.submit(["x"]).dispatches.map(\.job) == ["x"])
        #expect(harness.machine.onReprocess(["a"], maxAttempts: 2, now: harness.now).dispatches.isEmpty)
        #expect(harness.queue.done == 0 && harness.queue.queued == 1)
        #expect(harness.machine.jobs["a"]?.priority == .low && harness.machine.jobs["a"]?.maxAttempts == 2)
        // Already back in the queue: a second request in the same turn does not add it twice.
        _ = harness.machine.onReprocess(["a"], maxAttempts: 2, now: harness.now)
        #expect(harness.queue.queued == 1)
        let next = harness.succeed("x", at: "w1")
        #expect(next.dispatches.map(\.job) == ["a"] && next.dispatches.first?.attempt == 1)
    }
}

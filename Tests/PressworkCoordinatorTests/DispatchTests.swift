import PressworkProtocol
import Testing

@testable import PressworkCoordinator

@Suite("Credit-based dispatch")
struct DispatchTests {
    @Test func neverSendsMoreThanFreeSlots() {
        var h = MachineHarness()
        _ = h.register("w1", slots: 2)
        let actions = h.submit(["a", "b", "c", "d", "e"])
        #expect(actions.dispatches.map(\.job) == ["a", "b"])
        #expect(actions.dispatches.allSatisfy { $0.worker == "w1" && $0.attempt == 1 })
        #expect(h.queue.queued == 3)
        #expect(h.queue.leased == 2)
        // Each result frees exactly one slot, which takes exactly one job.
        let next = h.succeed("a", at: "w1")
        #expect(next.completed == ["a"])
        #expect(next.dispatches.map(\.job) == ["c"])
        #expect(h.queue.done == 1)
    }

    @Test func prefetchMultipliesCredit() {
        var h = MachineHarness(prefetch: 3)
        _ = h.register("w1", slots: 2)
        #expect(h.submit((0..<10).map { "j\($0)" }).dispatches.count == 6)
    }

    @Test func workersShareTheQueueFairly() {
        var h = MachineHarness()
        _ = h.register("w1", slots: 2)
        _ = h.register("w2", slots: 2)
        let actions = h.submit(["a", "b", "c", "d", "e", "f"])
        let perWorker = Dictionary(grouping: actions.dispatches, by: \.worker).mapValues(\.count)
        #expect(perWorker == ["w1": 2, "w2": 2])
    }

    @Test func queuedJobsWaitForAWorker() {
        var h = MachineHarness()
        #expect(h.submit(["a", "b"]).dispatches.isEmpty)
        #expect(h.queue.queued == 2)
        #expect(h.register("w1", slots: 4).dispatches.map(\.job) == ["a", "b"])
    }

    @Test func drainingWorkerGetsNothingNew() {
        var h = MachineHarness()
        _ = h.register("w1", slots: 1)
        _ = h.register("w2", slots: 1)
        _ = h.submit(["a", "b"])
        _ = h.machine.onDraining(from: "w1", now: h.now)
        _ = h.submit(["c"])
        let held = h.machine.snapshot(now: h.now).workers.first { $0.id == "w1" }!
        #expect(held.state == "draining")
        let actions = h.succeed("a", at: "w1") + h.succeed("b", at: "w2")
        #expect(actions.dispatches.map(\.worker) == ["w2"])
    }

    @Test func unknownWorkerIsToldToRegister() {
        var h = MachineHarness()
        let actions = h.machine.onHeartbeat(from: "ghost", now: h.now)
        #expect(actions == [.disconnect(worker: "ghost", reason: "unknown worker: send READY to register")])
    }

    @Test func reportsFromAnUnregisteredWorkerAreRefused() {
        var h = MachineHarness()
        _ = h.submit(["a"])
        #expect(h.succeed("a", at: "stranger") == [.refused(job: "a", worker: "stranger", reason: .unregisteredWorker)])
        #expect(
            h.fail("a", at: "stranger", attempt: 1) == [
                .refused(job: "a", worker: "stranger", reason: .unregisteredWorker)
            ])
        #expect(h.queue.queued == 1)
        #expect(h.queue.done == 0)
    }

    @Test func aRegisteredWorkerCannotReportOnJobsItWasNeverLeased() {
        var h = MachineHarness()
        _ = h.register("honest", slots: 1)
        _ = h.submit(["a", "b"])  // a is leased to honest, b waits
        _ = h.register("rogue", slots: 1)  // b is leased to rogue
        _ = h.submit(["c"])  // c waits: no credit left
        // The rogue worker forges results for a (leased to honest) and c (queued), and a failure for a.
        #expect(h.succeed("a", at: "rogue").contains(.refused(job: "a", worker: "rogue", reason: .notLeased)))
        #expect(h.succeed("c", at: "rogue").contains(.refused(job: "c", worker: "rogue", reason: .notLeased)))
        #expect(h.fail("a", at: "rogue", attempt: 1).contains(.refused(job: "a", worker: "rogue", reason: .notLeased)))
        #expect(h.queue.done == 0)
        // Attempt numbers count too: the rogue's own job b, with an attempt it was not given.
        #expect(
            h.succeed("b", at: "rogue", attempt: 2).contains(.refused(job: "b", worker: "rogue", reason: .notLeased)))
        // The honest worker's real result is still accepted.
        #expect(h.succeed("a", at: "honest").completed == ["a"])
    }

    @Test func aLateResultFromTheWorkerWhoseLeaseExpiredStillCompletesTheJob() {
        var h = MachineHarness(jobTimeout: 10)
        _ = h.register("w1", slots: 1)
        _ = h.submit(["a"])
        for _ in 0..<11 {
            _ = h.advance(1)
            _ = h.machine.onHeartbeat(from: "w1", now: h.now)
        }
        #expect(h.queue.retries == 1)  // the lease expired; a waits for attempt 2
        #expect(h.succeed("a", at: "w1", attempt: 1).completed == ["a"])
    }
}

@Suite("Job ids")
struct JobIdTests {
    @Test func idsIncreaseEvenWhenTheClockStepsBack() {
        var ids = JobIdGenerator()
        let first = ids.next(nowMillis: 2_000_000)
        let second = ids.next(nowMillis: 2_000_000)
        let third = ids.next(nowMillis: 1_000_000)
        #expect(first == "000001e8480" + "00000")
        #expect(first < second && second < third)
        #expect([first, second, third].allSatisfy { $0.count == 16 })
    }

    @Test func aRestartedGeneratorStartsAboveTheNewestId() {
        var before = JobIdGenerator()
        let newest = before.next(nowMillis: 5_000_000)
        var after = JobIdGenerator(after: newest)
        #expect(after.next(nowMillis: 4_000_000) > newest)
    }

    @Test func counterOverflowMovesToTheNextMillisecond() {
        var ids = JobIdGenerator(after: "000001e8480fffff")
        #expect(ids.next(nowMillis: 2_000_000) == "000001e848100000")
    }
}

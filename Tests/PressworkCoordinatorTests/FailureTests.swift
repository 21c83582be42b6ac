import PressworkProtocol
import Testing

@testable import PressworkCoordinator

@Suite("Retries, leases and lost workers")
struct FailureTests {
    @Test func retryableFailuresBackOffThenDie() {
        var h = MachineHarness(
            retry: RetryPolicy(maxRetries: 2, baseDelay: 1, multiplier: 2, maxDelay: 600), jitter: 0.5)
        _ = h.register("w1", slots: 1)
        _ = h.submit(["a"], maxAttempts: 3)

        var actions = h.fail("a", at: "w1", attempt: 1)
        #expect(actions.requeues.map(\.delay) == [0.5])  // 0.5 × min(600, 1 × 2^0)
        #expect(actions.requeues.first?.error?.attempt == 1)
        #expect(h.queue.delayed == 1)
        #expect(h.advance(0.4).dispatches.isEmpty)
        #expect(h.advance(0.2).dispatches.map(\.attempt) == [2])

        actions = h.fail("a", at: "w1", attempt: 2)
        #expect(actions.requeues.map(\.delay) == [1.0])  // 0.5 × 2^1
        #expect(h.advance(1.0).dispatches.map(\.attempt) == [3])

        actions = h.fail("a", at: "w1", attempt: 3)
        #expect(actions.buried.map(\.job) == ["a"])
        #expect(actions.buried.first?.error?.code == "boom")
        #expect(h.queue.dead == 1)
        #expect(h.queue.retries == 2)
    }

    @Test func nonRetryableFailureDiesAtOnce() {
        var h = MachineHarness()
        _ = h.register("w1", slots: 1)
        _ = h.submit(["a"])
        let actions = h.fail("a", at: "w1", attempt: 1, retryable: false)
        #expect(actions.buried.map(\.job) == ["a"])
        #expect(actions.requeues.isEmpty)
    }

    @Test(arguments: [(1, 1.0), (2, 2.0), (3, 4.0), (10, 512.0), (11, 600.0), (200, 600.0)])
    func backOffBoundGrowsAndCaps(retry: Int, bound: Double) {
        let policy = RetryPolicy()
        #expect(policy.delayBound(retry: retry) == bound)
        #expect(policy.delay(retry: retry, unitRandom: 0) == 0)
        #expect(policy.delay(retry: retry, unitRandom: 0.25) == bound * 0.25)
    }

    @Test func silentWorkerIsDeclaredDeadAndItsJobsRequeuedAtOnce() {
        var h = MachineHarness(heartbeat: 1, liveness: 3)
        _ = h.register("w1", slots: 2)
        _ = h.register("w2", slots: 2)
        _ = h.submit(["a", "b", "c", "d"])
        // w2 keeps heartbeating, w1 goes silent.
        for step in [1.0, 1.0, 0.9] {
            _ = h.advance(step)
            _ = h.machine.onHeartbeat(from: "w2", now: h.now)
        }
        #expect(h.advance(0.05).requeues.isEmpty)  // 2.95 s of silence: not yet
        _ = h.succeed("c", at: "w2")  // dispatch went a, b → w1 and c, d → w2; this frees one w2 slot
        let actions = h.advance(0.1)
        #expect(actions.contains { if case .workerLost("w1", _) = $0 { true } else { false } })
        #expect(actions.requeues.map(\.job).sorted() == ["a", "b"])
        #expect(actions.requeues.allSatisfy { $0.delay == 0 && $0.error?.code == "worker-lost" })
        #expect(actions.dispatches.map(\.worker) == ["w2"])
        #expect(h.queue.redeliveries == 2)
    }

    @Test func expiredLeaseIsRetriedAndTheStaleReportIgnored() {
        var h = MachineHarness(jobTimeout: 10)
        _ = h.register("w1", slots: 1)
        _ = h.register("w2", slots: 1)
        _ = h.submit(["slow"])
        for _ in 0..<9 {
            _ = h.advance(1)
            _ = h.machine.onHeartbeat(from: "w1", now: h.now)
            _ = h.machine.onHeartbeat(from: "w2", now: h.now)
        }
        #expect(h.advance(0.9).requeues.isEmpty)
        let actions = h.advance(0.2)
        #expect(actions.requeues.first?.error?.code == "lease-expired")
        #expect(actions.dispatches.map(\.worker) == ["w2"])
        #expect(actions.dispatches.map(\.attempt) == [2])
        // w1 finally fails the old attempt: already counted by the expiry, so ignored.
        #expect(h.fail("slow", at: "w1", attempt: 1).ignored == ["slow"])
        // w1's late success is still a success; w2's later result is a duplicate.
        #expect(h.succeed("slow", at: "w1").completed == ["slow"])
        let duplicate = h.succeed("slow", at: "w2", attempt: 2)
        #expect(duplicate.completed.isEmpty)
        #expect(duplicate.ignored == ["slow"])
        #expect(h.queue.done == 1)
    }

    @Test func aStoreOutageGivesRunningLeasesItsLength() {
        var h = MachineHarness(jobTimeout: 10)
        _ = h.register("w1", slots: 1)
        _ = h.submit(["running"])
        // 8 s of outage, with the worker's heartbeats still counted (the shell does that much meanwhile).
        for _ in 0..<8 { h.now += 1; _ = h.machine.onHeartbeat(from: "w1", now: h.now) }
        h.machine.onStoreOutageEnded(lasting: 8)
        for _ in 0..<9 {
            #expect(h.advance(1).requeues.isEmpty, "the lease has 10 s after the outage, not 2")
            _ = h.machine.onHeartbeat(from: "w1", now: h.now)
        }
        #expect(h.advance(1.5).requeues.first?.error?.code == "lease-expired")
    }

    @Test func disconnectHandsJobsBackWithoutUsingAnAttempt() {
        var h = MachineHarness()
        _ = h.register("w1", slots: 2)
        _ = h.submit(["a", "b"])
        var actions = h.machine.onDisconnect(from: "w1", now: h.now)
        #expect(actions.requeues.map(\.job).sorted() == ["a", "b"])
        #expect(actions.requeues.allSatisfy { $0.error == nil })
        actions = h.register("w2", slots: 2)
        #expect(actions.dispatches.allSatisfy { $0.attempt == 1 })
    }

    @Test func reRegisteringWorkerStartsOver() {
        var h = MachineHarness()
        _ = h.register("w1", slots: 1)
        _ = h.submit(["a"])
        let actions = h.register("w1", slots: 1)
        #expect(actions.requeues.map(\.job) == ["a"])
        #expect(actions.dispatches.map(\.job) == ["a"])
        #expect(actions.dispatches.map(\.attempt) == [1])
    }

    @Test func lostWorkerOnTheLastAttemptKillsTheJob() {
        var h = MachineHarness(heartbeat: 1, liveness: 1, retry: RetryPolicy(maxRetries: 0))
        _ = h.register("w1", slots: 1)
        _ = h.submit(["crasher"], maxAttempts: 1)
        let actions = h.advance(1.5)
        #expect(actions.buried.map(\.job) == ["crasher"])
        #expect(actions.buried.first?.error?.code == "worker-lost")
    }

    @Test func heartbeatsGoToEveryWorkerEachInterval() {
        var h = MachineHarness(heartbeat: 1)
        _ = h.register("w1", slots: 1)
        _ = h.register("w2", slots: 1)
        #expect(h.advance(0.5).filter { if case .heartbeat = $0 { true } else { false } }.isEmpty)
        let beats = h.advance(0.6).compactMap { if case .heartbeat(let worker) = $0 { worker } else { nil } }
        #expect(beats == ["w1", "w2"])
    }
}

@Suite("Restart and revive")
struct RecoveryTests {
    @Test func restoredJobsRunAgainWithoutLosingAttempts() {
        var h = MachineHarness()
        // The journal released the interrupted lease first (attempts 2 → 1), so both run as attempt 2.
        h.machine.restore("was-leased", attempts: 1, maxAttempts: 4, delay: nil, now: h.now)
        h.machine.restore("was-queued", attempts: 1, maxAttempts: 4, delay: nil, now: h.now)
        h.machine.restore("backing-off", attempts: 1, maxAttempts: 4, delay: 5, now: h.now)
        #expect(h.queue.queued == 2)
        #expect(h.queue.delayed == 1)
        let actions = h.register("w1", slots: 3)
        #expect(actions.dispatches.map(\.job) == ["was-leased", "was-queued"])
        #expect(actions.dispatches.map(\.attempt) == [2, 2])
        _ = h.advance(2.5)
        _ = h.machine.onHeartbeat(from: "w1", now: h.now)
        #expect(h.advance(2.5).dispatches.map(\.job) == ["backing-off"])
    }

    @Test func revivedDeadJobGetsFreshAttempts() {
        var h = MachineHarness(retry: RetryPolicy(maxRetries: 1))
        _ = h.register("w1", slots: 1)
        _ = h.submit(["a"], maxAttempts: 1)
        _ = h.fail("a", at: "w1", attempt: 1, retryable: false)
        #expect(h.queue.dead == 1)
        let actions = h.machine.onRevived([(id: "a", attempts: 1)], now: h.now)
        #expect(actions.dispatches.map(\.attempt) == [2])
        #expect(h.queue.dead == 0)
        #expect(h.fail("a", at: "w1", attempt: 2).requeues.count == 1)
    }

    @Test func throughputCountsTheLastMinute() {
        var h = MachineHarness()
        _ = h.register("w1", slots: 10)
        _ = h.submit((0..<10).map { "j\($0)" })
        for index in 0..<10 { _ = h.succeed("j\(index)", at: "w1") }
        #expect(h.machine.snapshot(now: h.now).throughput.lastMinute == 10)
        _ = h.advance(61)
        #expect(h.machine.snapshot(now: h.now).throughput.lastMinute == 0)
    }
}

@Suite("Slot accounting")
struct SlotTests {
    @Test func reLeaseToTheSameWorkerTakesASecondSlot() {
        // w1 still runs attempt 1 after its lease expired; attempt 2 must not squeeze into the same slot.
        var h = MachineHarness(jobTimeout: 2)
        _ = h.register("w1", slots: 2)
        _ = h.submit(["a"])
        _ = h.advance(1)
        _ = h.machine.onHeartbeat(from: "w1", now: h.now)
        let expired = h.advance(1.5)
        #expect(expired.dispatches.map(\.attempt) == [2])
        #expect(h.machine.snapshot(now: h.now).workers.first?.busy == 2)
        #expect(h.submit(["b"]).dispatches.isEmpty, "both slots are busy")
        // The stale failure of attempt 1 frees exactly its own slot.
        let stale = h.fail("a", at: "w1", attempt: 1)
        #expect(stale.ignored == ["a"])
        #expect(stale.dispatches.map(\.job) == ["b"])
    }

    @Test func busySlotsAnnouncedInReadyAreNotFilled() {
        var h = MachineHarness()
        _ = h.machine.onReady(Ready(worker: "w1", slots: 2, host: "h", pid: 1, version: "0", busy: 1), now: h.now)
        #expect(h.submit(["a", "b"]).dispatches.map(\.job) == ["a"])
        // A report for a job this coordinator never leased frees the slot it occupied.
        let late = h.succeed("from-before", at: "w1")
        #expect(late.dispatches.map(\.job) == ["b"])
    }

    @Test func handBackReturnsTheAttemptInTheJournal() {
        var h = MachineHarness()
        _ = h.register("w1", slots: 1)
        _ = h.submit(["a"])
        let actions = h.machine.onDisconnect(from: "w1", now: h.now)
        #expect(actions.contains(.requeue(job: "a", attempts: 0, error: nil, delay: 0)))
    }
}

@Suite("Unreachable workers")
struct UnreachableTests {
    @Test func undeliveredJobGoesBackFreeAndRunningJobsCountAnAttempt() {
        var h = MachineHarness()
        _ = h.register("w1", slots: 2)
        _ = h.register("w2", slots: 1)
        _ = h.submit(["running", "other", "next"])
        // Dispatch went running → w1, other → w1... find what w1 holds, then pretend "next" failed to reach it.
        let held = h.machine.snapshot(now: h.now).workers.first { $0.id == "w1" }!.busy
        #expect(held == 2)
        let actions = h.machine.onUnreachable("w1", undelivered: ["other"], now: h.now)
        #expect(actions.contains { if case .workerLost("w1", _) = $0 { true } else { false } })
        let requeues = Dictionary(uniqueKeysWithValues: actions.requeues.map { ($0.job, $0.error?.code) })
        #expect(requeues["other"] == .some(nil), "an undelivered job goes back without an error")
        #expect(requeues["running"] == "worker-lost", "a job it was running counts an attempt")
        let rows = h.machine.snapshot(now: h.now).workers
        #expect(rows.map { "\($0.id):\($0.state):\($0.busy)" } == ["w1:lost:0", "w2:up:1"])
        #expect(h.machine.workerIds == ["w2"])
    }

    @Test func aLostWorkerIsShownAsLostForTenMinutesUnlessItComesBack() {
        var h = MachineHarness()
        _ = h.register("w1", slots: 1)
        _ = h.register("w2", slots: 1)
        for _ in 0..<8 {
            _ = h.advance(0.5)
            _ = h.machine.onHeartbeat(from: "w2", now: h.now)
        }
        #expect(h.machine.snapshot(now: h.now).workers.map(\.state) == ["lost", "up"])
        #expect(h.machine.counters.workersLost == 1)
        _ = h.register("w1", slots: 1)
        #expect(h.machine.snapshot(now: h.now).workers.map(\.state) == ["up", "up"], "back under the same id")
        _ = h.machine.onDisconnect(from: "w1", now: h.now)
        #expect(h.machine.snapshot(now: h.now).workers.map(\.id) == ["w2"], "a worker that says goodbye is not lost")
        for _ in 0..<8 {
            _ = h.advance(0.5)
            _ = h.machine.onHeartbeat(from: "w1", now: h.now)
        }
        #expect(h.machine.snapshot(now: h.now).workers.map(\.state) == ["lost"])
        _ = h.advance(CoordinatorMachine.lostWorkerMemory + 1)
        #expect(h.machine.snapshot(now: h.now).workers.isEmpty, "forgotten after ten minutes")
    }
}

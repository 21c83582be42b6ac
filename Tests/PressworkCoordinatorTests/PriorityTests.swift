import PressworkProtocol
import Testing

@testable import PressworkCoordinator

@Suite("Priority: higher first, nothing starves")
struct PriorityTests {
    /// Dispatch order with one slot: each dispatched job is completed before the next one goes out.
    static func order(_ harness: inout MachineHarness, count: Int) -> [String] {
        var order: [String] = []
        var actions = harness.register("w1", slots: 1)
        for _ in 0..<count {
            guard let job = actions.dispatches.first?.job else { break }
            order.append(job)
            actions = harness.succeed(job, at: "w1")
        }
        return order
    }

    @Test("With every lane full, seven dispatches take four high, two normal and one low")
    func weightedCycle() {
        var harness = MachineHarness()
        _ = harness.machine.onSubmitted((0..<10).map { "low-\($0)" }, maxAttempts: 4, priority: .low, now: harness.now)
        _ = harness.machine.onSubmitted(
            (0..<10).map { "normal-\($0)" }, maxAttempts: 4, priority: .normal, now: harness.now)
        _ = harness.machine.onSubmitted(
            (0..<20).map { "high-\($0)" }, maxAttempts: 4, priority: .high, now: harness.now)
        let order = Self.order(&harness, count: 14)
        let first = order.prefix(7)
        #expect(first.filter { $0.hasPrefix("high") }.count == 4, "\(order)")
        #expect(first.filter { $0.hasPrefix("normal") }.count == 2, "\(order)")
        #expect(first.filter { $0.hasPrefix("low") }.count == 1, "\(order)")
        // Within a lane, first in, first out.
        #expect(order.filter { $0.hasPrefix("high") }.prefix(3) == ["high-0", "high-1", "high-2"])
        #expect(order.filter { $0.hasPrefix("low") } == ["low-0", "low-1"])
    }

    @Test("An empty lane gives its turn to the others, highest first; alone, low runs at full speed")
    func emptyLanes() {
        var harness = MachineHarness()
        _ = harness.machine.onSubmitted((0..<5).map { "low-\($0)" }, maxAttempts: 4, priority: .low, now: harness.now)
        #expect(Self.order(&harness, count: 5) == (0..<5).map { "low-\($0)" })
        var mixed = MachineHarness()
        _ = mixed.machine.onSubmitted(["low-0", "low-1"], maxAttempts: 4, priority: .low, now: mixed.now)
        _ = mixed.machine.onSubmitted(["high-0", "high-1"], maxAttempts: 4, priority: .high, now: mixed.now)
        #expect(Self.order(&mixed, count: 4) == ["high-0", "high-1", "low-0", "low-1"])
    }

    @Test("Restored jobs keep their priority, and a failed job keeps it when it comes back")
    func restoreAndRequeue() {
        var harness = MachineHarness()
        harness.machine.restore("low-0", attempts: 0, maxAttempts: 4, delay: nil, priority: .low, now: harness.now)
        harness.machine.restore("high-0", attempts: 0, maxAttempts: 4, delay: nil, priority: .high, now: harness.now)
        let first = harness.register("w1", slots: 1)
        #expect(first.dispatches.map(\.job) == ["high-0"])
        // It fails: while it waits out its back-off the low job runs, then it comes back.
        let failed = harness.fail("high-0", at: "w1", attempt: 1)
        #expect(failed.dispatches.map(\.job) == ["low-0"])
        _ = harness.succeed("low-0", at: "w1")
        #expect(harness.advance(2).dispatches.map(\.job) == ["high-0"])
    }
}

@Suite("Per-job timeouts")
struct JobTimeoutTests {
    @Test("A job's own timeout ends its lease; other jobs keep the coordinator's")
    func ownTimeout() {
        var harness = MachineHarness(jobTimeout: 60)
        _ = harness.machine.onSubmitted(["quick"], maxAttempts: 4, timeout: 2, now: harness.now)
        _ = harness.submit(["default"])
        #expect(harness.register("w1", slots: 2).dispatches.count == 2)
        #expect(harness.machine.timeout(of: "quick") == 2 && harness.machine.timeout(of: "default") == 60)
        _ = harness.machine.onHeartbeat(from: "w1", stats: nil, now: harness.now + 1)
        let actions = harness.advance(2.5)
        #expect(actions.requeues.map(\.job) == ["quick"], "\(actions)")
        #expect(actions.requeues.first?.error?.message == "no result within 2 s")
        // A restored job keeps its timeout.
        var restored = MachineHarness(jobTimeout: 60)
        restored.machine.restore("r", attempts: 0, maxAttempts: 4, delay: nil, timeout: 7, now: restored.now)
        #expect(restored.machine.timeout(of: "r") == 7)
    }
}

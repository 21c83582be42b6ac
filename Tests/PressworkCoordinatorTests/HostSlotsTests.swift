import PressworkProtocol
import Testing

@testable import PressworkCoordinator

@Suite("Per-host slots: fetch jobs of one host are leased at most N at a time, D seconds apart")
struct HostSlotsTests {
    static func hosts(_ ids: [String], _ host: String) -> [String: String] {
        Dictionary(uniqueKeysWithValues: ids.map { ($0, host) })
    }

    @Test("With 2 slots per host, a third job of the host waits while other hosts' jobs and plain jobs go ahead")
    func concurrency() {
        var harness = MachineHarness(hostConcurrency: 2)
        let a = (1...5).map { "a\($0)" }
        _ = harness.submit(a, hosts: Self.hosts(a, "a.example"))
        _ = harness.submit(["b1"], hosts: ["b1": "b.example"])
        _ = harness.submit(["plain"])
        let first = harness.register("w1", slots: 10).dispatches.map(\.job)
        #expect(first == ["a1", "a2", "b1", "plain"], "\(first)")
        #expect(harness.queue.queued == 3)
        let hosts = harness.machine.hostsSnapshot()
        #expect(hosts.waiting == 3 && hosts.active == 2)
        #expect(hosts.busiest.first == .init(host: "a.example", running: 2, waiting: 3))

        // A finished job of the host lets the oldest waiting one go; a failed one too.
        #expect(harness.succeed("a1", at: "w1").dispatches.map(\.job) == ["a3"])
        #expect(harness.succeed("b1", at: "w1").dispatches.isEmpty)
        #expect(harness.fail("a2", at: "w1", attempt: 1, retryable: false).dispatches.map(\.job) == ["a4"])
        #expect(harness.succeed("a3", at: "w1").dispatches.map(\.job) == ["a5"])
        for job in ["a4", "a5", "plain"] { _ = harness.succeed(job, at: "w1") }
        #expect(harness.queue.queued == 0 && harness.queue.leased == 0)
        #expect(harness.machine.hostsSnapshot().active == 0)
        #expect(harness.machine.hostSlots.hosts.isEmpty, "idle hosts are forgotten")
    }

    @Test("A lost worker's jobs give their host slots back; a cancelled waiting job leaves the count")
    func lossAndCancel() {
        var harness = MachineHarness(hostConcurrency: 1)
        let ids = ["a1", "a2", "a3"]
        _ = harness.submit(ids, hosts: Self.hosts(ids, "a.example"))
        #expect(harness.register("w1", slots: 2).dispatches.map(\.job) == ["a1"])
        _ = harness.machine.onCancel(["a3"], now: harness.now)
        #expect(harness.machine.hostsSnapshot().waiting == 1)
        _ = harness.register("w2", slots: 2)
        // w1 goes silent: a1 is requeued, and the slot it frees goes to a2, which has waited longer.
        var dispatched: [String] = []
        for _ in 0..<40 {
            _ = harness.machine.onHeartbeat(from: "w2", now: harness.now)
            dispatched += harness.advance(0.25).dispatches.filter { $0.worker == "w2" }.map(\.job)
        }
        #expect(dispatched == ["a2"], "\(dispatched)")
        #expect(harness.machine.hostsSnapshot().waiting == 1)
        #expect(harness.succeed("a2", at: "w2").dispatches.map(\.job) == ["a1"])
        #expect(harness.machine.hostsSnapshot().waiting == 0)
    }

    @Test("A delay spaces the leases of one host; the timer releases the next one")
    func delay() {
        var harness = MachineHarness(hostConcurrency: 0, hostDelay: 2)
        let ids = ["a1", "a2", "a3"]
        _ = harness.submit(ids, hosts: Self.hosts(ids, "a.example"))
        _ = harness.submit(["b1"], hosts: ["b1": "b.example"])
        #expect(harness.register("w1", slots: 10).dispatches.map(\.job) == ["a1", "b1"])
        #expect(harness.advance(1).dispatches.isEmpty)
        #expect(harness.advance(1).dispatches.map(\.job) == ["a2"])
        #expect(harness.succeed("a2", at: "w1").dispatches.isEmpty, "a finished job does not shorten the delay")
        #expect(harness.advance(1.5).dispatches.isEmpty)
        #expect(harness.advance(0.5).dispatches.map(\.job) == ["a3"])
        for job in ["a1", "b1", "a3"] { _ = harness.succeed(job, at: "w1") }
        _ = harness.advance(3)
        #expect(harness.machine.hostSlots.hosts.isEmpty)
    }

    @Test("Restored and revived fetch jobs obey the limits too")
    func restored() {
        var harness = MachineHarness(hostConcurrency: 1)
        for id in ["a1", "a2"] {
            harness.machine.restore(id, attempts: 0, maxAttempts: 3, delay: nil, host: "a.example", now: harness.now)
        }
        #expect(harness.register("w1", slots: 4).dispatches.map(\.job) == ["a1"])
        _ = harness.fail("a1", at: "w1", attempt: 1, retryable: false)
        let revived = harness.machine.onRevived([("a1", 1)], hosts: ["a1": "a.example"], now: harness.now)
        #expect(revived.dispatches.isEmpty, "a2 holds the host's one slot")
        #expect(harness.machine.hostsSnapshot().busiest.first?.waiting == 1)
    }
}

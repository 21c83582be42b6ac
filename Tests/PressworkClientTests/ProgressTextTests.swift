import PressworkClient
import Testing

@Suite("submit --wait progress")
struct ProgressTextTests {
    /// A meter that saw `points` (time, done, failed) observations of a batch started at 0.
    func meter(total: Int, _ points: [(Double, Int, Int)], window: Double = 5) -> ProgressMeter {
        var meter = ProgressMeter(total: total, start: 0, window: window)
        for (time, done, failed) in points { meter.record(done: done, failed: failed, at: time) }
        return meter
    }

    @Test("the rate covers only the last window of seconds")
    func recentRate() throws {
        // 10/s for the first 10 s, then 2/s: the rate over the last 5 s is 2/s.
        var points: [(Double, Int, Int)] = (0...10).map { (Double($0), $0 * 10, 0) }
        points += (11...20).map { (Double($0), 100 + ($0 - 10) * 2, 0) }
        let meter = meter(total: 500, points)
        #expect(try #require(meter.rate) == 2)
        #expect(meter.eta == Double(500 - 120) / 2)
        #expect(meter.meanRate(at: 20) == 6)
    }

    @Test("no rate or ETA before a second of history; ETA 0 once everything is final")
    func unknownAndFinished() {
        #expect(meter(total: 10, [(0.2, 3, 0)]).rate == nil)
        #expect(meter(total: 10, [(0.2, 3, 0)]).eta == nil)
        #expect(meter(total: 10, [(0, 0, 0), (2, 0, 0)]).eta == nil, "nothing finished recently: unknown")
        #expect(meter(total: 10, [(0.2, 8, 2)]).eta == 0)
    }

    @Test("plain line for pipes and logs")
    func plainLine() {
        let meter = meter(total: 500, [(0, 50, 0), (2, 120, 2)])
        #expect(ProgressText.plain(meter) == "progress: 120/500 done, 2 failed, 36.0/s, eta 11s")
        #expect(ProgressText.plain(self.meter(total: 5, [(0.1, 1, 0)])) == "progress: 1/5 done, 0 failed, -/s, eta -")
    }

    @Test("terminal line: redrawn in place, bar, colours only when asked")
    func terminalLine() {
        let meter = meter(total: 100, [(0, 0, 0), (4, 50, 1)])
        let plain = ProgressText.terminal(meter, barWidth: 10, colour: false)
        #expect(plain == "\r[#####.....]  51%  50/100 done  1 failed  12.8/s  eta 3.8s\u{1B}[K")
        let coloured = ProgressText.terminal(meter, barWidth: 10, colour: true)
        #expect(coloured.contains("\u{1B}[32m50/100 done\u{1B}[0m") && coloured.contains("\u{1B}[31m1 failed"))
        #expect(!plain.contains("\u{1B}[3"))
        #expect(
            ProgressText.terminal(self.meter(total: 4, [(1, 4, 0)]), barWidth: 4, colour: false).hasPrefix(
                "\r[####] 100%"))
    }

    @Test("summary: total, done, dead, elapsed and mean rate")
    func summary() {
        let meter = meter(total: 500, [(10, 400, 1), (14.2, 498, 2)])
        #expect(
            ProgressText.summary(meter, at: 14.2) == "waited for 500 jobs: 498 done, 2 dead in 14s (35.2/s mean)")
    }

    @Test(
        "durations for people",
        arguments: [(0.04, "0.0s"), (9.94, "9.9s"), (11.4, "11s"), (125, "2m05s"), (3_720, "1h02m"), (-3, "0.0s")])
    func durations(seconds: Double, expected: String) {
        #expect(ProgressText.duration(seconds) == expected)
    }
}

import Foundation

/// The lines `submit --wait` writes about a `ProgressMeter`: pure functions from counts to text.
public enum ProgressText {
    /// A line for logs and pipes, e.g. `progress: 120/500 done, 2 failed, 35.1/s, eta 11s`.
    public static func plain(_ meter: ProgressMeter) -> String {
        "progress: \(meter.done)/\(meter.total) done, \(meter.failed) failed, \(rate(meter.rate)), eta \(eta(meter.eta))"
    }

    /// The line a terminal redraws in place: carriage return, the bar and counts, clear to the end of the line.
    /// - Parameters:
    ///   - barWidth: characters inside the brackets.
    ///   - colour: whether to use ANSI colours (never when `NO_COLOR` is set or stderr is not a terminal).
    public static func terminal(_ meter: ProgressMeter, barWidth: Int = 24, colour: Bool) -> String {
        let fraction = meter.total > 0 ? min(1, Double(meter.finished) / Double(meter.total)) : 1
        let filled = Int((fraction * Double(barWidth)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled)
        let percent = String(format: "%3d%%", Int((fraction * 100).rounded(.down)))
        var failed = "\(meter.failed) failed"
        var done = "\(meter.done)/\(meter.total) done"
        if colour {
            done = paint(done, "32")
            if meter.failed > 0 { failed = paint(failed, "31") }
        }
        return "\r[\(bar)] \(percent)  \(done)  \(failed)  \(rate(meter.rate))  eta \(eta(meter.eta))\u{1B}[K"
    }

    /// The final line, e.g. `waited for 500 jobs: 498 done, 2 dead in 14.2s (35.2/s mean)`.
    public static func summary(_ meter: ProgressMeter, at now: Double) -> String {
        "waited for \(meter.total) jobs: \(meter.done) done, \(meter.failed) dead in "
            + "\(duration(meter.elapsed(at: now))) (\(rate(meter.meanRate(at: now))) mean)"
    }

    /// `35.1/s`, or `-/s` when unknown.
    static func rate(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "-/s" }
        return String(format: "%.1f/s", value)
    }

    /// `11s`, `2m05s`, `1h02m`, or `-` when unknown.
    static func eta(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "-" }
        return duration(value)
    }

    /// A duration for people: tenths under ten seconds, then seconds, minutes and hours.
    public static func duration(_ seconds: Double) -> String {
        if seconds < 10 { return String(format: "%.1fs", max(0, seconds)) }
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        return String(format: "%dh%02dm", whole / 3600, whole % 3600 / 60)
    }

    static func paint(_ text: String, _ code: String) -> String {
        "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}

import Foundation
import PressworkClient
import PressworkProtocol

/// Polls job states until all are final, with progress on stderr: a line redrawn in place on a terminal,
/// a plain line every few seconds otherwise, and a summary at the end. Stdout is left to the job ids.
struct WaitProgress {
    let client: CoordinatorClient
    let jobs: [String]
    /// When the submission started, on the `now()` clock.
    let started: Double

    /// Seconds between polls of the coordinator (and at most 5 redraws a second on a terminal).
    static let pollInterval: Double = 0.2
    /// Seconds between plain progress lines when stderr is not a terminal.
    static let plainInterval: Double = 5

    /// Monotonic seconds.
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Colours only on a terminal, and never when `NO_COLOR` is set (https://no-color.org) or `TERM` is dumb.
    static func useColour(terminal: Bool, environment: [String: String]) -> Bool {
        terminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }

    /// Characters of the bar on a terminal: narrower on a narrow terminal, so the line never wraps.
    static func barWidth() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 24 }
        return min(30, max(5, Int(size.ws_col) - 60))
    }

    /// - Returns: how many jobs ended dead or cancelled.
    func run() throws(ClientError) -> Int {
        let terminal = isatty(STDERR_FILENO) == 1
        do {
            return try poll(terminal: terminal)
        } catch {
            if terminal { Self.write("\n") }  // the error message starts on a line of its own
            throw error
        }
    }

    private func poll(terminal: Bool) throws(ClientError) -> Int {
        let barWidth = terminal ? Self.barWidth() : 0
        let colour = Self.useColour(terminal: terminal, environment: ProcessInfo.processInfo.environment)
        var meter = ProgressMeter(total: jobs.count, start: started)
        var pending = jobs
        var done = 0
        var dead: [String] = []
        var cancelled: [String] = []
        var lastPlain = Self.now()
        while !pending.isEmpty {
            let states = try client.states(of: pending)
            var still: [String] = []
            for (job, state) in zip(pending, states) {
                switch state {
                case .done: done += 1
                case .dead: dead.append(job)
                case .cancelled: cancelled.append(job)
                case .unknown:
                    throw ClientError(
                        .refused, "the coordinator does not know job \(job) (was its data directory replaced?)")
                case .queued, .leased: still.append(job)
                }
            }
            pending = still
            let now = Self.now()
            meter.record(done: done, failed: dead.count + cancelled.count, at: now)
            if terminal {
                Self.write(ProgressText.terminal(meter, barWidth: barWidth, colour: colour))
            } else if !pending.isEmpty && now - lastPlain >= Self.plainInterval {
                Self.write(ProgressText.plain(meter) + "\n")
                lastPlain = now
            }
            if !pending.isEmpty { usleep(useconds_t(Self.pollInterval * 1_000_000)) }
        }
        if terminal { Self.write("\n") }
        Self.write(ProgressText.summary(meter, at: Self.now()) + "\n")
        for job in dead { Output.error("job \(job) is dead (presswork show \(job))") }
        for job in cancelled { Output.error("job \(job) was cancelled") }
        return dead.count + cancelled.count
    }

    /// One write per line, so lines from other writers do not interleave inside it.
    private static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

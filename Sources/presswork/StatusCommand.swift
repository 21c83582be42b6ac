import ArgumentParser
import Foundation
import PressworkClient
import PressworkProtocol

/// `presswork status`: cluster health at a glance, or as JSON.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the coordinator, the queue, throughput, languages, every worker and recent failures.",
        discussion: """
            --json prints the document described in Sources/PressworkProtocol/STATUS.md (the same as the \
            coordinator's /api/status); with --watch, one compact JSON line per refresh.
            """)

    @Flag(help: "Print stable JSON for scripts.")
    var json = false

    @Flag(help: "Refresh in place until interrupted, like top.")
    var watch = false

    @Option(help: "Seconds between refreshes with --watch.")
    var interval: Double = 2

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        guard interval >= 0.1 else { throw ValidationError("--interval must be at least 0.1 seconds") }
    }

    func run() throws {
        try withClientErrors {
            let client = try connection.client()
            guard watch else {
                let status = try client.status()
                if json {
                    Output.json(status)
                } else {
                    Output.line(StatusText.render(status, colour: Self.colour(isatty(STDOUT_FILENO) == 1)))
                }
                return ExitStatus.ok
            }
            try watchLoop(client)
            return ExitStatus.ok
        }
    }

    /// Refreshes until interrupted. An unreachable coordinator is shown and retried, not fatal: an operator
    /// watching a restart wants the screen to come back by itself.
    private func watchLoop(_ client: CoordinatorClient) throws {
        let terminal = isatty(STDOUT_FILENO) == 1
        let colour = Self.colour(terminal)
        if terminal && !json { Output.raw(Array("\u{1B}[2J".utf8)) }
        while true {
            let started = Date()
            var report = ""
            switch Result(catching: { () throws(ClientError) in try client.status() }) {
            case .success(let status):
                if json { Output.jsonLine(status) } else { report = StatusText.render(status, colour: colour) }
            case .failure(let error) where error.code == .unreachable:
                let text = "coordinator unreachable: \(error)  (retrying every \(interval)s)"
                if json { Output.error(text) } else { report = text }
            case .failure(let error):
                throw error
            }
            if !report.isEmpty {
                let stamp = ISO8601DateFormatter().string(from: Date())
                report = "presswork status  \(stamp)  every \(interval)s\n" + report
                // Off a terminal (a log, a pipe) frames follow one another like `top -b`.
                Output.raw(Array((terminal ? StatusText.redraw(report) : report + "\n\n").utf8))
            }
            let rest = interval - Date().timeIntervalSince(started)
            if rest > 0 { Thread.sleep(forTimeInterval: rest) }
        }
    }

    /// Colours only on a terminal, never with `NO_COLOR` or a dumb `TERM`.
    static func colour(_ terminal: Bool) -> Bool {
        WaitProgress.useColour(terminal: terminal, environment: ProcessInfo.processInfo.environment)
    }
}

import ArgumentParser
import Foundation
import PressworkClient
import PressworkProtocol

/// `presswork dead`: list dead jobs with every attempt's error; `--retry` requeues them.
struct DeadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dead", abstract: "List dead jobs with their errors; --retry requeues them.")

    @Flag(help: "Requeue the dead jobs (the ones named, or all) with a fresh set of attempts.")
    var retry = false

    @Argument(help: "Only these jobs (default: all dead jobs).")
    var jobs: [String] = []

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        try withClientErrors {
            let client = try connection.client()
            if retry {
                // Named jobs that are not dead are not requeued: say which, and fail, rather than "requeued 0".
                let states = jobs.isEmpty ? [] : try client.states(of: jobs)
                let notDead = zip(jobs, states).filter { $0.1 != .dead && $0.1 != .cancelled }
                let count = try client.retry(jobs.isEmpty ? nil : jobs)
                for (job, state) in notDead {
                    Output.error(
                        state == .unknown
                            ? "\(job): no such job; not requeued" : "\(job) is \(state), not dead; not requeued")
                }
                if json { Output.json(["requeued": count]) } else { Output.line("requeued \(count) dead job(s)") }
                return notDead.isEmpty ? ExitStatus.ok : ExitStatus.jobFailures
            }
            var dead = try client.dead()
            if !jobs.isEmpty { dead = dead.filter { jobs.contains($0.id) } }
            if json {
                Output.json(dead)
            } else if dead.isEmpty {
                Output.line("no dead jobs")
            } else {
                Output.line(dead.map(ShowCommand.render).joined(separator: "\n\n"))
            }
            return ExitStatus.ok
        }
    }
}

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
                let count = try client.retry(jobs.isEmpty ? nil : jobs)
                if json { Output.json(["requeued": count]) } else { Output.line("requeued \(count) dead job(s)") }
                return ExitStatus.ok
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

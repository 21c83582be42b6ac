import ArgumentParser
import Foundation
import PressworkClient
import PressworkProtocol

/// `presswork cancel`: cancel jobs, named or a whole batch.
struct CancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel queued and running jobs: the ones named, or every unfinished job of a batch.",
        discussion: """
            Queued and delayed jobs are cancelled at once. Running jobs are cancelled too: their worker \
            finishes the attempt and its result is discarded. Cancelled jobs are never retried; finished jobs \
            are left as they are. Under CURVE a client key cancels only the jobs it submitted. Exit status 1 \
            when a named job is unknown or not yours.
            """)

    @Argument(help: "Job ids to cancel ('-' reads them from stdin, one per line).")
    var jobs: [String] = []

    @Option(help: ArgumentHelp("Cancel every unfinished job of this batch (printed by submit).", valueName: "id"))
    var batch: String?

    @Flag(help: "Print the counts as JSON.")
    var json = false

    @OptionGroup var connection: ConnectionOptions

    mutating func validate() throws {
        guard jobs.isEmpty != (batch == nil) else {
            throw ValidationError("name the jobs to cancel or give --batch, not both")
        }
        if let batch, !Submit.isValidBatch(batch) { throw ValidationError("--batch '\(batch)' is not a batch id") }
    }

    func run() throws {
        try withClientErrors {
            let client = try connection.client()
            let reply: CancelReply
            if let batch {
                reply = try client.cancel(batch: batch)
            } else {
                reply = try client.cancel(jobs: jobs == ["-"] ? Self.readIds() : jobs)
            }
            if json {
                Output.json(reply)
            } else {
                var parts = ["cancelled \(reply.cancelled) queued job(s)"]
                if reply.running > 0 { parts.append("\(reply.running) running (their results will be discarded)") }
                if reply.finished > 0 { parts.append("\(reply.finished) already finished, left as they are") }
                if reply.unknown > 0 { parts.append("\(reply.unknown) unknown") }
                if reply.forbidden > 0 { parts.append("\(reply.forbidden) submitted by another key, left alone") }
                Output.line(parts.joined(separator: "; "))
            }
            return reply.unknown + reply.forbidden > 0 ? ExitStatus.jobFailures : ExitStatus.ok
        }
    }

    /// Job ids from stdin, one per line; blank lines are skipped.
    private static func readIds() -> [String] {
        var ids: [String] = []
        while let line = readLine() {
            let id = line.trimmingCharacters(in: .whitespaces)
            if !id.isEmpty { ids.append(id) }
        }
        return ids
    }
}

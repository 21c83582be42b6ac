import ArgumentParser
import Foundation
import PressworkClient
import PressworkProtocol

/// `presswork show JOB`: one result document, or the job's state and errors.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one job's result document, or its state and errors if not done.")

    @Argument(help: "The job id printed by submit.")
    var job: String

    @Flag(help: "Print JSON: the result document, or the job record when there is none.")
    var json = false

    @Flag(
        help: """
            Print JSON Lines: the current document (null if none), then each document re-processing replaced, \
            newest first, as {"replacedAt", "storedAt", "document"}.
            """)
    var history = false

    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        try withClientErrors {
            let client = try connection.client()
            let shown: (job: JobInfo, document: [UInt8]?)
            do {
                shown = try client.show(job)
            } catch let error as ClientError where error.remoteCode == "unknown-job" {
                Output.error("no job \(job)")
                return ExitStatus.jobFailures
            }
            if history {
                // The current document (null when none), then the replaced ones, newest first, as JSON Lines.
                Output.raw((shown.document ?? Array("null".utf8)) + [0x0A])
                let previous = try client.history(of: job)
                for (when, document) in previous {
                    let head =
                        "{\"replacedAt\":\(Self.quoted(when.replacedAt)),\"storedAt\":\(Self.quoted(when.storedAt)),\"document\":"
                    Output.raw(Array(head.utf8) + document + Array("}\n".utf8))
                }
                FileHandle.standardError.write(Data("\(previous.count) earlier version(s)\n".utf8))
                return ExitStatus.ok
            }
            if let document = shown.document {
                Output.line(Output.prettyJSON(document))
                return ExitStatus.ok
            }
            if json {
                Output.json(shown.job)
            } else {
                Output.line(Self.render(shown.job))
            }
            return shown.job.state == .dead || shown.job.state == .cancelled ? ExitStatus.jobFailures : ExitStatus.ok
        }
    }

    /// A JSON string literal.
    private static func quoted(_ text: String) -> String {
        (try? StableJSON.encode(text, pretty: false)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    /// The job for a terminal. Every string in it came from a peer (the submitter's source, a worker's
    /// error message), so control characters are shown escaped, never sent to the terminal.
    static func render(_ job: JobInfo) -> String {
        let safe = { (text: String) in PeerText.escaped(text) }
        var lines = [
            "job       \(safe(job.id))",
            "state     \(job.state.rawValue)",
            "attempts  \(job.attempts) of \(job.maxAttempts)",
            "source    \(safe(job.article.source))",
            "submitted \(safe(job.submittedAt))",
            "updated   \(safe(job.updatedAt))",
        ]
        if let url = job.article.url { lines.insert("url       \(safe(url))", at: 4) }
        if let notBefore = job.notBefore { lines.append("retry at  \(safe(notBefore))") }
        if !job.errors.isEmpty {
            lines.append("errors")
            for error in job.errors {
                lines.append(
                    "  attempt \(error.attempt)  \(safe(error.at))  \(safe(error.worker ?? "-"))  "
                        + "\(safe(error.code)): \(safe(error.message))")
            }
        }
        return lines.joined(separator: "\n")
    }
}

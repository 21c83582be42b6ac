import ArgumentParser
import Foundation
import PressworkClient
import PressworkProtocol

/// `presswork reprocess`: run stored articles through the current pipeline again.
struct ReprocessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reprocess",
        abstract: "Queue done jobs again, at low priority, to run their stored articles through the current pipeline.",
        discussion: """
            Give job ids, or the filters of `presswork results` (no filter: every result). Each new document \
            replaces the old one, which stays readable with `presswork show --history JOB` until retention \
            removes it. Articles whose body was purged cannot run again and are counted. Documents record the \
            pipeline that made them in processing.pipelineVersion.
            """)

    @Argument(help: "Job ids to process again (default: the results matching the filters).")
    var jobs: [String] = []

    @OptionGroup var filters: ResultFilterOptions

    @Flag(help: "Print the counts as JSON.")
    var json = false

    @OptionGroup var connection: ConnectionOptions

    mutating func validate() throws {
        let filter = filters.filter(now: Date())
        if !jobs.isEmpty && filter != nil { throw ValidationError("give job ids or filters, not both") }
        if let status = filter?.status, status != "done" {
            throw ValidationError("only done jobs can be processed again (--status \(status))")
        }
    }

    func run() throws {
        try withClientErrors {
            let client = try connection.client()
            let terminal = isatty(STDERR_FILENO) == 1
            let total = try client.reprocess(
                jobs: jobs.isEmpty ? nil : jobs, filter: filters.filter(now: Date()),
                progress: { total in
                    if terminal { FileHandle.standardError.write(Data("\rqueued \(total.queued)".utf8)) }
                })
            if terminal { FileHandle.standardError.write(Data("\r".utf8)) }
            if json {
                Output.json(total)
            } else {
                var parts = ["queued \(total.queued) job(s) to process again at low priority"]
                if total.withoutBody > 0 {
                    parts.append("\(total.withoutBody) without a stored body, left as they are")
                }
                if total.notDone > 0 { parts.append("\(total.notDone) not done (or unknown), left as they are") }
                Output.line(parts.joined(separator: "; "))
            }
            return total.notDone > 0 ? ExitStatus.jobFailures : ExitStatus.ok
        }
    }
}

import ArgumentParser
import Foundation
import PressworkClient
import PressworkProtocol

/// `presswork purge`: delete finished jobs and their results, or only their article bodies.
struct PurgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete finished jobs (done or dead) and their results, or only their article bodies.",
        discussion: """
            Only jobs finished before --before are deleted, never queued or running ones; the filters of \
            `presswork results` narrow it to matching results. The coordinator must allow it (--allow-purge); \
            --keep-results and --keep-bodies on the coordinator do the same on a schedule.
            """)

    @Option(
        help: ArgumentHelp(
            "Delete what finished before TIME: an ISO 8601 date or time, or an age like 30d.", valueName: "time"))
    var before: String

    @Flag(name: .customLong("bodies-only"), help: "Delete only the article bodies; jobs and results stay.")
    var bodiesOnly = false

    @OptionGroup var filters: ResultFilterOptions

    @OptionGroup var connection: ConnectionOptions

    mutating func validate() throws {
        guard ResultFilterOptions.time(before, now: Date()) != nil else {
            throw ValidationError("--before '\(before)' is not an ISO 8601 date or time, nor an age like 30d")
        }
    }

    func run() throws {
        try withClientErrors {
            let now = Date()
            let cutoff = ResultFilterOptions.time(before, now: now) ?? now.timeIntervalSince1970
            let client = try connection.client()
            let total = try client.purge(before: cutoff, bodiesOnly: bodiesOnly, filter: filters.filter(now: now))
            FileHandle.standardError.write(
                Data("purged \(total.jobs) job(s) with their results, \(total.bodies) article body(ies)\n".utf8))
            return ExitStatus.ok
        }
    }
}

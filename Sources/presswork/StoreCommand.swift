import ArgumentParser
import Foundation
import PressworkCoordinator
import PressworkPostgresStore
import PressworkStore

/// `presswork store`: operations on a coordinator's store itself.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Operations on a coordinator's store.", subcommands: [StoreCopyCommand.self])
}

/// `presswork store copy`: moves an embedded store into PostgreSQL, resumably.
struct StoreCopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy an embedded store (a coordinator's --data directory) into a PostgreSQL database.",
        discussion: """
            Every job goes across with its state, attempts and errors, its article body, its result and the \
            results it replaced, and the remembered submission keys; then start the coordinator with --store and \
            the same --name. Stop the coordinator first: the data directory is locked while one runs. The copy \
            commits every 500 jobs and records how far it got, so running it again after an interruption goes on \
            from there; jobs already in the database are left as they are. Export cursors start over in the new \
            store.
            """)

    @Option(help: ArgumentHelp("The coordinator's data directory (holding presswork.sqlite).", valueName: "dir"))
    var from: String

    @Option(
        help: ArgumentHelp(
            "The PostgreSQL database (postgres://user:password@host:5432/db); default: PRESSWORK_STORE.",
            valueName: "url"))
    var to: String?

    @Option(
        help: ArgumentHelp(
            "The name the coordinator will run under (--name); default: the host's name.", valueName: "name"))
    var name = CoordinatorConfiguration.defaultName()

    mutating func validate() throws {
        if to == nil { to = ProcessInfo.processInfo.environment["PRESSWORK_STORE"] }
        guard to?.isEmpty == false else { throw ValidationError("give --to postgres://… (or set PRESSWORK_STORE)") }
        guard PostgresStore.isValidCoordinatorName(name) else {
            throw ValidationError("--name must be 1 to 32 lower-case letters, digits and '-'")
        }
        let file = (from as NSString).appendingPathComponent("presswork.sqlite")
        guard FileManager.default.fileExists(atPath: file) else {
            throw ValidationError("\(file) does not exist: --from names a coordinator's data directory")
        }
    }

    func run() throws {
        let status: Int32
        do {
            let lock = try DataDirectoryLock(directory: from)
            defer { withExtendedLifetime(lock) {} }
            let source = try JobStore(directory: from)
            let target = try PostgresStore(url: to ?? "", coordinator: name)
            let origin = "sqlite:" + URL(fileURLWithPath: source.path).standardizedFileURL.path
            var after = try target.copiedThrough(source: origin)
            if after > 0 { FileHandle.standardError.write(Data("resuming after journal entry \(after)\n".utf8)) }
            var copied = 0
            var seen = 0
            while true {
                let records = try source.jobRecords(after: after, limit: 500)
                guard let last = records.last else { break }
                copied += try target.importJobs(records, source: origin)
                seen += records.count
                after = last.seq
                FileHandle.standardError.write(Data("copied \(copied) of \(seen) jobs read\n".utf8))
            }
            try target.importSubmissions(try source.submissionRecords())
            Output.line(
                "copied \(copied) job(s) into \(target.location) as coordinator '\(name)'"
                    + (seen > copied ? "; \(seen - copied) were there already" : ""))
            status = ExitStatus.ok
        } catch let error as StoreError {
            Output.error("\(error)")
            status = ExitStatus.jobFailures
        } catch {
            Output.error("\(error)")
            status = ExitStatus.usage
        }
        if status != ExitStatus.ok { throw ExitCode(status) }
    }
}

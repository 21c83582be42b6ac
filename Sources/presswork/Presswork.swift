import ArgumentParser
import Foundation
import PressworkProtocol

/// `presswork`: the one command of the cluster. Parsing fills configuration structs; the libraries do the work.
@main
struct Presswork: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presswork",
        abstract: "A distributed worker cluster for multilingual article processing.",
        discussion: """
            Exit status: 0 ok, 1 job-level failures, 2 usage or input errors, 3 cannot reach the coordinator.
            Commands that talk to a coordinator take --connect (or PRESSWORK_CONNECT), default tcp://127.0.0.1:7700,
            and for CURVE --key and --server-public-key (or PRESSWORK_KEY and PRESSWORK_SERVER_PUBLIC_KEY).
            """,
        version: PressworkVersion.current,
        subcommands: [
            RunCoordinator.self, RunWorker.self, SubmitCommand.self, StatusCommand.self, ShowCommand.self,
            ResultsCommand.self, ExportCommand.self, DeadCommand.self, CancelCommand.self, ReprocessCommand.self,
            PurgeCommand.self, StoreCommand.self,
            ProcessCommand.self,
            LanguageCommand.self,
            KeygenCommand.self,
            WorkerSlotCommand.self,
        ]
    )

    /// Parses and runs, mapping ArgumentParser's usage errors to exit status 2 as documented.
    static func main() async {
        do {
            var command = try parseAsRoot()
            // `presswork` alone names no command: the help, then the usage error status.
            if command is Presswork {
                FileHandle.standardError.write(Data((helpMessage() + "\n").utf8))
                Foundation.exit(ExitStatus.usage)
            }
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let error as ValidationErrorText {
            FileHandle.standardError.write(Data("presswork: invalid configuration: \(error)\n".utf8))
            Foundation.exit(ExitStatus.usage)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}

/// The documented exit statuses.
enum ExitStatus {
    static let ok: Int32 = 0
    static let jobFailures: Int32 = 1
    static let usage: Int32 = 2
    static let unreachable: Int32 = 3
}

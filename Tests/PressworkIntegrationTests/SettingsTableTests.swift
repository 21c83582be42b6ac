import Foundation
import PressworkCoordinator
import Testing

@testable import presswork

/// The settings tables of `coordinator` and `worker`, without processes: every setting reaches its flag,
/// its variable and its file key, layers are taken in order, and messages say where a bad value came from.
@Suite("Settings tables")
struct SettingsTableTests {
    /// A value other than the default for each kind, as command-line text.
    static func sample<Root, Flags>(_ setting: Setting<Root, Flags>, defaults: Root) -> String {
        let texts = [
            "http": "127.0.0.1:8080", "log-level": "debug", "log-format": "json", "id": "w-1", "keep-bodies": "7d",
            "keep-results": "90d", "name": "east-1", "store-timeout": "30",
            "store": "postgres://presswork@127.0.0.1:5432/presswork", "http-prefix": "/presswork",
        ]
        if let text = texts[setting.name] { return text }
        return switch setting.current(defaults) {
        case .integer(let number): String(number + 1)
        case .float(let number): String(number + 1)
        case .boolean: "true"
        case .string("tcp://127.0.0.1:7700"): "tcp://127.0.0.1:7799"
        default: "/tmp/a-value"
        }
    }

    static func arguments<Root, Flags>(_ setting: Setting<Root, Flags>, _ value: String) -> [String] {
        setting.kind == .boolean ? [setting.option] : [setting.option, value]
    }

    @Test("Every coordinator setting is reached by its flag, its variable and its file key")
    func coordinatorSettingsAreWired() throws {
        let table = CoordinatorSettings.table
        for setting in table.settings {
            let value = Self.sample(setting, defaults: table.defaults)
            let flags = try RunCoordinator.parse(Self.arguments(setting, value))
            let byFlag = try table.resolve(flags: flags, environment: [:])
            #expect(byFlag.source(of: setting.name) == .flag, "\(setting.name)")
            #expect(setting.current(byFlag.values) != setting.current(table.defaults), "\(setting.name) by flag")
            let byVariable = try table.resolve(
                flags: RunCoordinator.parse([]), environment: [setting.environmentName: value])
            #expect(byVariable.source(of: setting.name) == .environment, "\(setting.name)")
            #expect(setting.current(byVariable.values) == setting.current(byFlag.values), "\(setting.name)")
            // Every other setting keeps its default.
            for other in table.settings where other.name != setting.name {
                #expect(byFlag.source(of: other.name) == .default, "\(other.name) with --\(setting.name)")
            }
        }
    }

    @Test("Every worker setting is reached by its flag and its variable")
    func workerSettingsAreWired() throws {
        let table = WorkerSettings.table
        for setting in table.settings {
            let value = Self.sample(setting, defaults: table.defaults)
            let byFlag = try RunWorker.parse(Self.arguments(setting, value)).settings(environment: [:])
            #expect(byFlag.source(of: setting.name) == .flag, "\(setting.name)")
            #expect(setting.current(byFlag.values) != setting.current(table.defaults), "\(setting.name) by flag")
            let byVariable = try RunWorker.parse([]).settings(environment: [setting.environmentName: value])
            #expect(setting.current(byVariable.values) == setting.current(byFlag.values), "\(setting.name)")
        }
    }

    @Test("A flag beats the environment, which beats the file, which beats the default")
    func precedence() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("settings-\(UUID()).toml").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try "[coordinator]\nretries = 5\nprefetch = 5\njob-timeout = 60\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        let settings = try RunCoordinator.parse(["--config", file, "--retries", "7"]).settings(environment: [
            "PRESSWORK_RETRIES": "6", "PRESSWORK_PREFETCH": "4",
        ])
        #expect(settings.values.configuration.retry.maxRetries == 7)
        #expect(settings.values.configuration.prefetch == 4)
        #expect(settings.values.configuration.jobTimeout == 60)
        #expect(
            settings.values.configuration.heartbeatInterval
                == CoordinatorSettings.table.defaults.configuration.heartbeatInterval)
        #expect(settings.origins["retries"] == ConfigOrigin(source: .flag, place: "--retries"))
        #expect(settings.origins["prefetch"] == ConfigOrigin(source: .environment, place: "PRESSWORK_PREFETCH"))
        #expect(
            settings.origins["job-timeout"]
                == ConfigOrigin(source: .file, place: "\(file):4: [coordinator] job-timeout"))
        let lines = settings.rendered(command: "coordinator").split(separator: "\n").map(String.init)
        #expect(lines.first == "# presswork coordinator: effective configuration (file: \(file))")
        #expect(lines.contains("retries = 7  # flag"))
        #expect(lines.contains("# server-key is not set  # default"))
        #expect(lines.count == CoordinatorSettings.table.settings.count + 2)
    }

    @Test(
        "A bad value is refused with the setting and where it came from",
        arguments: [
            (["--max-pending-per-client", "0"], [:], "--max-pending-per-client: '0' must be greater than 0"),
            (
                [], ["PRESSWORK_MAX_PENDING_PER_CLIENT": "0"],
                "PRESSWORK_MAX_PENDING_PER_CLIENT: '0' must be greater than 0"
            ),
            ([], ["PRESSWORK_JOB_TIMEOUT": "soon"], "PRESSWORK_JOB_TIMEOUT: must be a number, got 'soon'"),
            (["--job-timeout=-1"], [:], "--job-timeout: '-1' must be greater than 0"),
            (["--bind", "inproc://x"], [:], "--bind: 'inproc://x' must be a tcp:// or ipc:// endpoint"),
            ([], ["PRESSWORK_INSECURE": "maybe"], "PRESSWORK_INSECURE: must be true or false, got 'maybe'"),
            (["--worker-keys", "/tmp"], [:], "worker-keys and client-keys need server-key (from --worker-keys)"),
        ] as [([String], [String: String], String)])
    func refused(_ arguments: [String], _ environment: [String: String], _ message: String) throws {
        let command = try RunCoordinator.parse(arguments)
        #expect(throws: ValidationErrorText.self) { try command.settings(environment: environment) }
        do {
            _ = try command.settings(environment: environment)
        } catch {
            #expect("\(error)" == message)
        }
    }

    @Test("An empty variable is no setting, and a variable can turn off what the file turned on")
    func emptyAndBooleanVariables() throws {
        let empty = try RunCoordinator.parse([]).settings(environment: ["PRESSWORK_RETRIES": ""])
        #expect(empty.source(of: "retries") == .default)
        let worker = try RunWorker.parse(["--tokens"]).settings(environment: ["PRESSWORK_TOKENS": "false"])
        #expect(worker.values.tokens, "the flag wins over the variable")
        let off = try RunWorker.parse([]).settings(environment: ["PRESSWORK_TOKENS": "0"])
        #expect(!off.values.tokens && off.source(of: "tokens") == .environment)
    }

    @Test("The file takes exactly the settings' names, and --help shows each setting's help and default")
    func fileKeysAndHelp() {
        #expect(ConfigFile.tables.map(\.name) == ["coordinator", "worker"])
        #expect(ConfigFile.tables[0].keys.map(\.name) == CoordinatorSettings.table.settings.map(\.name))
        #expect(ConfigFile.tables[1].keys.map(\.name) == WorkerSettings.table.settings.map(\.name))
        let help = RunCoordinator.helpMessage(columns: 400)
        #expect(help.contains("--max-pending-per-client <max-pending-per-client>"))
        #expect(help.contains("Unfinished jobs one client may have submitted. (default: 100000)"))
        #expect(RunWorker.helpMessage().contains("--slot-memory-limit"))
    }

    @Test("The configuration structs' own checks name their properties, not flags")
    func libraryMessagesNameNoFlags() {
        var configuration = CoordinatorSettings.table.defaults.configuration
        configuration.maxPendingPerClient = 0
        #expect(throws: ConfigurationError.self) { try configuration.validate() }
        do {
            try configuration.validate()
        } catch {
            #expect("\(error)" == "maxPendingPerClient must be at least 1")
        }
    }
}

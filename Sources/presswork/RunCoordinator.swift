import ArgumentParser
import Foundation
import Logging
import PressworkCoordinator
import ServiceLifecycle
import ZeroMQ

/// `presswork coordinator`: the broker.
struct RunCoordinator: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator",
        abstract: "Run the coordinator: job journal, dispatch, heartbeats, retries and the result store.")

    // One flag per setting of `CoordinatorSettings.table`, which names and explains it; nil when not given.
    @Option(name: Self.name(\.bind), help: Self.help(\.bind)) var bind: String?
    @Option(name: Self.name(\.data), help: Self.help(\.data)) var data: String?
    @Option(name: Self.name(\.store), help: Self.help(\.store)) var store: String?
    @Option(name: Self.name(\.name), help: Self.help(\.name)) var name: String?
    @Option(name: Self.name(\.storeTimeout), help: Self.help(\.storeTimeout)) var storeTimeout: String?
    @Option(name: Self.name(\.heartbeat), help: Self.help(\.heartbeat)) var heartbeat: String?
    @Option(name: Self.name(\.liveness), help: Self.help(\.liveness)) var liveness: String?
    @Option(name: Self.name(\.jobTimeout), help: Self.help(\.jobTimeout)) var jobTimeout: String?
    @Option(name: Self.name(\.retries), help: Self.help(\.retries)) var retries: String?
    @Option(name: Self.name(\.retryBase), help: Self.help(\.retryBase)) var retryBase: String?
    @Option(name: Self.name(\.retryMultiplier), help: Self.help(\.retryMultiplier)) var retryMultiplier: String?
    @Option(name: Self.name(\.retryMax), help: Self.help(\.retryMax)) var retryMax: String?
    @Option(name: Self.name(\.prefetch), help: Self.help(\.prefetch)) var prefetch: String?
    @Option(name: Self.name(\.hostConcurrency), help: Self.help(\.hostConcurrency)) var hostConcurrency: String?
    @Option(name: Self.name(\.hostDelay), help: Self.help(\.hostDelay)) var hostDelay: String?
    @Option(name: Self.name(\.maxArticleBytes), help: Self.help(\.maxArticleBytes)) var maxArticleBytes: String?
    @Option(name: Self.name(\.serverKey), help: Self.help(\.serverKey)) var serverKey: String?
    @Option(name: Self.name(\.workerKeys), help: Self.help(\.workerKeys)) var workerKeys: String?
    @Option(name: Self.name(\.clientKeys), help: Self.help(\.clientKeys)) var clientKeys: String?
    @Flag(name: Self.name(\.insecure), help: Self.help(\.insecure)) var insecure: Bool = false
    @Option(name: Self.name(\.handshakeTimeout), help: Self.help(\.handshakeTimeout)) var handshakeTimeout: String?
    @Option(name: Self.name(\.maxPendingPerClient), help: Self.help(\.maxPendingPerClient))
    var maxPendingPerClient: String?
    @Option(name: Self.name(\.maxPendingMiBPerClient), help: Self.help(\.maxPendingMiBPerClient))
    var maxPendingMiBPerClient: String?
    @Option(name: Self.name(\.minFreeDiskMiB), help: Self.help(\.minFreeDiskMiB)) var minFreeDiskMiB: String?
    @Option(name: Self.name(\.keepBodies), help: Self.help(\.keepBodies)) var keepBodies: String?
    @Option(name: Self.name(\.keepResults), help: Self.help(\.keepResults)) var keepResults: String?
    @Flag(name: Self.name(\.allowPurge), help: Self.help(\.allowPurge)) var allowPurge: Bool = false
    @Option(name: Self.name(\.http), help: Self.help(\.http)) var http: String?
    @Option(name: Self.name(\.httpPrefix), help: Self.help(\.httpPrefix)) var httpPrefix: String?
    @Option(name: Self.name(\.httpAuth), help: Self.help(\.httpAuth)) var httpAuth: String?

    @OptionGroup var logging: LoggingOptions

    @OptionGroup var configFile: ConfigFileOptions

    private static func name(_ flag: PartialKeyPath<Self>) -> NameSpecification { CoordinatorSettings.table.name(flag) }
    private static func help(_ flag: PartialKeyPath<Self>) -> ArgumentHelp { CoordinatorSettings.table.help(flag) }
    private static func setting(_ flag: PartialKeyPath<Self>) -> Setting<CoordinatorSettings, Self> {
        CoordinatorSettings.table.setting(flag)
    }
    private static func option(_ flag: PartialKeyPath<Self>) -> String { setting(flag).option }

    /// The library's problem, with the remedy spelled in this command's settings.
    private static func explained(_ error: ConfigurationError, _ settings: ResolvedSettings<CoordinatorSettings, Self>)
        -> String
    {
        switch error.code {
        case .unencryptedEndpoint:
            // The library's message already says what to pass.
            return "\(error)\(settings.from(setting(\.bind).name))"
        case .unauthenticatedHTTP:
            return "\(error)\(settings.from(setting(\.http).name)). Use a loopback address, or "
                + "\(option(\.insecure)) to accept that"
        case .curveWithoutKeys:
            return "\(option(\.serverKey)) needs \(option(\.workerKeys)) DIR and/or \(option(\.clientKeys)) DIR"
        default:
            return error.description
        }
    }

    /// The settings of this run: flags over `PRESSWORK_*` variables over the file over the defaults.
    func settings(environment: [String: String]) throws(ValidationErrorText)
        -> ResolvedSettings<CoordinatorSettings, Self>
    {
        let settings = try CoordinatorSettings.table.resolve(
            flags: self, environment: environment,
            file: configFile.section("coordinator", environment: environment))
        let values = settings.values
        if values.serverKey == nil && (values.workerKeys != nil || values.clientKeys != nil) {
            let given = Self.setting(values.workerKeys != nil ? \.workerKeys : \.clientKeys).name
            throw ValidationErrorText(
                "\(Self.setting(\.workerKeys).name) and \(Self.setting(\.clientKeys).name) need "
                    + "\(Self.setting(\.serverKey).name)\(settings.from(given))")
        }
        return settings
    }

    /// CURVE settings from the key files, with the key file checked (readable, private, well-formed).
    private static func curveSettings(_ settings: ResolvedSettings<CoordinatorSettings, Self>)
        throws(ValidationErrorText) -> CurveServerSettings?
    {
        guard let serverKey = settings.values.serverKey else { return nil }
        let name = setting(\.serverKey).name
        let place = settings.origins[name]?.place ?? name
        let keyPair: CurveKeyPair?
        do {
            keyPair = try CurveCertificate.loadSecret(path: serverKey).keyPair
        } catch {
            throw ValidationErrorText("\(place): \(error)")
        }
        guard let keyPair else { throw ValidationErrorText("\(place): \(serverKey) holds no secret key") }
        guard ZMQContext.has("curve") else { throw ValidationErrorText("this libzmq was built without CURVE support") }
        return CurveServerSettings(
            keyPair: keyPair, workerKeysDirectory: settings.values.workerKeys,
            clientKeysDirectory: settings.values.clientKeys)
    }

    func run() async throws {
        let settings = try settings(environment: ProcessInfo.processInfo.environment)
        if configFile.printConfig {
            print(settings.rendered(command: "coordinator"))
            return
        }
        settings.values.logging.bootstrap()
        let logger = Logger(label: "presswork.coordinator")
        var configuration = settings.values.configuration
        configuration.curve = try Self.curveSettings(settings)
        ReloadSignal.install()
        let coordinator: Coordinator
        do {
            coordinator = try Coordinator(configuration: configuration, logger: logger)
        } catch let error as ConfigurationError {
            throw ValidationErrorText(Self.explained(error, settings))
        } catch {
            Output.error("cannot start the coordinator: \(error)")
            throw ExitCode(ExitStatus.jobFailures)
        }
        let group = ServiceGroup(
            configuration: .init(services: [coordinator], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            Output.error("coordinator failed: \(error)")
            throw ExitCode(ExitStatus.jobFailures)
        }
    }
}

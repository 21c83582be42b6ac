import ArgumentParser
import Foundation
import Logging
import PressworkFetch
import PressworkLogging
import PressworkPipeline
import PressworkProtocol
import PressworkWorker
import ServiceLifecycle
import ZeroMQ

/// `presswork worker`: one process per machine with N processing slots.
struct RunWorker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Run a worker that processes jobs from a coordinator.")

    @OptionGroup var peer: PeerOptions

    // One flag per setting of `WorkerSettings.table`, which names and explains it; nil when not given.
    @Option(name: Self.name(\.concurrency), help: Self.help(\.concurrency)) var concurrency: String?
    @Option(name: Self.name(\.id), help: Self.help(\.id)) var id: String?
    @Option(name: Self.name(\.heartbeat), help: Self.help(\.heartbeat)) var heartbeat: String?
    @Option(name: Self.name(\.liveness), help: Self.help(\.liveness)) var liveness: String?
    @Option(name: Self.name(\.drainTimeout), help: Self.help(\.drainTimeout)) var drainTimeout: String?
    @Option(name: Self.name(\.maxArticleBytes), help: Self.help(\.maxArticleBytes)) var maxArticleBytes: String?
    @Option(name: Self.name(\.slotMemoryLimit), help: Self.help(\.slotMemoryLimit)) var slotMemoryLimit: String?
    @Flag(name: Self.name(\.tokens), help: Self.help(\.tokens)) var tokens: Bool = false
    @Option(name: Self.name(\.fetchTimeout), help: Self.help(\.fetchTimeout)) var fetchTimeout: String?
    @Option(name: Self.name(\.userAgent), help: Self.help(\.userAgent)) var userAgent: String?
    @Flag(name: Self.name(\.allowPrivateNetworks), help: Self.help(\.allowPrivateNetworks))
    var allowPrivateNetworks: Bool = false
    @Flag(name: Self.name(\.ignoreRobots), help: Self.help(\.ignoreRobots)) var ignoreRobots: Bool = false

    /// Accepted because the worker once took every client option; it means nothing to a worker.
    @Option(help: .hidden) var timeout: Double?

    @Option(name: .customLong("chaos-fail"), help: .hidden)
    var chaosFail: String?

    @Option(name: .customLong("chaos-crash"), help: .hidden)
    var chaosCrash: String?

    @Option(name: .customLong("chaos-hang"), help: .hidden)
    var chaosHang: String?

    @Option(name: .customLong("chaos-busy"), help: .hidden)
    var chaosBusy: String?

    @Option(name: .customLong("chaos-busy-seconds"), help: .hidden)
    var chaosBusySeconds = ChaosSettings.defaultBusySeconds

    @Flag(help: .hidden)
    var noop = false

    @OptionGroup var logging: LoggingOptions

    @OptionGroup var configFile: ConfigFileOptions

    private static func name(_ flag: PartialKeyPath<Self>) -> NameSpecification { WorkerSettings.table.name(flag) }
    private static func help(_ flag: PartialKeyPath<Self>) -> ArgumentHelp { WorkerSettings.table.help(flag) }

    /// The settings of this run: flags over `PRESSWORK_*` variables over the file over the defaults.
    func settings(environment: [String: String]) throws(ValidationErrorText) -> ResolvedSettings<WorkerSettings, Self> {
        try WorkerSettings.table.resolve(
            flags: self, environment: environment,
            file: configFile.section("worker", environment: environment))
    }

    func run() async throws {
        let settings = try settings(environment: ProcessInfo.processInfo.environment)
        if configFile.printConfig {
            print(settings.rendered(command: "worker"))
            return
        }
        let values = settings.values
        values.logging.bootstrap()
        var logger = Logger(label: "presswork.worker")
        var configuration = values.configuration
        configuration.endpoint = values.connection.endpoint
        configuration.curve = try values.connection.curve(from: settings.from)
        // Every line names the worker, so lines from many hosts can be told apart in one collector.
        logger[metadataKey: LogKey.worker] = "\(configuration.workerId)"
        // Each slot is this same program (`/proc/self/exe` even if the file is replaced by an upgrade),
        // running the hidden `worker-slot` command with the pipeline settings.
        var slot = [
            "/proc/self/exe", "worker-slot", "--worker", configuration.workerId, "--host", configuration.host,
            "--max-article-bytes", String(configuration.maxArticleBytes), "--memory-limit-bytes",
            String(values.slotMemoryLimitBytes),
        ]
        if values.tokens { slot.append("--tokens") }
        slot += ["--fetch-timeout", String(values.fetch.totalTimeout), "--user-agent", values.fetch.userAgent]
        if values.fetch.allowPrivateNetworks { slot.append("--allow-private-networks") }
        if values.fetch.ignoreRobots { slot.append("--ignore-robots") }
        configuration.fetching = Ready.Fetching(
            userAgent: values.fetch.userAgent, robots: !values.fetch.ignoreRobots,
            privateNetworks: values.fetch.allowPrivateNetworks)
        if noop { slot.append("--noop") }
        for (flag, value) in [
            ("--chaos-fail", chaosFail), ("--chaos-crash", chaosCrash), ("--chaos-hang", chaosHang),
            ("--chaos-busy", chaosBusy), ("--chaos-busy-seconds", chaosBusy.map { _ in String(chaosBusySeconds) }),
        ] {
            if let value { slot += [flag, value] }
        }
        configuration.slotCommand = slot
        let worker: Worker
        do {
            worker = try Worker(configuration: configuration, logger: logger)
        } catch let error as WorkerConfigurationError {
            throw ValidationError(error.description)
        }
        let group = ServiceGroup(
            configuration: .init(services: [worker], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            Output.error("worker failed: \(error)")
            throw ExitCode(ExitStatus.jobFailures)
        }
    }
}

/// `presswork worker-slot` (hidden): one processing slot of a worker, started by the worker itself.
struct WorkerSlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker-slot", abstract: "Run one processing slot (started by presswork worker).",
        shouldDisplay: false)

    @Option var pool: String
    @Option var slot: String
    @Option var parent: Int32
    @Option var worker: String
    @Option var host: String
    @Option(name: .customLong("max-article-bytes")) var maxArticleBytes = 32 << 20
    @Option(name: .customLong("memory-limit-bytes")) var memoryLimitBytes = 0
    @Flag var tokens = false
    @Option(name: .customLong("fetch-timeout")) var fetchTimeout = FetchPolicy().totalTimeout
    @Option(name: .customLong("user-agent")) var userAgent = FetchPolicy().userAgent
    @Flag(name: .customLong("allow-private-networks")) var allowPrivateNetworks = false
    @Flag(name: .customLong("ignore-robots")) var ignoreRobots = false
    @Option(name: .customLong("chaos-fail")) var chaosFail: String?
    @Option(name: .customLong("chaos-crash")) var chaosCrash: String?
    @Option(name: .customLong("chaos-hang")) var chaosHang: String?
    @Option(name: .customLong("chaos-busy")) var chaosBusy: String?
    @Option(name: .customLong("chaos-busy-seconds")) var chaosBusySeconds = ChaosSettings.defaultBusySeconds
    @Flag var noop = false

    func run() throws {
        var fetch = FetchPolicy()
        fetch.totalTimeout = fetchTimeout
        fetch.userAgent = userAgent
        fetch.allowPrivateNetworks = allowPrivateNetworks
        fetch.ignoreRobots = ignoreRobots
        fetch.maxBytes = maxArticleBytes
        let processor: any JobProcessor =
            noop
            ? NoopJobProcessor()
            : PipelineJobProcessor(
                pipeline: Pipeline(
                    configuration: PipelineConfiguration(maxArticleBytes: maxArticleBytes, includeTokens: tokens)),
                chaos: ChaosSettings(
                    fail: chaosFail, crash: chaosCrash, hang: chaosHang, busy: chaosBusy,
                    busySeconds: chaosBusySeconds),
                fetchPolicy: fetch)
        let status = SlotProcess.run(
            endpoint: pool, slot: slot, parent: parent, maxArticleBytes: maxArticleBytes,
            memoryLimitBytes: memoryLimitBytes, processor: processor, worker: worker, host: host)
        throw ExitCode(status)
    }
}

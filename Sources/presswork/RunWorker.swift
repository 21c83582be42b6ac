import ArgumentParser
import Foundation
import Logging
import PressworkConfig
import PressworkLogging
import PressworkPipeline
import PressworkWorker
import ServiceLifecycle
import ZeroMQ

/// `presswork worker`: one process per machine with N processing slots.
struct RunWorker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Run a worker that processes jobs from a coordinator.")

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Jobs processed at once (default: the number of cores).")
    var concurrency: Int?

    @Option(help: "Worker id (default: HOST-PID).")
    var id: String?

    @Option(help: "Seconds between heartbeats.")
    var heartbeat: Double = 1

    @Option(help: "Missed heartbeats after which the coordinator is considered gone.")
    var liveness = 3

    @Option(name: .customLong("drain-timeout"), help: "Seconds SIGTERM waits for running jobs.")
    var drainTimeout: Double = 30

    @Option(name: .customLong("max-article-bytes"), help: "Largest article accepted, in bytes.")
    var maxArticleBytes = 32 << 20

    @Option(
        name: .customLong("slot-memory-limit"),
        help: "Address space of each processing slot, in MiB (0: no limit). Default: 1 GiB + 64 × --max-article-bytes.")
    var slotMemoryLimit: Int?

    @Flag(help: "List every word with its offsets, search form and stem in result documents (tokens).")
    var tokens = false

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

    /// Every configuration key with its effective value, in `ConfigLayers.worker` order.
    var effectiveConfiguration: [(String, TOML.Value?)] {
        let defaults = WorkerConfiguration(endpoint: Endpoint("tcp://127.0.0.1:7700")!)
        return [
            ("connect", .string((try? connection.endpoint.description) ?? connection.connect ?? "")),
            ("key", connection.key.map(TOML.Value.string)),
            ("server-public-key", connection.serverPublicKey.map(TOML.Value.string)),
            ("concurrency", .integer(concurrency ?? defaults.concurrency)), ("id", .string(id ?? defaults.workerId)),
            ("heartbeat", .float(heartbeat)), ("liveness", .integer(liveness)), ("drain-timeout", .float(drainTimeout)),
            ("max-article-bytes", .integer(maxArticleBytes)),
            ("slot-memory-limit", .integer(slotMemoryLimitBytes >> 20)), ("tokens", .boolean(tokens)),
            ("log-level", .string(logging.logLevel)), ("log-format", .string(logging.logFormat.rawValue)),
        ]
    }

    func validate() throws {
        if let slotMemoryLimit, !(0...(1 << 40)).contains(slotMemoryLimit) {
            throw ValidationError("--slot-memory-limit must be 0 (no limit) to 1099511627776 MiB")
        }
    }

    /// The slots' address-space limit in bytes (0: none).
    var slotMemoryLimitBytes: Int {
        slotMemoryLimit.map { $0 << 20 } ?? WorkerConfiguration.defaultSlotMemoryLimit(maxArticleBytes: maxArticleBytes)
    }

    func run() async throws {
        if configFile.printConfig {
            print(ConfigLayers.render(command: "worker", values: effectiveConfiguration))
            return
        }
        logging.bootstrap()
        var logger = Logger(label: "presswork.worker")
        var configuration = WorkerConfiguration(endpoint: try connection.endpoint)
        if let concurrency { configuration.concurrency = concurrency }
        if let id { configuration.workerId = id }
        // Every line names the worker, so lines from many hosts can be told apart in one collector.
        logger[metadataKey: LogKey.worker] = "\(configuration.workerId)"
        configuration.heartbeatInterval = heartbeat
        configuration.heartbeatLiveness = liveness
        configuration.drainTimeout = drainTimeout
        configuration.maxArticleBytes = maxArticleBytes
        configuration.curve = try connection.curve
        // Each slot is this same program (`/proc/self/exe` even if the file is replaced by an upgrade),
        // running the hidden `worker-slot` command with the pipeline settings.
        var slot = [
            "/proc/self/exe", "worker-slot", "--worker", configuration.workerId, "--host", configuration.host,
            "--max-article-bytes", String(maxArticleBytes), "--memory-limit-bytes", String(slotMemoryLimitBytes),
        ]
        if tokens { slot.append("--tokens") }
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
    @Option(name: .customLong("chaos-fail")) var chaosFail: String?
    @Option(name: .customLong("chaos-crash")) var chaosCrash: String?
    @Option(name: .customLong("chaos-hang")) var chaosHang: String?
    @Option(name: .customLong("chaos-busy")) var chaosBusy: String?
    @Option(name: .customLong("chaos-busy-seconds")) var chaosBusySeconds = ChaosSettings.defaultBusySeconds
    @Flag var noop = false

    func run() throws {
        let processor: any JobProcessor =
            noop
            ? NoopJobProcessor()
            : PipelineJobProcessor(
                pipeline: Pipeline(
                    configuration: PipelineConfiguration(maxArticleBytes: maxArticleBytes, includeTokens: tokens)),
                chaos: ChaosSettings(
                    fail: chaosFail, crash: chaosCrash, hang: chaosHang, busy: chaosBusy,
                    busySeconds: chaosBusySeconds))
        let status = SlotProcess.run(
            endpoint: pool, slot: slot, parent: parent, maxArticleBytes: maxArticleBytes,
            memoryLimitBytes: memoryLimitBytes, processor: processor, worker: worker, host: host)
        throw ExitCode(status)
    }
}

import ArgumentParser
import Foundation
import Logging
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

    @Flag(help: "List every word with its offsets, search form and stem in result documents (tokens).")
    var tokens = false

    @Option(name: .customLong("chaos-fail"), help: .hidden)
    var chaosFail: String?

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        logging.bootstrap()
        var logger = Logger(label: "presswork.worker")
        var configuration = WorkerConfiguration(endpoint: try connection.endpoint)
        if let concurrency { configuration.concurrency = concurrency }
        if let id { configuration.workerId = id }
        // Every line names the worker, so lines from many hosts can be told apart in one collector.
        logger[metadataKey: "presswork.worker"] = "\(configuration.workerId)"
        configuration.heartbeatInterval = heartbeat
        configuration.heartbeatLiveness = liveness
        configuration.drainTimeout = drainTimeout
        configuration.maxArticleBytes = maxArticleBytes
        configuration.curve = try connection.curve
        let processor = PipelineJobProcessor(
            pipeline: Pipeline(
                configuration: PipelineConfiguration(maxArticleBytes: maxArticleBytes, includeTokens: tokens)),
            chaosFailSource: chaosFail)
        let worker: Worker
        do {
            worker = try Worker(configuration: configuration, processor: processor, logger: logger)
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

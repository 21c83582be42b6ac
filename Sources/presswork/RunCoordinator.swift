import ArgumentParser
import Foundation
import Logging
import PressworkConfig
import PressworkCoordinator
import ServiceLifecycle
import ZeroMQ

/// `presswork coordinator`: the broker.
struct RunCoordinator: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator",
        abstract: "Run the coordinator: job journal, dispatch, heartbeats, retries and the result store.")

    @Option(help: ArgumentHelp("Endpoint for workers and clients.", valueName: "endpoint"))
    var bind = "tcp://127.0.0.1:7700"

    @Option(help: ArgumentHelp("Data directory for the SQLite store.", valueName: "dir"))
    var data = "presswork-data"

    @Option(help: "Seconds between heartbeats.")
    var heartbeat: Double = 1

    @Option(help: "Missed heartbeats after which a worker is dead.")
    var liveness = 3

    @Option(name: .customLong("job-timeout"), help: "Seconds a job may run before it is tried elsewhere.")
    var jobTimeout: Double = 120

    @Option(help: "Retries after a failed attempt.")
    var retries = 3

    @Option(name: .customLong("retry-base"), help: "Seconds: upper bound of the first retry's back-off.")
    var retryBase: Double = 1

    @Option(name: .customLong("retry-multiplier"), help: "Growth of the back-off bound per retry.")
    var retryMultiplier: Double = 2

    @Option(name: .customLong("retry-max"), help: "Seconds: the back-off bound never exceeds this.")
    var retryMax: Double = 600

    @Option(help: "Jobs outstanding per worker slot.")
    var prefetch = 1

    @Option(name: .customLong("max-article-bytes"), help: "Largest article accepted, in bytes.")
    var maxArticleBytes = 32 << 20

    @Option(
        name: .customLong("server-key"),
        help: ArgumentHelp("The coordinator's secret key file (from keygen): turns CURVE on.", valueName: "file"))
    var serverKey: String?

    @Option(
        name: .customLong("worker-keys"),
        help: ArgumentHelp(
            "Directory of *.pub files admitted as workers (reloaded on change or SIGHUP).", valueName: "dir"))
    var workerKeys: String?

    @Option(
        name: .customLong("client-keys"),
        help: ArgumentHelp(
            "Directory of *.pub files admitted as clients (reloaded on change or SIGHUP).", valueName: "dir"))
    var clientKeys: String?

    @Flag(
        help:
            "Allow binding a non-loopback address without --server-key (traffic in plain text), or --http off loopback."
    )
    var insecure = false

    @Option(name: .customLong("handshake-timeout"), help: "Seconds a new connection has to finish its handshake.")
    var handshakeTimeout: Double = 5

    @Option(name: .customLong("max-pending-per-client"), help: "Unfinished jobs one client may have submitted.")
    var maxPendingPerClient = 100_000

    @Option(
        name: .customLong("max-pending-mib-per-client"), help: "MiB of unfinished articles one client may have queued.")
    var maxPendingMiBPerClient = 8_192

    @Option(
        name: .customLong("min-free-disk-mib"),
        help: "MiB the data directory's disk keeps free; submissions that would use it are refused (storage-full).")
    var minFreeDiskMiB = 512

    @Option(
        help: ArgumentHelp(
            "Serve /metrics (Prometheus), /healthz and /api/status over HTTP here; a bare PORT or :PORT means"
                + " loopback. Off by default; a non-loopback address needs --insecure.",
            valueName: "host:port"))
    var http: String?

    @OptionGroup var logging: LoggingOptions

    @OptionGroup var configFile: ConfigFileOptions

    /// Every configuration key with its effective value, in `ConfigLayers.coordinator` order.
    var effectiveConfiguration: [(String, TOML.Value?)] {
        [
            ("bind", .string(bind)), ("data", .string(data)), ("heartbeat", .float(heartbeat)),
            ("liveness", .integer(liveness)), ("job-timeout", .float(jobTimeout)), ("retries", .integer(retries)),
            ("retry-base", .float(retryBase)), ("retry-multiplier", .float(retryMultiplier)),
            ("retry-max", .float(retryMax)), ("prefetch", .integer(prefetch)),
            ("max-article-bytes", .integer(maxArticleBytes)), ("server-key", serverKey.map(TOML.Value.string)),
            ("worker-keys", workerKeys.map(TOML.Value.string)), ("client-keys", clientKeys.map(TOML.Value.string)),
            ("insecure", .boolean(insecure)), ("handshake-timeout", .float(handshakeTimeout)),
            ("max-pending-per-client", .integer(maxPendingPerClient)),
            ("max-pending-mib-per-client", .integer(maxPendingMiBPerClient)),
            ("min-free-disk-mib", .integer(minFreeDiskMiB)), ("http", http.map(TOML.Value.string)),
            ("log-level", .string(logging.logLevel)), ("log-format", .string(logging.logFormat.rawValue)),
        ]
    }

    func validate() throws {
        // MiB values become bytes: bounded so the conversion cannot overflow (2^40 MiB is an exbibyte).
        guard (1...(1 << 40)).contains(maxPendingMiBPerClient) else {
            throw ValidationError("--max-pending-mib-per-client must be 1 to 1099511627776")
        }
        guard (0...(1 << 40)).contains(minFreeDiskMiB) else {
            throw ValidationError("--min-free-disk-mib must be 0 to 1099511627776")
        }
        if let http, HTTPAddress(http) == nil {
            throw ValidationError("--http: '\(http)' is not HOST:PORT, :PORT or PORT")
        }
        if serverKey == nil && (workerKeys != nil || clientKeys != nil) {
            throw ValidationError("--worker-keys and --client-keys need --server-key FILE")
        }
    }

    /// CURVE settings from the options, with the key file checked (readable, private, well-formed).
    private func curveSettings() throws -> CurveServerSettings? {
        guard let serverKey else { return nil }
        let keyPair: CurveKeyPair?
        do {
            keyPair = try CurveCertificate.loadSecret(path: serverKey).keyPair
        } catch {
            throw ValidationError("--server-key: \(error)")
        }
        guard let keyPair else { throw ValidationError("--server-key: \(serverKey) holds no secret key") }
        guard ZMQContext.has("curve") else { throw ValidationError("this libzmq was built without CURVE support") }
        return CurveServerSettings(keyPair: keyPair, workerKeysDirectory: workerKeys, clientKeysDirectory: clientKeys)
    }

    func run() async throws {
        if configFile.printConfig {
            print(ConfigLayers.render(command: "coordinator", values: effectiveConfiguration))
            return
        }
        logging.bootstrap()
        let logger = Logger(label: "presswork.coordinator")
        guard let endpoint = Endpoint(bind) else {
            throw ValidationError("'\(bind)' is not an endpoint like tcp://HOST:PORT or ipc://PATH")
        }
        var configuration = CoordinatorConfiguration(endpoint: endpoint, dataDirectory: data)
        configuration.heartbeatInterval = heartbeat
        configuration.heartbeatLiveness = liveness
        configuration.jobTimeout = jobTimeout
        configuration.retry = RetryPolicy(
            maxRetries: retries, baseDelay: retryBase, multiplier: retryMultiplier, maxDelay: retryMax)
        configuration.prefetch = prefetch
        configuration.maxArticleBytes = maxArticleBytes
        configuration.curve = try curveSettings()
        configuration.insecure = insecure
        configuration.handshakeTimeout = handshakeTimeout
        configuration.maxPendingPerClient = maxPendingPerClient
        configuration.maxPendingBytesPerClient = maxPendingMiBPerClient << 20
        configuration.minFreeDiskBytes = minFreeDiskMiB << 20
        configuration.http = http.flatMap(HTTPAddress.init)
        ReloadSignal.install()
        let coordinator: Coordinator
        do {
            coordinator = try Coordinator(configuration: configuration, logger: logger)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
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

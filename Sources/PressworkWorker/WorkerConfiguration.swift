import Foundation
import ZeroMQ

/// Everything a worker is told at start-up, validated once by `validate()`.
public struct WorkerConfiguration: Sendable {
    /// The coordinator's endpoint.
    public var endpoint: Endpoint
    /// Jobs processed at once (slot processes, and slots announced in `READY`).
    public var concurrency: Int
    /// The program that runs one slot and its arguments, e.g. `["/proc/self/exe", "worker-slot", ...]`;
    /// the worker adds `--pool ENDPOINT --slot ID --parent PID`, and the program calls `SlotProcess.run`.
    public var slotCommand: [String] = []
    /// This worker's id, also its ZeroMQ routing id: `HOST-PID` by default.
    public var workerId: String
    /// This machine's name as reported to the coordinator.
    public var host: String
    /// Seconds between heartbeats when nothing else is sent.
    public var heartbeatInterval: Double = 1
    /// Missed intervals after which the coordinator is considered gone and the worker reconnects.
    public var heartbeatLiveness: Int = 3
    /// First reconnect delay in seconds; it doubles (with full jitter) up to `reconnectMaxDelay`.
    public var reconnectBaseDelay: Double = 0.25
    public var reconnectMaxDelay: Double = 8
    /// Seconds SIGTERM waits for running jobs before handing them back.
    public var drainTimeout: Double = 30
    /// The largest frame accepted from the coordinator.
    public var maxArticleBytes: Int = 32 << 20
    /// CURVE keys for an encrypted, authenticated connection; nil connects in plain text.
    public var curve: CurveClientCredentials?

    public init(endpoint: Endpoint, concurrency: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.endpoint = endpoint
        self.concurrency = concurrency
        let host = ProcessInfo.processInfo.hostName
        self.host = host
        self.workerId = "\(host)-\(getpid())"
    }

    /// Checks the values make sense; the message names the offending option.
    public func validate() throws(WorkerConfigurationError) {
        guard (1...4096).contains(concurrency) else { throw WorkerConfigurationError("--concurrency must be 1...4096") }
        guard heartbeatInterval > 0 else { throw WorkerConfigurationError("--heartbeat must be positive") }
        guard heartbeatLiveness >= 1 else { throw WorkerConfigurationError("--liveness must be at least 1") }
        guard drainTimeout >= 0 else { throw WorkerConfigurationError("--drain-timeout must be 0 or more") }
        guard !workerId.isEmpty, workerId.utf8.count <= 255 else {
            throw WorkerConfigurationError("--id must be 1...255 bytes")
        }
        if case .inproc = endpoint { throw WorkerConfigurationError("--connect must be a tcp:// or ipc:// endpoint") }
        guard !slotCommand.isEmpty else { throw WorkerConfigurationError("no program to run the slots") }
    }
}

/// A worker configuration value that cannot work; the CLI exits with status 2.
public struct WorkerConfigurationError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

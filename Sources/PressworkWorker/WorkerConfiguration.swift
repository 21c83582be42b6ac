import Foundation
import PressworkProtocol
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
    /// This worker's id as shown in `status`: `HOST-PID` by default. It is not the routing id (see
    /// `routingId`).
    public var workerId: String
    /// The ZeroMQ routing id: 128 random bits, kept for the process's life so a reconnect takes over its
    /// own stale connection, and never shown, so no other peer can take the connection over.
    public var routingId: [UInt8] = Array(
        ("pw-" + (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()).utf8)
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
    /// The address space each slot process may use by default: a slot needs about 300 MB idle and
    /// about 60 times the article at peak (measured: a 30 MB article peaks near 2 GB of address space),
    /// so every article under the limit fits with room to spare, and a runaway one fails its job
    /// (`crashed`) instead of taking the machine's memory.
    public static func defaultSlotMemoryLimit(maxArticleBytes: Int) -> Int { (1 << 30) + 64 * maxArticleBytes }

    /// The fetch policy the slots run with, announced in `READY`.
    public var fetching: Ready.Fetching?

    /// CURVE keys for an encrypted, authenticated connection; nil connects in plain text.
    public var curve: CurveClientCredentials?

    public init(endpoint: Endpoint, concurrency: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.endpoint = endpoint
        self.concurrency = concurrency
        let host = ProcessInfo.processInfo.hostName
        self.host = PeerText.escaped(host, maxCharacters: Ready.maxHostBytes / 4)
        // Host names may hold characters a worker id may not (Ready.isValidWorkerId); those become '-'.
        let safeHost = String(
            host.prefix(100).map { Ready.isValidWorkerId(String($0)) ? $0 : "-" })
        self.workerId = "\(safeHost.isEmpty ? "worker" : safeHost)-\(getpid())"
    }

    /// Checks the values make sense; the message names the offending property.
    public func validate() throws(WorkerConfigurationError) {
        guard (1...4096).contains(concurrency) else { throw WorkerConfigurationError("concurrency must be 1...4096") }
        guard heartbeatInterval > 0 else { throw WorkerConfigurationError("heartbeatInterval must be positive") }
        guard heartbeatLiveness >= 1 else { throw WorkerConfigurationError("heartbeatLiveness must be at least 1") }
        guard drainTimeout >= 0 else { throw WorkerConfigurationError("drainTimeout must be 0 or more") }
        guard Ready.isValidWorkerId(workerId) else {
            throw WorkerConfigurationError("workerId must be 1...128 ASCII letters, digits and . _ - : @")
        }
        guard PeerText.isPlain(host, maxBytes: Ready.maxHostBytes) else {
            throw WorkerConfigurationError("the host name must be at most 255 bytes without control characters")
        }
        if case .inproc = endpoint { throw WorkerConfigurationError("endpoint must be a tcp:// or ipc:// endpoint") }
        guard !slotCommand.isEmpty else { throw WorkerConfigurationError("no program to run the slots") }
    }
}

/// A worker configuration value that cannot work; the CLI exits with status 2.
public struct WorkerConfigurationError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

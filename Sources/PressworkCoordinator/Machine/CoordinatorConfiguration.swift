import ZeroMQ

/// Everything the coordinator is told at start-up, validated once by `validate()`.
public struct CoordinatorConfiguration: Sendable {
    /// Where workers and clients connect (one ROUTER socket).
    public var endpoint: Endpoint
    /// The data directory holding the SQLite store.
    public var dataDirectory: String
    /// Seconds between heartbeats to each worker.
    public var heartbeatInterval: Double = 1
    /// Missed heartbeat intervals after which a worker is declared dead.
    public var heartbeatLiveness: Int = 3
    /// Seconds a job may run before its lease expires and it is tried elsewhere.
    public var jobTimeout: Double = 120
    /// Jobs outstanding per worker slot (1: a job is sent only to a free slot).
    public var prefetch: Int = 1
    /// Retry back-off.
    public var retry = RetryPolicy()
    /// The largest article body accepted, in bytes.
    public var maxArticleBytes: Int = 32 << 20
    /// Messages queued per peer before sends fail (counted as undeliverable).
    public var highWaterMark: Int32 = 10_000

    public init(endpoint: Endpoint, dataDirectory: String) {
        self.endpoint = endpoint
        self.dataDirectory = dataDirectory
    }

    /// Seconds of silence after which a worker is dead.
    public var workerExpiry: Double { heartbeatInterval * Double(heartbeatLiveness) }

    /// Checks the values make sense together; the message names the offending option.
    public func validate() throws(ConfigurationError) {
        guard heartbeatInterval > 0 else { throw ConfigurationError("--heartbeat must be positive") }
        guard heartbeatLiveness >= 1 else { throw ConfigurationError("--liveness must be at least 1") }
        guard jobTimeout > 0 else { throw ConfigurationError("--job-timeout must be positive") }
        guard prefetch >= 1 else { throw ConfigurationError("--prefetch must be at least 1") }
        guard retry.maxRetries >= 0 else { throw ConfigurationError("--retries must be 0 or more") }
        guard retry.baseDelay >= 0, retry.maxDelay >= 0, retry.multiplier >= 1 else {
            throw ConfigurationError("retry delays must be non-negative and the multiplier at least 1")
        }
        guard maxArticleBytes > 0 else { throw ConfigurationError("--max-article-bytes must be positive") }
        if case .inproc = endpoint { throw ConfigurationError("--bind must be a tcp:// or ipc:// endpoint") }
    }
}

/// A configuration value that cannot work; the CLI exits with status 2.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

import Foundation
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
    /// Fetch jobs of one host leased at once, across the cluster (0: no limit).
    public var hostConcurrency = 2
    /// Seconds between two leases of fetch jobs of one host (0: none).
    public var hostDelay = 0.0
    /// Retry back-off.
    public var retry = RetryPolicy()
    /// The largest article body accepted, in bytes.
    public var maxArticleBytes: Int = 32 << 20
    /// Messages queued per peer before sends fail (counted as undeliverable).
    public var highWaterMark: Int32 = 10_000
    /// CURVE encryption and key-based admission; nil leaves the endpoint unencrypted and open.
    public var curve: CurveServerSettings?
    /// Allows binding a non-loopback address without CURVE (the operator accepts plain-text traffic).
    public var insecure = false
    /// Seconds a new connection has to finish its ZeroMQ (and CURVE) handshake.
    public var handshakeTimeout: Double = 5
    /// Unfinished jobs one client (one key under CURVE, else one connection) may have submitted.
    public var maxPendingPerClient = 100_000
    /// Bytes of unfinished articles one client may have queued (the journal keeps every body until done).
    public var maxPendingBytesPerClient = 8 << 30
    /// Free space the data directory's disk keeps: a `SUBMIT` that would leave less is refused with
    /// `storage-full`, before SQLite fails, and reads go on being served.
    public var minFreeDiskBytes = 512 << 20
    /// Where the HTTP endpoint (`/metrics`, `/healthz`, `/api/status`) listens; nil turns it off.
    public var http: HTTPAddress?
    /// The path a reverse proxy serves the HTTP endpoint under (`/presswork`); empty: the root.
    public var httpPrefix = ""
    /// A file of credentials (`bearer TOKEN` or `USER:PASSWORD` lines) for the dashboard's job views and
    /// actions; without it they are served on loopback only.
    public var httpAuth: String?
    /// Seconds a finished job's article body is kept; nil keeps it (needed to process it again).
    public var keepBodies: Double?
    /// Seconds a finished job and its result are kept; nil keeps them.
    public var keepResults: Double?
    /// Whether clients may send `PURGE` (delete finished jobs and results): an operator's action.
    public var allowPurge = false
    /// A PostgreSQL URL (`postgres://user@host/db`) to keep the journal and results in; nil keeps them in
    /// SQLite in `dataDirectory`.
    public var store: String?
    /// This coordinator's name in a store several coordinators share (1–32 of `a-z 0-9 -`): its journal rows
    /// and the suffix of its job ids. Defaults to the host's name, made to fit.
    public var name = CoordinatorConfiguration.defaultName()
    /// Seconds to wait for the database's answer to one statement before counting it out of reach (an
    /// outage, waited out), for a `store` only: a server that hangs is then treated like one that is down.
    public var storeTimeout = 20.0

    /// Whether `prefix` can be `httpPrefix`: `/` and path segments of URL-safe characters, no trailing `/`.
    public static func isValidHTTPPrefix(_ prefix: String) -> Bool { HTTPAccess.isValidPrefix(prefix) }

    /// The host's name in lower case, other characters than letters and digits made `-`, at most 32.
    public static func defaultName() -> String {
        let host = ProcessInfo.processInfo.hostName.lowercased().split(separator: ".").first.map(String.init) ?? ""
        let name = String(
            host.unicodeScalars.map { ("a"..."z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "-" }
                .prefix(32))
        return name.isEmpty ? "coordinator" : name
    }

    public init(endpoint: Endpoint, dataDirectory: String) {
        self.endpoint = endpoint
        self.dataDirectory = dataDirectory
    }

    /// Seconds of silence after which a worker is dead.
    public var workerExpiry: Double { heartbeatInterval * Double(heartbeatLiveness) }

    /// Whether traffic may cross the network unencrypted: no CURVE on an endpoint off loopback.
    public var isInsecure: Bool { curve == nil && !endpoint.isLocal }

    /// Checks the values make sense together; the message names the offending property, and `code` tells
    /// the problems a caller may want to explain in its own terms.
    public func validate() throws(ConfigurationError) {
        guard heartbeatInterval > 0 else { throw ConfigurationError("heartbeatInterval must be positive") }
        guard heartbeatLiveness >= 1 else { throw ConfigurationError("heartbeatLiveness must be at least 1") }
        guard jobTimeout > 0 else { throw ConfigurationError("jobTimeout must be positive") }
        guard prefetch >= 1 else { throw ConfigurationError("prefetch must be at least 1") }
        guard hostConcurrency >= 0 else { throw ConfigurationError("hostConcurrency must not be negative") }
        guard hostDelay >= 0, hostDelay.isFinite else { throw ConfigurationError("hostDelay must not be negative") }
        guard retry.maxRetries >= 0 else { throw ConfigurationError("retry.maxRetries must be 0 or more") }
        guard retry.baseDelay >= 0, retry.maxDelay >= 0, retry.multiplier >= 1 else {
            throw ConfigurationError("retry delays must be non-negative and the multiplier at least 1")
        }
        guard maxArticleBytes > 0 else { throw ConfigurationError("maxArticleBytes must be positive") }
        if case .inproc = endpoint { throw ConfigurationError("endpoint must be a tcp:// or ipc:// endpoint") }
        guard handshakeTimeout > 0 else { throw ConfigurationError("handshakeTimeout must be positive") }
        guard maxPendingPerClient >= 1 else { throw ConfigurationError("maxPendingPerClient must be at least 1") }
        guard maxPendingBytesPerClient >= 1 else {
            throw ConfigurationError("maxPendingBytesPerClient must be at least 1")
        }
        guard minFreeDiskBytes >= 0 else { throw ConfigurationError("minFreeDiskBytes must be 0 or more") }
        if !httpPrefix.isEmpty && !HTTPAccess.isValidPrefix(httpPrefix) {
            throw ConfigurationError("httpPrefix must be like /presswork: a path without a trailing slash")
        }
        if let http, !http.isLoopback && !insecure {
            throw ConfigurationError(
                "refusing to serve HTTP on \(http): it is reachable from other machines and has no authentication",
                code: .unauthenticatedHTTP)
        }
        if let curve {
            guard curve.workerKeysDirectory != nil || curve.clientKeysDirectory != nil else {
                throw ConfigurationError("CURVE needs a worker or a client keys directory", code: .curveWithoutKeys)
            }
            for directory in [curve.workerKeysDirectory, curve.clientKeysDirectory].compactMap({ $0 }) {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
                    isDirectory.boolValue
                else { throw ConfigurationError("key directory \(directory) does not exist") }
            }
        } else if !endpoint.isLocal && !insecure {
            // The remedy names the CLI's flags: callers of the library (and AdmissionTests) expect them.
            throw ConfigurationError(
                "refusing to bind \(endpoint) without encryption: it is reachable from other machines. "
                    + "Pass --server-key FILE with --worker-keys/--client-keys to enable CURVE, "
                    + "or --insecure to accept plain-text traffic", code: .unencryptedEndpoint)
        }
    }
}

/// A configuration value that cannot work; the CLI exits with status 2.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The problems whose remedy depends on how the configuration was given (a CLI names its flags).
    public struct Code: Hashable, Sendable {
        private enum Kind: Hashable, Sendable {
            case invalidValue, unencryptedEndpoint, unauthenticatedHTTP, curveWithoutKeys
        }
        private let kind: Kind

        /// A value out of range or not usable; the message says which.
        public static let invalidValue = Code(kind: .invalidValue)
        /// An endpoint off loopback without CURVE: enable CURVE, or set `insecure` to accept plain text.
        public static let unencryptedEndpoint = Code(kind: .unencryptedEndpoint)
        /// HTTP off loopback: use a loopback address, or set `insecure` to accept that.
        public static let unauthenticatedHTTP = Code(kind: .unauthenticatedHTTP)
        /// CURVE without a worker or client keys directory to admit anyone.
        public static let curveWithoutKeys = Code(kind: .curveWithoutKeys)
    }

    public var code: Code
    public var description: String

    public init(_ description: String, code: Code = .invalidValue) {
        self.description = description
        self.code = code
    }
}

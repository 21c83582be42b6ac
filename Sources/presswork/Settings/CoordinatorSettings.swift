import PressworkCoordinator
import PressworkPostgresStore
import ZeroMQ

/// The settings of `presswork coordinator`, each declared once in `table`. The defaults are
/// `CoordinatorConfiguration`'s, except the endpoint and data directory, which the library has no
/// default for.
struct CoordinatorSettings: Sendable {
    var configuration = CoordinatorConfiguration(endpoint: .defaultCoordinator, dataDirectory: "presswork-data")
    /// Key files and directories, loaded into `configuration.curve` once every layer is applied.
    var serverKey: String?
    var workerKeys: String?
    var clientKeys: String?
    var logging = LoggingSettings()

    /// The keys of `[coordinator]`, the flags of `presswork coordinator` and its `PRESSWORK_*` variables,
    /// in the order `--print-config` lists them.
    static let table = SettingsTable(
        own + LoggingSettings.table.settings.map { $0.lifted(root: \.logging, flags: \.logging) }, defaults: Self())

    private typealias S = Setting<Self, RunCoordinator>
    private static let own: [S] = [
        S(
            "bind", \.configuration.endpoint, flag: \.bind, .transport, help: "Endpoint for workers and clients.",
            valueName: "endpoint"),
        S(
            "data", \.configuration.dataDirectory, flag: \.data, .nonEmpty,
            help: "Data directory for the SQLite store.", valueName: "dir"),
        S(
            "store", \.configuration.store, flag: \.store, .nonEmpty,
            help:
                "Keep the journal and results in PostgreSQL (postgres://user:password@host:5432/db) instead of"
                + " SQLite in --data; several coordinators may share one database.",
            valueName: "url", shown: { $0.configuration.store.map { .string(PostgresStore.redacted($0)) } }),
        S(
            "name", \.configuration.name, flag: \.name,
            .satisfies("must be 1 to 32 lower-case letters, digits and '-'") {
                PostgresStore.isValidCoordinatorName($0)
            },
            help: "This coordinator's name in a shared --store (ends its job ids); default: the host's name.",
            valueName: "name"),
        S(
            "store-timeout", \.configuration.storeTimeout, flag: \.storeTimeout, .positive,
            help:
                "Seconds to wait for the --store database to answer a statement before waiting it out as an"
                + " outage."),
        S(
            "heartbeat", \.configuration.heartbeatInterval, flag: \.heartbeat, .positive,
            help: "Seconds between heartbeats."),
        S(
            "liveness", \.configuration.heartbeatLiveness, flag: \.liveness, .positive,
            help: "Missed heartbeats after which a worker is dead."),
        S(
            "job-timeout", \.configuration.jobTimeout, flag: \.jobTimeout, .positive,
            help: "Seconds a job may run before it is tried elsewhere."),
        S(
            "retries", \.configuration.retry.maxRetries, flag: \.retries, .nonNegative,
            help: "Retries after a failed attempt."),
        S(
            "retry-base", \.configuration.retry.baseDelay, flag: \.retryBase, .nonNegative,
            help: "Seconds: upper bound of the first retry's back-off."),
        S(
            "retry-multiplier", \.configuration.retry.multiplier, flag: \.retryMultiplier,
            .satisfies("must be 1 or more") { $0 >= 1 }, help: "Growth of the back-off bound per retry."),
        S(
            "retry-max", \.configuration.retry.maxDelay, flag: \.retryMax, .nonNegative,
            help: "Seconds: the back-off bound never exceeds this."),
        S(
            "prefetch", \.configuration.prefetch, flag: \.prefetch, .positive,
            help: "Jobs outstanding per worker slot."),
        S(
            "host-concurrency", \.configuration.hostConcurrency, flag: \.hostConcurrency, .nonNegative,
            help: "URL jobs of one host fetched at once, across the cluster (0: no limit)."),
        S(
            "host-delay", \.configuration.hostDelay, flag: \.hostDelay, .nonNegative,
            help: "Seconds between the starts of two URL jobs of one host (0: none)."),
        S(
            "max-article-bytes", \.configuration.maxArticleBytes, flag: \.maxArticleBytes, .positive,
            help: "Largest article accepted, in bytes."),
        S(
            "server-key", \.serverKey, flag: \.serverKey, .nonEmpty,
            help: "The coordinator's secret key file (from keygen): turns CURVE on.", valueName: "file"),
        S(
            "worker-keys", \.workerKeys, flag: \.workerKeys, .nonEmpty,
            help: "Directory of *.pub files admitted as workers (reloaded on change or SIGHUP).",
            valueName: "dir"),
        S(
            "client-keys", \.clientKeys, flag: \.clientKeys, .nonEmpty,
            help: "Directory of *.pub files admitted as clients (reloaded on change or SIGHUP).",
            valueName: "dir"),
        S(
            "insecure", \.configuration.insecure, flag: \.insecure,
            help:
                "Allow binding a non-loopback address without --server-key (traffic in plain text), or --http off"
                + " loopback."),
        S(
            "handshake-timeout", \.configuration.handshakeTimeout, flag: \.handshakeTimeout, .positive,
            help: "Seconds a new connection has to finish its handshake."),
        S(
            "max-pending-per-client", \.configuration.maxPendingPerClient, flag: \.maxPendingPerClient,
            .positive, help: "Unfinished jobs one client may have submitted."),
        // MiB values become bytes: bounded so the conversion cannot overflow (2^40 MiB is an exbibyte).
        S(
            "max-pending-mib-per-client", \.configuration.maxPendingMiBPerClient, flag: \.maxPendingMiBPerClient,
            .within(1...(1 << 40)), help: "MiB of unfinished articles one client may have queued."),
        S(
            "min-free-disk-mib", \.configuration.minFreeDiskMiB, flag: \.minFreeDiskMiB, .within(0...(1 << 40)),
            help: "MiB the data directory's disk keeps free; submissions that would use it are refused (storage-full)."
        ),
        S(
            "keep-bodies", \.configuration.keepBodiesPeriod, flag: \.keepBodies,
            help: "Delete a finished job's article body after this long (30d, 12h, 90m, or seconds); default: keep.",
            valueName: "duration"),
        S(
            "keep-results", \.configuration.keepResultsPeriod, flag: \.keepResults,
            help: "Delete finished jobs and their results after this long (30d, 12h, …); default: keep.",
            valueName: "duration"),
        S(
            "allow-purge", \.configuration.allowPurge, flag: \.allowPurge,
            help: "Let clients delete finished jobs and results with presswork purge."),
        S(
            "http", \.configuration.http, flag: \.http,
            help:
                "Serve /metrics (Prometheus), /healthz and /api/status over HTTP here; a bare PORT or :PORT means"
                + " loopback. Off by default; a non-loopback address needs --insecure.",
            valueName: "host:port"),
        S(
            "http-prefix", \.configuration.httpPrefix, flag: \.httpPrefix,
            .satisfies("must be a path like /presswork, without a trailing slash") {
                $0.isEmpty || CoordinatorConfiguration.isValidHTTPPrefix($0)
            },
            help: "Serve the HTTP endpoint under this path (behind a reverse proxy), e.g. /presswork.",
            valueName: "path"),
        S(
            "http-auth", \.configuration.httpAuth, flag: \.httpAuth, .nonEmpty,
            help:
                "File of credentials for the dashboard's job views and actions: `bearer TOKEN` or `USER:PASSWORD`"
                + " lines. Without it they are served on loopback only.",
            valueName: "file"),
    ]
}

extension CoordinatorConfiguration {
    /// `maxPendingBytesPerClient` in the MiB the settings speak.
    var maxPendingMiBPerClient: Int {
        get { maxPendingBytesPerClient >> 20 }
        set { maxPendingBytesPerClient = newValue << 20 }
    }

    /// `minFreeDiskBytes` in the MiB the settings speak.
    var minFreeDiskMiB: Int {
        get { minFreeDiskBytes >> 20 }
        set { minFreeDiskBytes = newValue << 20 }
    }
}

extension CoordinatorConfiguration {
    var keepBodiesPeriod: RetentionPeriod? {
        get { keepBodies.map(RetentionPeriod.init(seconds:)) }
        set { keepBodies = newValue?.seconds }
    }

    var keepResultsPeriod: RetentionPeriod? {
        get { keepResults.map(RetentionPeriod.init(seconds:)) }
        set { keepResults = newValue?.seconds }
    }
}

/// How long something is kept: `30d`, `12h`, `90m`, `45s`, `2w` or plain seconds; more than 0.
struct RetentionPeriod: TextSettingValue, Equatable {
    var seconds: Double

    init(seconds: Double) { self.seconds = seconds }

    init?(settingText: String) {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800]
        let unit = settingText.last.flatMap { units[$0] }
        guard let amount = Double(unit == nil ? Substring(settingText) : settingText.dropLast()), amount > 0,
            amount.isFinite
        else { return nil }
        seconds = amount * (unit ?? 1)
    }

    var settingText: String {
        for (unit, size) in [("w", 604_800.0), ("d", 86_400), ("h", 3_600), ("m", 60)]
        where seconds >= size && seconds.truncatingRemainder(dividingBy: size) == 0 {
            return "\(Int(seconds / size))\(unit)"
        }
        return seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
    }

    static var malformed: String { "is not a duration like 30d, 12h, 90m or a number of seconds" }
}

extension Endpoint: TextSettingValue {
    /// Where a coordinator listens unless told otherwise, and where the other commands look for it.
    static let defaultCoordinator = Endpoint("tcp://127.0.0.1:7700")!

    init?(settingText: String) { self.init(settingText) }
    var settingText: String { description }
    static var malformed: String { "is not an endpoint like tcp://HOST:PORT or ipc://PATH" }
}

extension HTTPAddress: TextSettingValue {
    init?(settingText: String) { self.init(settingText) }
    var settingText: String { description }
    static var malformed: String { "is not HOST:PORT, :PORT or PORT" }
}

extension SettingCheck where Value == Endpoint {
    /// Endpoints other processes can reach: `inproc://` is for threads of one process.
    static var transport: Self {
        .satisfies("must be a tcp:// or ipc:// endpoint") {
            if case .inproc = $0 { false } else { true }
        }
    }
}

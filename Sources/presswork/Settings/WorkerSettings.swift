import PressworkFetch
import PressworkProtocol
import PressworkWorker
import ZeroMQ

/// The settings of `presswork worker`, each declared once in `table`. The defaults are
/// `WorkerConfiguration`'s (concurrency: the number of cores; id: HOST-PID), the connection's are
/// `ConnectionSettings`', the slots' memory limit is computed from `max-article-bytes` unless set.
struct WorkerSettings: Sendable {
    /// Its endpoint and CURVE credentials come from `connection` once every layer is applied.
    var configuration = WorkerConfiguration(endpoint: ConnectionSettings().endpoint)
    var connection = ConnectionSettings()
    /// MiB of address space per slot (0: none); nil for the default.
    var slotMemoryLimit: Int?
    /// Whether result documents list every word (passed to the slots).
    var tokens = false
    /// How articles submitted by URL are fetched (passed to the slots).
    var fetch = FetchPolicy()
    var logging = LoggingSettings()

    /// The slots' address-space limit in bytes (0: none).
    var slotMemoryLimitBytes: Int {
        slotMemoryLimit.map { $0 << 20 }
            ?? WorkerConfiguration.defaultSlotMemoryLimit(maxArticleBytes: configuration.maxArticleBytes)
    }

    /// The keys of `[worker]`, the flags of `presswork worker` and its `PRESSWORK_*` variables, in the order
    /// `--print-config` lists them.
    static let table = SettingsTable(
        ConnectionSettings.table.settings.map { $0.lifted(root: \.connection, flags: \.peer) } + own
            + LoggingSettings.table.settings.map { $0.lifted(root: \.logging, flags: \.logging) }, defaults: Self())

    private typealias S = Setting<Self, RunWorker>
    private static let own: [S] = [
        S(
            "concurrency", \.configuration.concurrency, flag: \.concurrency, .within(1...4096),
            help: "Jobs processed at once (default: the number of cores)."),
        S(
            "id", \.configuration.workerId, flag: \.id,
            .satisfies("must be 1...128 ASCII letters, digits and . _ - : @", Ready.isValidWorkerId),
            help: "Worker id (default: HOST-PID)."),
        S(
            "heartbeat", \.configuration.heartbeatInterval, flag: \.heartbeat, .positive,
            help: "Seconds between heartbeats."),
        S(
            "liveness", \.configuration.heartbeatLiveness, flag: \.liveness, .positive,
            help: "Missed heartbeats after which the coordinator is considered gone."),
        S(
            "drain-timeout", \.configuration.drainTimeout, flag: \.drainTimeout, .nonNegative,
            help: "Seconds SIGTERM waits for running jobs."),
        S(
            "max-article-bytes", \.configuration.maxArticleBytes, flag: \.maxArticleBytes, .positive,
            help: "Largest article accepted, in bytes."),
        // MiB become bytes: bounded so the conversion cannot overflow.
        S(
            "slot-memory-limit", \.slotMemoryLimit, flag: \.slotMemoryLimit,
            .within(0...(1 << 40), "must be 0 (no limit) to 1099511627776 MiB"),
            help:
                "Address space of each processing slot, in MiB (0: no limit). Default: 1 GiB + 64 × --max-article-bytes.",
            shown: { .integer($0.slotMemoryLimitBytes >> 20) }),
        S(
            "tokens", \.tokens, flag: \.tokens,
            help: "List every word with its offsets, search form and stem in result documents (tokens)."),
        S(
            "fetch-timeout", \.fetch.totalTimeout, flag: \.fetchTimeout, .positive,
            help: "Seconds a fetch of an article submitted by URL may take, redirects included."),
        S(
            "user-agent", \.fetch.userAgent, flag: \.userAgent,
            .satisfies("must be 1 to 256 printable ASCII characters") { value in
                (1...256).contains(value.utf8.count) && value.utf8.allSatisfy { (0x20...0x7E).contains($0) }
            },
            help: "The User-Agent of fetches.", valueName: "text"),
        S(
            "ignore-robots", \.fetch.ignoreRobots, flag: \.ignoreRobots,
            help: "Fetch URLs even where the site's robots.txt disallows them (honoured by default)."),
        S(
            "allow-private-networks", \.fetch.allowPrivateNetworks, flag: \.allowPrivateNetworks,
            help:
                "Fetch URLs that resolve to loopback, private, link-local or other special addresses (refused by"
                + " default: a submitted URL must not reach the worker's own network)."),
    ]
}

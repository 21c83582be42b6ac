/// The cluster at one moment, as `presswork status --json` prints it. Fields are only ever added.
public struct ClusterStatus: Codable, Sendable, Hashable {
    public struct Coordinator: Codable, Sendable, Hashable {
        public var version: String
        public var endpoint: String
        public var startedAt: String
        public var uptimeSeconds: Double
        public init(version: String, endpoint: String, startedAt: String, uptimeSeconds: Double) {
            self.version = version
            self.endpoint = endpoint
            self.startedAt = startedAt
            self.uptimeSeconds = uptimeSeconds
        }
    }

    public struct Queue: Codable, Sendable, Hashable {
        /// Ready to run now.
        public var queued: Int
        /// Waiting out a retry back-off.
        public var delayed: Int
        /// Running at a worker.
        public var leased: Int
        public var done: Int
        public var dead: Int
        /// Jobs cancelled by a client (nil from older coordinators).
        public var cancelled: Int?
        /// Attempts that failed and were scheduled again, since the coordinator started.
        public var retries: Int
        /// Jobs handed back or taken from lost workers and requeued, since the coordinator started.
        public var redeliveries: Int
        /// Age of the oldest job ready to run, in seconds (0 when none).
        public var oldestQueuedSeconds: Double
        public init(
            queued: Int, delayed: Int, leased: Int, done: Int, dead: Int, retries: Int, redeliveries: Int,
            oldestQueuedSeconds: Double
        ) {
            self.queued = queued
            self.delayed = delayed
            self.leased = leased
            self.done = done
            self.dead = dead
            self.retries = retries
            self.redeliveries = redeliveries
            self.oldestQueuedSeconds = oldestQueuedSeconds
        }
    }

    public struct Throughput: Codable, Sendable, Hashable {
        /// Jobs finished (done or dead) in the last 60 seconds.
        public var lastMinute: Int
        /// `lastMinute` as a per-second rate over the window actually observed.
        public var perSecond: Double
        /// Jobs finished in the last 300 seconds.
        public var lastFiveMinutes: Int?
        /// `lastFiveMinutes` as a per-second rate over the window actually observed.
        public var perSecondFiveMinutes: Double?
        public init(
            lastMinute: Int, perSecond: Double, lastFiveMinutes: Int? = nil, perSecondFiveMinutes: Double? = nil
        ) {
            self.lastMinute = lastMinute
            self.perSecond = perSecond
            self.lastFiveMinutes = lastFiveMinutes
            self.perSecondFiveMinutes = perSecondFiveMinutes
        }
    }

    public struct Worker: Codable, Sendable, Hashable {
        public var id: String
        public var host: String
        public var pid: Int32
        public var version: String
        /// `up`, `draining`, or `lost`: declared dead, shown for ten minutes after (it holds no jobs).
        public var state: State
        public var slots: Int
        public var busy: Int
        public var done: Int
        public var failed: Int
        public var lastHeartbeatSecondsAgo: Double
        /// Resident memory of the worker process, in bytes, as it last reported it.
        public var rssBytes: Int?
        /// How it fetches URL jobs, as its `READY` said.
        public var fetching: Ready.Fetching?
        public init(
            id: String, host: String, pid: Int32, version: String, state: State, slots: Int, busy: Int,
            done: Int, failed: Int, lastHeartbeatSecondsAgo: Double, rssBytes: Int? = nil
        ) {
            self.rssBytes = rssBytes
            self.id = id
            self.host = host
            self.pid = pid
            self.version = version
            self.state = state
            self.slots = slots
            self.busy = busy
            self.done = done
            self.failed = failed
            self.lastHeartbeatSecondsAgo = lastHeartbeatSecondsAgo
        }

        /// A worker's state as `STATUS` reports it. A state a newer coordinator adds decodes as itself.
        public struct State: RawRepresentable, Codable, Sendable, Hashable, Comparable, ExpressibleByStringLiteral,
            CustomStringConvertible
        {
            public var rawValue: String

            public init(rawValue: String) { self.rawValue = rawValue }
            public init(stringLiteral value: String) { self.rawValue = value }
            public var description: String { rawValue }
            public static func < (lhs: State, rhs: State) -> Bool { lhs.rawValue < rhs.rawValue }

            /// Registered and taking jobs.
            public static let up: State = "up"
            /// Finishing its jobs and taking no new ones.
            public static let draining: State = "draining"
            /// Declared dead; shown for ten minutes after, holding no jobs.
            public static let lost: State = "lost"
        }
    }

    public struct ProtocolCounters: Codable, Sendable, Hashable {
        /// Messages dropped because they could not be decoded.
        public var malformedMessages: Int
        /// Messages that could not be delivered (peer gone or over its high-water mark).
        public var undeliverableMessages: Int
        public init(malformedMessages: Int, undeliverableMessages: Int) {
            self.malformedMessages = malformedMessages
            self.undeliverableMessages = undeliverableMessages
        }
    }

    /// Encryption, admission and limits (absent from coordinators before CURVE support).
    public struct Security: Codable, Sendable, Hashable {
        /// Whether the endpoint uses CURVE encryption and key-based admission.
        public var curve: Bool
        /// Whether the endpoint is reachable off this machine without encryption (`--insecure`).
        public var insecure: Bool
        /// Public keys currently admitted as workers and as clients.
        public var workerKeys: Int
        public var clientKeys: Int
        /// Connections refused during the handshake: unknown key, or no CURVE.
        public var refusedHandshakes: Int
        /// Messages refused because the key is not admitted for the role it spoke (worker or client).
        public var refusedRoles: Int
        /// Submissions refused because the client had too many unfinished jobs.
        public var refusedSubmissions: Int
        /// Messages refused since start-up, by reason (`not-leased`, `unregistered-worker`,
        /// `worker-id-taken`, `revoked-key`, `invalid`, `client-quota`, `storage-full`); absent before 0.3.
        public var refused: [String: Int]?
        public init(
            curve: Bool, insecure: Bool, workerKeys: Int, clientKeys: Int, refusedHandshakes: Int, refusedRoles: Int,
            refusedSubmissions: Int, refused: [String: Int]? = nil
        ) {
            self.curve = curve
            self.insecure = insecure
            self.workerKeys = workerKeys
            self.clientKeys = clientKeys
            self.refusedHandshakes = refusedHandshakes
            self.refusedRoles = refusedRoles
            self.refusedSubmissions = refusedSubmissions
            self.refused = refused
        }
    }

    /// Articles stored since the coordinator started, for one page type (`article`, `forum`, `listing` …).
    public struct PageTypeCount: Codable, Sendable, Hashable {
        public var type: String
        public var articles: Int
        public init(type: String, articles: Int) {
            self.type = type
            self.articles = articles
        }
    }

    /// Articles stored since the coordinator started, for one language.
    public struct LanguageCount: Codable, Sendable, Hashable {
        /// The language code the documents carry (`und` when undetermined).
        public var code: String
        public var articles: Int
        public init(code: String, articles: Int) {
            self.code = code
            self.articles = articles
        }
    }

    /// One pipeline stage's time over the results stored since the coordinator started.
    public struct StageTiming: Codable, Sendable, Hashable {
        /// The stage's name as in the documents' `processing.stagesMs`.
        public var stage: String
        /// Articles that went through the stage.
        public var count: Int
        /// Mean milliseconds per article.
        public var meanMs: Double
        public init(stage: String, count: Int, meanMs: Double) {
            self.stage = stage
            self.count = count
            self.meanMs = meanMs
        }
    }

    /// A failed attempt, among the most recent ones.
    public struct Failure: Codable, Sendable, Hashable {
        public var job: String
        public var attempt: Int
        /// The worker that ran the attempt, when one did.
        public var worker: String?
        /// The machine-readable reason, e.g. `worker-lost`, `lease-expired`, `not-an-article`.
        public var code: String
        public var message: String
        /// Whether the job is dead after it (otherwise it was scheduled again).
        public var final: Bool
        /// When, ISO 8601 UTC.
        public var at: String
        public init(
            job: String, attempt: Int, worker: String?, code: String, message: String, final: Bool, at: String
        ) {
            self.job = job
            self.attempt = attempt
            self.worker = worker
            self.code = code
            self.message = message
            self.final = final
            self.at = at
        }
    }

    /// One submission's progress (`presswork submit` names it with a batch id).
    public struct Batch: Codable, Sendable, Hashable {
        public var batch: String
        /// When its first job was submitted, ISO 8601 UTC.
        public var submittedAt: String
        public var total: Int
        public var queued: Int
        public var running: Int
        public var done: Int
        public var dead: Int
        public var cancelled: Int?
        public init(
            batch: String, submittedAt: String, total: Int, queued: Int, running: Int, done: Int, dead: Int,
            cancelled: Int? = nil
        ) {
            self.batch = batch
            self.submittedAt = submittedAt
            self.total = total
            self.queued = queued
            self.running = running
            self.done = done
            self.dead = dead
            self.cancelled = cancelled
        }
    }

    /// The coordinator's store on disk.
    public struct Store: Codable, Sendable, Hashable {
        /// The database file's size.
        public var bytes: Int
        /// Of it, pages freed by deletions and not yet reused or given back.
        public var freeBytes: Int
        /// Seconds the store has been unreachable, when it is (nil: reachable). Sizes are 0 meanwhile.
        public var unavailableSeconds: Double?
        public init(bytes: Int, freeBytes: Int, unavailableSeconds: Double? = nil) {
            self.bytes = bytes
            self.freeBytes = freeBytes
            self.unavailableSeconds = unavailableSeconds
        }
    }

    /// Per-host politeness for fetch jobs.
    public struct Hosts: Codable, Sendable, Hashable {
        /// Fetch jobs of one host leased at once (0: no limit).
        public var concurrency: Int
        /// Seconds between two leases of one host (0: none).
        public var delaySeconds: Double
        /// Hosts with fetch jobs running or held back now.
        public var active: Int
        /// Fetch jobs held back by these limits (counted in `queue.queued` too).
        public var waiting: Int
        /// The busiest hosts, most held back first (at most 10).
        public var busiest: [Host]

        public struct Host: Codable, Sendable, Hashable {
            public var host: String
            public var running: Int
            public var waiting: Int
            public init(host: String, running: Int, waiting: Int) {
                self.host = host
                self.running = running
                self.waiting = waiting
            }
        }

        public init(concurrency: Int, delaySeconds: Double, active: Int, waiting: Int, busiest: [Host]) {
            self.concurrency = concurrency
            self.delaySeconds = delaySeconds
            self.active = active
            self.waiting = waiting
            self.busiest = busiest
        }
    }

    public var coordinator: Coordinator
    public var queue: Queue
    public var throughput: Throughput
    public var workers: [Worker]
    public var protocolCounters: ProtocolCounters
    public var security: Security?
    /// Articles stored per language since start, most first.
    public var languages: [LanguageCount]?
    /// Articles stored per page type since start, most first.
    public var pageTypes: [PageTypeCount]?
    /// Mean time per pipeline stage since start, in pipeline order.
    public var stages: [StageTiming]?
    /// The latest failed attempts, newest first (at most 20).
    public var recentFailures: [Failure]?
    /// The most recent batches, newest first (at most 10), in replies to `STATUS` only.
    public var batches: [Batch]?
    /// The store's size, in replies to `STATUS` only.
    public var store: Store?
    /// Per-host politeness: limits, and the hosts being fetched from.
    public var hosts: Hosts?

    public init(
        coordinator: Coordinator, queue: Queue, throughput: Throughput, workers: [Worker],
        protocolCounters: ProtocolCounters, security: Security? = nil, languages: [LanguageCount]? = nil,
        stages: [StageTiming]? = nil, recentFailures: [Failure]? = nil, pageTypes: [PageTypeCount]? = nil
    ) {
        self.security = security
        self.pageTypes = pageTypes
        self.languages = languages
        self.stages = stages
        self.recentFailures = recentFailures
        self.coordinator = coordinator
        self.queue = queue
        self.throughput = throughput
        self.workers = workers
        self.protocolCounters = protocolCounters
    }

    enum CodingKeys: String, CodingKey {
        case coordinator, queue, throughput, workers, security, languages, pageTypes, stages, recentFailures, batches,
            store, hosts
        case protocolCounters = "protocol"
    }
}

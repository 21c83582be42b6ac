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
        public init(lastMinute: Int, perSecond: Double) {
            self.lastMinute = lastMinute
            self.perSecond = perSecond
        }
    }

    public struct Worker: Codable, Sendable, Hashable {
        public var id: String
        public var host: String
        public var pid: Int32
        public var version: String
        /// `up` or `draining` (workers declared dead are removed).
        public var state: String
        public var slots: Int
        public var busy: Int
        public var done: Int
        public var failed: Int
        public var lastHeartbeatSecondsAgo: Double
        public init(
            id: String, host: String, pid: Int32, version: String, state: String, slots: Int, busy: Int,
            done: Int, failed: Int, lastHeartbeatSecondsAgo: Double
        ) {
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
        public init(
            curve: Bool, insecure: Bool, workerKeys: Int, clientKeys: Int, refusedHandshakes: Int, refusedRoles: Int,
            refusedSubmissions: Int
        ) {
            self.curve = curve
            self.insecure = insecure
            self.workerKeys = workerKeys
            self.clientKeys = clientKeys
            self.refusedHandshakes = refusedHandshakes
            self.refusedRoles = refusedRoles
            self.refusedSubmissions = refusedSubmissions
        }
    }

    public var coordinator: Coordinator
    public var queue: Queue
    public var throughput: Throughput
    public var workers: [Worker]
    public var protocolCounters: ProtocolCounters
    public var security: Security?

    public init(
        coordinator: Coordinator, queue: Queue, throughput: Throughput, workers: [Worker],
        protocolCounters: ProtocolCounters, security: Security? = nil
    ) {
        self.security = security
        self.coordinator = coordinator
        self.queue = queue
        self.throughput = throughput
        self.workers = workers
        self.protocolCounters = protocolCounters
    }

    enum CodingKeys: String, CodingKey {
        case coordinator, queue, throughput, workers, security
        case protocolCounters = "protocol"
    }
}

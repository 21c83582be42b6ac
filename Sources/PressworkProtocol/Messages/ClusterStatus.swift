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

    public var coordinator: Coordinator
    public var queue: Queue
    public var throughput: Throughput
    public var workers: [Worker]
    public var protocolCounters: ProtocolCounters

    public init(
        coordinator: Coordinator, queue: Queue, throughput: Throughput, workers: [Worker],
        protocolCounters: ProtocolCounters
    ) {
        self.coordinator = coordinator
        self.queue = queue
        self.throughput = throughput
        self.workers = workers
        self.protocolCounters = protocolCounters
    }

    enum CodingKeys: String, CodingKey {
        case coordinator, queue, throughput, workers
        case protocolCounters = "protocol"
    }
}

import PressworkHTTP
import PressworkProtocol
import PressworkStore

/// One turn of the coordinator's loop: the journal changes it makes, and the messages that may only be
/// sent once those are committed. Filled while messages are handled, emptied by the loop's flush.
struct Turn {
    var changes: [JournalChange] = []
    private(set) var outbox: [(to: [UInt8], frames: [[UInt8]])] = []
    /// This turn's result documents and their `RESULT` headers (language, stage timings), by job.
    var documents: [String: [UInt8]] = [:]
    var resultHeaders: [String: JobResult] = [:]
    /// The JOB (with its job) and HEARTBEAT (job nil) messages, by outbox index: one that cannot be
    /// delivered means the worker is gone.
    private var watched: [Int: (worker: String, job: String?)] = [:]
    /// Dashboard answers that may only go out once the changes are committed (actions).
    var httpReplies: [(pending: HTTPPending, response: HTTPResponse)] = []

    /// Queues a message; `watch` names the worker (and job) whose loss an undelivered message proves.
    mutating func send(_ frames: [[UInt8]], to routingId: [UInt8], watch: (worker: String, job: String?)? = nil) {
        if let watch { watched[outbox.count] = watch }
        outbox.append((routingId, frames))
    }

    /// The messages to send, and their watches; the turn is empty afterwards.
    mutating func finish() -> (
        outbox: [(to: [UInt8], frames: [[UInt8]])], watched: [Int: (worker: String, job: String?)]
    ) {
        defer {
            changes.removeAll(keepingCapacity: true)
            outbox.removeAll(keepingCapacity: true)
            watched.removeAll(keepingCapacity: true)
            documents.removeAll(keepingCapacity: true)
            resultHeaders.removeAll(keepingCapacity: true)
            for (pending, response) in httpReplies { pending.complete(response) }
            httpReplies.removeAll()
        }
        return (outbox, watched)
    }

    /// What became of one queued message.
    enum Delivery {
        case sent
        /// Over the peer's high-water mark: it is there, but not reading.
        case full
        /// libzmq has no connection with this routing id (ROUTER_MANDATORY).
        case gone
    }

    /// The workers whose connection is gone, with the jobs that did not reach them, from what became of
    /// each message (`outcomes[i]` for outbox index i). A JOB that cannot be delivered, or a HEARTBEAT
    /// whose peer libzmq no longer knows, means the worker's connection is gone (a SIGKILLed worker's
    /// socket is closed by its kernel); a HEARTBEAT over the high-water mark only says the worker is slow.
    static func unreachable(_ outcomes: [Delivery], watched: [Int: (worker: String, job: String?)]) -> [(
        worker: String, jobs: Set<String>
    )] {
        var undelivered: [String: Set<String>] = [:]
        for (index, outcome) in outcomes.enumerated() {
            guard outcome != .sent, let watch = watched[index] else { continue }
            if let job = watch.job {
                undelivered[watch.worker, default: []].insert(job)
            } else if outcome == .gone {
                undelivered[watch.worker] = undelivered[watch.worker] ?? []
            }
        }
        return undelivered.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

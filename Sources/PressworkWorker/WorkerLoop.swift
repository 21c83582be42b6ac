import Foundation
import Logging
import PressworkLogging
import PressworkProtocol
import ZeroMQ

/// The worker's I/O thread. Jobs run in slot processes (`ProcessPool`), never here, so heartbeats keep
/// flowing however long processing takes, and a job that hangs or crashes cannot take the worker with it.
struct WorkerLoop {
    let configuration: WorkerConfiguration
    let logger: Logger
    let context: ZMQContext
    var pool: ProcessPool
    var dealer: ZMQSocket
    /// Jobs handed to the pool and not yet reported: "job/attempt".
    var running: Set<String> = []
    /// Reports made while the coordinator was unreachable, sent once registered again.
    var unsent: [[[UInt8]]] = []
    var lastHeard: Double
    var lastSent: Double
    /// When the last heartbeat with stats went out: one goes every `statsInterval` even while results
    /// keep the connection busy, so the coordinator's memory figure stays fresh.
    var lastStats = -Double.infinity
    static let statsInterval = 5.0
    var connected = true
    var reconnectAttempt = 0
    var nextReconnect = 0.0

    init(configuration: WorkerConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        context = try ZMQContext()
        let now = Timestamp.monotonic()
        pool = try ProcessPool(
            count: configuration.concurrency, context: context, command: configuration.slotCommand,
            maxMessageBytes: ProtocolLimits.maxFrameBytes(maxArticleBytes: configuration.maxArticleBytes),
            logger: logger,
            now: now)
        dealer = try Self.openDealer(context: context, configuration: configuration)
        lastHeard = now
        lastSent = now
    }

    static func openDealer(context: ZMQContext, configuration: WorkerConfiguration) throws(ZMQError) -> ZMQSocket {
        let socket = try ZMQSocket(context: context, type: .dealer)
        try socket.setRoutingId(configuration.routingId)
        if let curve = configuration.curve { try socket.setCurveClient(curve) }
        try socket.setMaxMessageSize(
            Int64(ProtocolLimits.maxFrameBytes(maxArticleBytes: configuration.maxArticleBytes)))
        try socket.setReconnectInterval(milliseconds: 100, maximum: 2_000)
        try socket.setTCPKeepalive(true)
        try socket.connect(configuration.endpoint.description)
        return socket
    }

    /// `READY`, telling the coordinator how many slots are still busy with jobs from before: those
    /// running and those whose reports are about to follow (the coordinator cannot match either).
    /// A draining worker registers as draining: its reports are then accepted, and it gets no jobs.
    func readyMessage(draining: Bool = false) -> WorkerCommand {
        let busy = running.count + unsent.count
        return .ready(
            Ready(
                worker: configuration.workerId, slots: configuration.concurrency, host: configuration.host,
                pid: getpid(), version: PressworkVersion.current, busy: busy > 0 ? busy : nil,
                draining: draining ? true : nil))
    }

    mutating func run(until shouldStop: () -> Bool) {
        logger.info(
            "worker starting",
            metadata: [
                LogKey.worker: "\(configuration.workerId)", LogKey.endpoint: "\(configuration.endpoint)",
                LogKey.workerSlots: "\(configuration.concurrency)",
            ])
        send(readyMessage())
        while !shouldStop() {
            turn(draining: false)
        }
        drain()
    }

    /// One poll of both sockets (only the slots' socket while disconnected), then slot supervision,
    /// heartbeat and liveness bookkeeping.
    mutating func turn(draining: Bool) {
        var poller = ZMQPoller(connected ? [pool.socket, dealer] : [pool.socket])
        let readable = (try? poller.poll(milliseconds: 50)) ?? []
        if readable.first == true {
            for outcome in pool.receive(now: Timestamp.monotonic()) { report(outcome) }
        }
        if connected && readable.count > 1 && readable[1] {
            while let message = try? dealer.receive(maxFrames: 8) {
                handle(message, draining: draining)
            }
        }
        for outcome in pool.service(now: Timestamp.monotonic()) { report(outcome) }
        let now = Timestamp.monotonic()
        if connected {
            if now - lastHeard > configuration.heartbeatInterval * Double(configuration.heartbeatLiveness) {
                // Drop the socket and whatever it still queued; reports wait in `unsent` until we are back.
                dealer.close()
                connected = false
                reconnectAttempt += 1
                let bound = min(
                    configuration.reconnectMaxDelay,
                    configuration.reconnectBaseDelay * pow(2, Double(min(reconnectAttempt - 1, 30))))
                let delay = Double.random(in: 0...bound)
                nextReconnect = now + delay
                logger.warning(
                    "coordinator silent; reconnecting",
                    metadata: [
                        LogKey.endpoint: "\(configuration.endpoint)",
                        LogKey.reconnectAttempt: "\(reconnectAttempt)",
                        LogKey.reconnectDelay: "\(String(format: "%.2f", delay))",
                    ])
            } else if now - lastSent >= configuration.heartbeatInterval || now - lastStats >= Self.statsInterval {
                lastStats = now
                // The worker's memory is its own plus its slot processes'.
                let rss = ResidentMemory.current().map { $0 + pool.residentBytes }
                send(.heartbeat(WorkerStats(rssBytes: rss)))
            }
        }
        if !connected && now >= nextReconnect {
            reconnect(now: now, draining: draining)
        }
    }

    /// A job outcome from a slot: forward it, or keep it until the coordinator is back. The header is
    /// parsed again only for a log line that is written: failures, and results at debug level.
    private mutating func report(_ outcome: ProcessPool.Outcome) {
        let frames = outcome.frames
        running.remove("\(outcome.job.job)/\(outcome.job.attempt)")
        if frames.count > 1, frames[1] == Array("FAILED".utf8) {
            if case .failed(let failure)? = try? WorkerCommand.decode(frames.dropFirst()) {
                logger.info("job failed", metadata: Self.metadata(failure))
            }
        } else if logger.logLevel <= .debug,
            case .result(let result, _)? = try? WorkerCommand.decode(frames.dropFirst())
        {
            logger.debug("job done", metadata: Self.metadata(result))
        }
        if connected {
            sendFrames(frames)
        } else {
            unsent.append(frames)
        }
    }

    /// Log metadata for a result: job, attempt, language and each stage's milliseconds (never article text).
    static func metadata(_ result: JobResult) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            LogKey.job: "\(result.job)", LogKey.attempt: "\(result.attempt)",
            LogKey.language: "\(result.language ?? "-")",
        ]
        for (stage, milliseconds) in result.stagesMs ?? [:] {
            metadata["presswork.stage.\(stage)_ms"] = "\(milliseconds)"
        }
        return metadata
    }

    /// Log metadata for a failure: job, attempt, code, the pipeline stage it points to, and the message.
    static func metadata(_ failure: JobFailure) -> Logger.Metadata {
        // The pipeline's codes each come from one stage.
        let stages = [
            "undecodable": "decode", "too-large": "decode", "parse-failure": "parse", "not-an-article": "extract",
        ]
        return [
            LogKey.job: "\(failure.job)", LogKey.attempt: "\(failure.attempt)",
            LogKey.error: "\(failure.code)", LogKey.stage: "\(stages[failure.code] ?? "-")",
            LogKey.message: "\(failure.message)", LogKey.retryable: "\(failure.retryable)",
        ]
    }

    private mutating func handle(_ message: ZMQMessage, draining: Bool) {
        lastHeard = Timestamp.monotonic()
        reconnectAttempt = 0
        let command: CoordinatorCommand
        do {
            command = try CoordinatorCommand.decode(message.frames)
        } catch {
            logger.notice("malformed message from coordinator dropped", metadata: [LogKey.error: "\(error)"])
            return
        }
        switch command {
        case .job(let job, let body):
            // While draining, jobs already on the wire are not started; DISCONNECT hands them back.
            guard !draining else { return }
            running.insert("\(job.job)/\(job.attempt)")
            pool.submit(.init(job: job, body: body, receivedAt: Timestamp.monotonic()), now: Timestamp.monotonic())
        case .heartbeat:
            break
        case .disconnect(let reason):
            // "goodbye" answers our own DISCONNECT at the end of a drain (awaitGoodbye reads it).
            guard reason != "goodbye" else { return }
            logger.info("coordinator asked to register again", metadata: [LogKey.error: "\(reason)"])
            send(readyMessage(draining: draining))
        case .error(let error):
            logger.warning(
                "coordinator refused a message", metadata: [LogKey.error: "\(error.code): \(error.message)"])
        }
    }

    /// Opens a new socket (same routing id) and registers again, then sends the reports kept meanwhile.
    /// If the coordinator stays silent, liveness trips again and the next delay doubles.
    private mutating func reconnect(now: Double, draining: Bool) {
        do {
            dealer = try Self.openDealer(context: context, configuration: configuration)
        } catch {
            logger.error("cannot open socket", metadata: [LogKey.error: "\(error)"])
            nextReconnect = now + configuration.reconnectMaxDelay
            return
        }
        lastHeard = now
        connected = true
        // A draining worker registers as draining: it takes no jobs, only delivers what it finished.
        send(readyMessage(draining: draining))
        for frames in unsent { sendFrames(frames) }
        unsent.removeAll()
    }

    private mutating func send(_ command: WorkerCommand) {
        sendFrames(command.frames())
    }

    private mutating func sendFrames(_ frames: [[UInt8]]) {
        guard connected else { return }
        do {
            if try dealer.send(frames) { lastSent = Timestamp.monotonic() }
        } catch {
            logger.warning("send to coordinator failed", metadata: [LogKey.error: "\(error)"])
        }
    }

    /// SIGTERM: stop taking jobs, let running ones finish within the drain timeout, hand back the rest.
    private mutating func drain() {
        logger.info("worker draining", metadata: [LogKey.count: "\(running.count)"])
        send(.draining)
        let notStarted = pool.stop()
        for task in notStarted { running.remove("\(task.job.job)/\(task.job.attempt)") }
        let deadline = Timestamp.monotonic() + configuration.drainTimeout
        while !running.isEmpty && Timestamp.monotonic() < deadline {
            turn(draining: true)
        }
        if !running.isEmpty {
            logger.warning("drain timeout; handing jobs back", metadata: [LogKey.count: "\(running.count)"])
        }
        // Jobs still running are abandoned with their processes; DISCONNECT hands them back.
        pool.shutdown()
        if connected {
            send(.disconnect)
            awaitGoodbye(timeout: 2)
            try? dealer.setLinger(milliseconds: 500)
            dealer.close()
        }
        logger.info("worker stopped")
    }

    /// Waits for the coordinator's answer to `DISCONNECT`: the process may exit right after, and libzmq
    /// could otherwise drop the queued reports and `DISCONNECT` with it. Other messages are ignored (jobs
    /// arriving now are handed back by the coordinator).
    private mutating func awaitGoodbye(timeout: Double) {
        let deadline = Timestamp.monotonic() + timeout
        var poller = ZMQPoller([dealer])
        while Timestamp.monotonic() < deadline {
            guard (try? poller.poll(milliseconds: 50))?.first == true else { continue }
            while let message = try? dealer.receive(maxFrames: 8) {
                if case .disconnect = try? CoordinatorCommand.decode(message.frames) { return }
            }
        }
        logger.warning("no answer to DISCONNECT from the coordinator")
    }
}

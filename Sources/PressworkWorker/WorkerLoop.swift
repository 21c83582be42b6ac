import Foundation
import Logging
import PressworkLogging
import PressworkProtocol
import ZeroMQ

/// The worker's I/O thread. Jobs run in slot processes (`ProcessPool`), never here, so heartbeats keep
/// flowing however long processing takes, and a job that hangs or crashes cannot take the worker with it.
///
/// Every decision (liveness, back-off, heartbeats, kept reports, the drain) is `WorkerMachine`'s; the loop
/// owns the sockets and the pool, reads the clock once per turn, performs the machine's actions and logs.
struct WorkerLoop {
    let configuration: WorkerConfiguration
    let logger: Logger
    let context: ZMQContext
    var pool: ProcessPool
    /// Closed while the machine is disconnected; replaced by a new socket on each reconnect.
    var dealer: ZMQSocket
    var machine: WorkerMachine

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
        machine = WorkerMachine(settings: .init(configuration, pid: getpid()), now: now)
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

    /// Runs until `shouldStop`, then drains (SIGTERM) until the machine has stopped.
    mutating func run(until shouldStop: () -> Bool) {
        logger.info(
            "worker starting",
            metadata: [
                LogKey.worker: "\(configuration.workerId)", LogKey.endpoint: "\(configuration.endpoint)",
                LogKey.workerSlots: "\(configuration.concurrency)",
            ])
        perform(machine.start(), now: Timestamp.monotonic())
        while machine.phase != .stopped {
            if machine.phase == .running && shouldStop() {
                let notStarted = pool.stop().map(\.job)
                let now = Timestamp.monotonic()
                perform(machine.onStop(notStarted: notStarted, now: now), now: now)
            } else {
                turn()
            }
        }
        logger.info("worker stopped")
    }

    /// One poll of the sockets the machine listens to, slot supervision, then the machine's tick.
    mutating func turn() {
        let slots = machine.listensToSlots
        let coordinator = machine.listensToCoordinator
        var poller = ZMQPoller((slots ? [pool.socket] : []) + (coordinator ? [dealer] : []))
        let readable = (try? poller.poll(milliseconds: 50)) ?? []
        let now = Timestamp.monotonic()
        if slots && readable.first == true {
            for outcome in pool.receive(now: now) { report(outcome, now: now) }
        }
        if coordinator && readable.last == true {
            // The machine may stop listening mid-way (the answer to DISCONNECT closes the socket).
            while machine.listensToCoordinator, let message = try? dealer.receive(maxFrames: 8) {
                perform(machine.onMessage(message.frames, now: now), now: now)
            }
        }
        if slots {
            for outcome in pool.service(now: now) { report(outcome, now: now) }
        }
        perform(machine.onTick(now: now), now: now)
    }

    /// A job outcome from a slot goes to the machine, which forwards it or keeps it until the coordinator
    /// is back. The header is parsed again only for a log line that is written: failures, and results at
    /// debug level.
    private mutating func report(_ outcome: ProcessPool.Outcome, now: Double) {
        let frames = outcome.frames
        if frames.count > 1, frames[1] == Array("FAILED".utf8) {
            if case .failed(let failure)? = try? WorkerCommand.decode(frames.dropFirst()) {
                logger.info("job failed", metadata: Self.metadata(failure))
            }
        } else if logger.logLevel <= .debug,
            case .result(let result, _)? = try? WorkerCommand.decode(frames.dropFirst())
        {
            logger.debug("job done", metadata: Self.metadata(result))
        }
        perform(machine.onOutcome(for: outcome.job, frames: frames), now: now)
    }

    private mutating func perform(_ actions: [WorkerAction], now: Double) {
        for action in actions {
            switch action {
            case .send(let command):
                send(command.frames(), now: now)
            case .heartbeat:
                // The worker's memory is its own plus its slot processes'.
                let rss = ResidentMemory.current().map { $0 + pool.residentBytes }
                send(WorkerCommand.heartbeat(WorkerStats(rssBytes: rss)).frames(), now: now)
            case .forward(let frames):
                send(frames, now: now)
            case .start(let job, let body):
                pool.submit(.init(job: job, body: body, receivedAt: now), now: now)
            case .dropConnection(let attempt, let delay):
                dealer.close()
                logger.warning(
                    "coordinator silent; reconnecting",
                    metadata: [
                        LogKey.endpoint: "\(configuration.endpoint)",
                        LogKey.reconnectAttempt: "\(attempt)",
                        LogKey.reconnectDelay: "\(String(format: "%.2f", delay))",
                    ])
            case .connect:
                do {
                    dealer = try Self.openDealer(context: context, configuration: configuration)
                } catch {
                    logger.error("cannot open socket", metadata: [LogKey.error: "\(error)"])
                    machine.onConnectFailed(now: now)
                    continue
                }
                perform(machine.onConnected(now: now), now: now)
            case .closeConnection:
                try? dealer.setLinger(milliseconds: 500)
                dealer.close()
            case .stopSlots:
                // Jobs still running are abandoned with their processes; DISCONNECT hands them back.
                pool.shutdown()
                // Ending the slots takes up to half a second: the goodbye wait starts after it.
                let later = Timestamp.monotonic()
                perform(machine.onSlotsStopped(now: later), now: later)
            case .malformed(let error):
                logger.notice("malformed message from coordinator dropped", metadata: [LogKey.error: "\(error)"])
            case .refused(let error):
                logger.warning(
                    "coordinator refused a message", metadata: [LogKey.error: "\(error.code): \(error.message)"])
            case .registeringAgain(let reason):
                logger.info("coordinator asked to register again", metadata: [LogKey.error: "\(reason)"])
            case .drainStarted(let running):
                logger.info("worker draining", metadata: [LogKey.count: "\(running)"])
            case .drainTimedOut(let running):
                logger.warning("drain timeout; handing jobs back", metadata: [LogKey.count: "\(running)"])
            case .goodbyeMissing:
                logger.warning("no answer to DISCONNECT from the coordinator")
            }
        }
    }

    /// Sends to the coordinator; a message the socket took counts as a sign of life for the machine.
    private mutating func send(_ frames: [[UInt8]], now: Double) {
        do {
            if try dealer.send(frames) { machine.onSent(now: now) }
        } catch {
            logger.warning("send to coordinator failed", metadata: [LogKey.error: "\(error)"])
        }
    }
}

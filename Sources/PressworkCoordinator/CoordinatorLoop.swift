import Foundation
import Logging
import PressworkCompression
import PressworkLogging
import PressworkProtocol
import PressworkStore
import ZeroMQ

/// The coordinator's shell: one thread, one ROUTER socket. Each turn it reads a batch of messages, feeds
/// them to the state machine, commits the batch's journal changes in one transaction, and only then
/// sends the replies and jobs that depend on them.
struct CoordinatorLoop {
    let configuration: CoordinatorConfiguration
    let store: any JournalStore
    let logger: Logger
    let socket: ZMQSocket
    let boundEndpoint: String
    let startedAt = Date()
    let startedMonotonic: Double
    var machine: CoordinatorMachine
    var ids: JobIdGenerator
    /// Which connection (and key) speaks for each registered worker.
    var routes = WorkerRoutes()
    /// Messages refused since start-up, by reason.
    var refusals: [RefusalReason: Int] = [:]
    var malformedMessages = 0
    var undeliverableMessages = 0
    var refusedSubmissions = 0
    /// CURVE admission, when CURVE is on (its sockets are polled on this thread with the ROUTER).
    var curve: CurveGatekeeper?
    /// When each refused peer was last logged, so a peer retrying fast does not flood the log.
    var refusalLog = RefusalLog()
    /// Submission keys and per-client quotas.
    var ledger: SubmissionLedger
    /// The current turn's journal changes, and the messages to send once they are committed.
    var turn = Turn()
    /// Languages, stage timings and recent failures, for `status` and `/metrics`.
    var activity = ClusterActivity()
    /// Articles submitted and not yet dispatched (all of this turn's, older ones up to a budget).
    var payloads = PayloadCache(budget: CoordinatorLoop.payloadCacheBytes)
    /// Compresses article bodies before they are journaled (one context, reused: the loop is one thread).
    let compressor = ZstdCompressor()
    /// When retention (`keepBodies`, `keepResults`) next runs: soon again while rows are left to delete.
    var nextRetention = 0.0
    /// When submission keys older than a day were last forgotten.
    var lastKeyPruning = -Double.infinity
    /// How long a submission key is remembered, in seconds.
    static let submissionKeyLifetime = 86_400.0
    /// A store failure met while performing actions; the loop stops on it (the journal stays consistent).
    var fatalError: (any Error)?

    /// Where metrics snapshots go for the HTTP endpoint, when it is on.
    var board: StatusBoard?
    var lastPublished = -Double.infinity

    static let maxBatch = 256
    /// Memory for articles waiting to be dispatched; beyond it they are read back from the store.
    static let payloadCacheBytes = 64 << 20
    static let tickInterval = 0.1
    /// Seconds between metrics snapshots published to `board`.
    static let publishInterval = 0.25

    init(configuration: CoordinatorConfiguration, store: any JournalStore, context: ZMQContext, logger: Logger) throws {
        self.configuration = configuration
        self.store = store
        self.logger = logger
        ledger = SubmissionLedger(limits: .init(configuration))
        // libzmq asks the ZAP handler about every handshake, so it must exist before the bind.
        curve = try configuration.curve.map { try CurveGatekeeper(settings: $0, context: context, logger: logger) }
        socket = try ZMQSocket(context: context, type: .router)
        try curve?.guardSocket(socket, context: context)
        try socket.setHandshakeInterval(milliseconds: Int32(configuration.handshakeTimeout * 1000))
        try socket.setRouterMandatory(true)
        try socket.setRouterHandover(true)
        try socket.setSendHighWaterMark(configuration.highWaterMark)
        try socket.setReceiveHighWaterMark(configuration.highWaterMark)
        // One frame may hold a whole result; anything larger makes libzmq drop the connection.
        try socket.setMaxMessageSize(
            Int64(ProtocolLimits.maxFrameBytes(maxArticleBytes: configuration.maxArticleBytes)))
        try socket.setTCPKeepalive(true)
        try socket.bind(configuration.endpoint.description)
        boundEndpoint = try socket.lastEndpoint()

        startedMonotonic = Timestamp.monotonic()
        let counts = try store.counts()
        machine = CoordinatorMachine(
            settings: .init(configuration), now: startedMonotonic, doneTotal: counts[.done] ?? 0,
            deadTotal: counts[.dead] ?? 0, cancelledTotal: counts[.cancelled] ?? 0)
        ids = JobIdGenerator(after: try store.newestJobId(), suffix: store.jobIdSuffix)
        let wall = Timestamp.now()
        try store.releaseLeases(now: wall)
        let unfinished = try store.unfinishedJobs()
        for job in unfinished {
            machine.restore(
                job.id, attempts: job.attempts, maxAttempts: job.maxAttempts, delay: job.notBefore.map { $0 - wall },
                priority: job.priority, timeout: job.jobTimeout, now: startedMonotonic)
        }
        for pending in try store.pendingSubmissions() {
            ledger.restore(pending.job, client: pending.client, bytes: pending.bodyBytes)
        }
        logger.info(
            "coordinator listening",
            metadata: [
                LogKey.endpoint: "\(boundEndpoint)", LogKey.count: "\(unfinished.count)",
                LogKey.store: "\(store.location)",
            ])
        if let curve {
            logger.info(
                "CURVE on",
                metadata: [
                    LogKey.curveServerKey: "\(curve.settings.keyPair.publicKey)",
                    LogKey.curveWorkerKeys: "\(curve.admitted.workers.count)",
                    LogKey.curveClientKeys: "\(curve.admitted.clients.count)",
                ])
        } else if configuration.isInsecure {
            logger.warning(
                "listening off loopback WITHOUT encryption (--insecure)",
                metadata: [LogKey.endpoint: "\(boundEndpoint)"])
        }
    }

    /// Runs until `shouldStop` returns true, then tells workers, commits, and closes the socket.
    mutating func run(until shouldStop: () -> Bool) throws {
        defer {
            socket.close()
            curve?.close()
        }
        var poller = ZMQPoller([socket] + [curve?.zap, curve?.monitor].compactMap { $0 })
        var lastTick = Timestamp.monotonic()
        board?.isRunning = true
        defer { board?.isRunning = false }
        while !shouldStop() {
            let readable = try poller.poll(milliseconds: 50)
            if readable.count > 2 {
                let now = Timestamp.monotonic()
                if readable[1] { try curve?.answerAuthenticationRequests(logger: logger, now: now) }
                if readable[2] { try curve?.countHandshakeFailures(logger: logger, now: now) }
            }
            if readable[0] {
                for _ in 0..<Self.maxBatch {
                    guard
                        let message = try socket.receive(
                            maxFrames: ProtocolLimits.maxFrames + 1, readMetadata: curve != nil)
                    else { break }
                    handle(message, now: Timestamp.monotonic())
                }
            }
            let now = Timestamp.monotonic()
            if now - lastTick >= Self.tickInterval {
                lastTick = now
                perform(machine.onTick(now: now), now: now)
                if curve?.reloadIfChanged(logger: logger, now: now) == true { expelRevokedWorkers(now: now) }
                if now >= nextRetention { applyRetention(now: now) }
                if now - lastKeyPruning > 600 {
                    lastKeyPruning = now
                    turn.changes.append(.forgetSubmissions(before: Timestamp.now() - Self.submissionKeyLifetime))
                }
            }
            if let board, now - lastPublished >= Self.publishInterval {
                lastPublished = now
                board.publish(
                    MetricsSnapshot(
                        status: clusterStatus(now: now), counters: machine.counters, durations: machine.durations,
                        queueWaits: machine.queueWaits, activity: activity, takenAt: now))
            }
            try flush()
            if let fatalError { throw fatalError }
        }
        for worker in machine.workerIds {
            send(.disconnect(reason: "coordinator shutting down"), to: worker)
        }
        try flush()
        // Give the DISCONNECTs a moment on the wire; workers then reconnect to the next coordinator.
        try? socket.setLinger(milliseconds: 500)
        logger.info("coordinator stopped", metadata: [LogKey.endpoint: "\(boundEndpoint)"])
    }

    /// Commits the turn's journal changes, then sends what depends on them.
    mutating func flush() throws {
        if !turn.changes.isEmpty {
            try store.apply(turn.changes, now: Timestamp.now())
        }
        ledger.endTurn()
        payloads.trim()
        let (outbox, watched) = turn.finish()
        let outcomes = outbox.map { deliver($0.frames, to: $0.to) }
        // A worker whose connection is gone is declared lost now rather than after its heartbeats run out,
        // so its jobs are redone a heartbeat after a kill instead of `liveness` heartbeats. The resulting
        // changes are committed next turn.
        let now = Timestamp.monotonic()
        for (worker, jobs) in Turn.unreachable(outcomes, watched: watched) {
            perform(machine.onUnreachable(worker, undelivered: jobs, now: now), now: now)
        }
    }

    /// Sends one message; a message that cannot be sent is counted and logged.
    private mutating func deliver(_ frames: [[UInt8]], to routingId: [UInt8]) -> Turn.Delivery {
        do {
            if try socket.send([routingId] + frames) { return .sent }
            undeliverableMessages += 1
            logger.warning(
                "peer over its high-water mark; message dropped",
                metadata: [LogKey.worker: "\(routes.label(routingId))"])
            return .full
        } catch {
            undeliverableMessages += 1
            logger.debug(
                "peer gone; message dropped",
                metadata: [LogKey.worker: "\(routes.label(routingId))", LogKey.error: "\(error)"])
            return .gone
        }
    }

    /// One received message: decode, dispatch by role, answer `ERROR` to what cannot be decoded.
    mutating func handle(_ message: ZMQMessage, now: Double) {
        guard let routingId = message.frames.first else { return }
        let body = message.frames.dropFirst()
        if message.droppedFrames > 0 {
            reject(
                routingId, body, ProtocolError(.tooLarge, "message has more than \(ProtocolLimits.maxFrames) frames"))
            return
        }
        if let refusal = curve?.refusal(of: message, body: body, logger: logger, now: now) {
            turn.send(refusal, to: routingId)
            return
        }
        let key = message.userId.flatMap(PeerIdentity.init(userId:))?.key
        do {
            switch try Inbound.decode(body) {
            case .worker(let command): handle(command, from: routingId, key: key, now: now)
            case .client(let request):
                // Under CURVE a client is its key (it may reconnect); otherwise its connection.
                handle(request, from: routingId, owner: key ?? PeerKey.key(for: routingId), now: now)
            }
        } catch {
            reject(routingId, body, error)
        }
    }

    private mutating func reject(_ routingId: [UInt8], _ body: ArraySlice<[UInt8]>, _ error: ProtocolError) {
        malformedMessages += 1
        logger.notice(
            "malformed message dropped",
            metadata: [LogKey.worker: "\(routes.label(routingId))", LogKey.error: "\(error)"])
        // Answer in the sender's role when it can be told, whatever version it speaks.
        let isWorker = body.first.map { $0.starts(with: Array("PWW".utf8)) } ?? false
        let reply = ErrorReply(
            req: isWorker ? nil : ClientRequest.requestNumber(in: body), code: error.code.reply,
            message: error.message)
        let frames = isWorker ? CoordinatorCommand.error(reply).frames() : ClientReply.error(reply).frames()
        turn.send(frames, to: routingId)
    }

    /// Queues a command to a worker known by its key; JOBs and HEARTBEATs are watched for delivery.
    mutating func send(_ command: CoordinatorCommand, to worker: String) {
        guard let routingId = routes.routingId(of: worker) else { return }
        let watch: (worker: String, job: String?)? =
            switch command {
            case .job(let assignment, _): (worker, assignment.job)
            case .heartbeat: (worker, nil)
            default: nil
            }
        turn.send(command.frames(), to: routingId, watch: watch)
    }
}

extension CoordinatorLoop {
    /// Rows deleted per retention turn: small enough that a turn stays a few milliseconds.
    static let retentionBatch = 200

    /// Deletes what has outlived `keepResults` (finished jobs with their results) and `keepBodies` (their
    /// bodies), a batch per turn: every second while more is due, else every tenth of the shortest period.
    mutating func applyRetention(now: Double) {
        let wall = Timestamp.now()
        var more = false
        do {
            var deleted = 0
            if let keep = configuration.keepResults {
                let purged = try store.purge(
                    before: wall - keep, bodiesOnly: false, matching: nil, limit: Self.retentionBatch)
                deleted += purged.jobs + purged.history
                more = more || purged.more
            }
            if let keep = configuration.keepBodies {
                let purged = try store.purge(
                    before: wall - keep, bodiesOnly: true, matching: nil, limit: Self.retentionBatch)
                deleted += purged.bodies
                more = more || purged.more
            }
            if deleted > 0 {
                try store.releaseFreePages()
                logger.debug("retention deleted old rows", metadata: [LogKey.count: "\(deleted)"])
            }
        } catch {
            logger.error("retention failed; trying again later", metadata: [LogKey.error: "\(error)"])
        }
        // Again within a tenth of the shortest period (at most ten minutes), so nothing outlives it by much.
        let shortest = [configuration.keepResults, configuration.keepBodies].compactMap { $0 }.min() ?? 6_000
        nextRetention = now + (more ? 1 : min(600, max(1, shortest / 10)))
    }
}

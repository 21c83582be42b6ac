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
    /// While the store is out of reach (a PostgreSQL outage): since when (monotonic), when to try the commit
    /// again, and the back-off. The failed turn stays in `turn`, its messages unsent, until that commit works.
    var outage: (since: Double, nextTry: Double, delay: Double)?
    var lastOutageHeartbeat = 0.0
    /// Worker messages received during the outage, handled once it ends, and their size.
    var held: [HeldReport] = []
    var heldBytes = 0
    /// Jobs leased during the turn the outage began whose articles could not be read: sent once it ends.
    var deferredDispatches: [(job: String, worker: String, attempt: Int)] = []
    /// What outages have cost since start-up, for `/metrics`.
    var storeOutages = StoreOutageCounters()
    /// At most this much of workers' messages is held during an outage (results are up to a few MB each).
    static let outageHoldBytes = 256 << 20
    /// The longest wait between two attempts to reach the store again.
    static let outageMaxDelay = 15.0

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
                priority: job.priority, timeout: job.jobTimeout, host: job.fetchHost, now: startedMonotonic)
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
            if outage != nil {
                try waitOutOutage(&poller)
                continue
            }
            try receive(from: &poller)
            let now = Timestamp.monotonic()
            serveDashboard(now: now)
            if outage == nil, now - lastTick >= Self.tickInterval {
                lastTick = now
                perform(machine.onTick(now: now), now: now)
                if curve?.reloadIfChanged(logger: logger, now: now) == true { expelRevokedWorkers(now: now) }
                if now >= nextRetention { applyRetention(now: now) }
                if now - lastKeyPruning > 600 {
                    lastKeyPruning = now
                    turn.changes.append(.forgetSubmissions(before: Timestamp.now() - Self.submissionKeyLifetime))
                }
            }
            publishMetrics(now: now)
            try flush()
            if let fatalError { throw fatalError }
        }
        if let outage {
            // Nothing of the uncommitted turn went out, so nothing it holds was acknowledged: the journal as
            // committed is what the next start finds.
            logger.warning(
                "stopping while the store is unreachable; the last turn was neither committed nor acknowledged",
                metadata: [
                    LogKey.store: "\(store.location)", LogKey.count: "\(turn.changes.count)",
                    LogKey.seconds: "\(formatSeconds(Timestamp.monotonic() - outage.since))",
                ])
            let goodbye = CoordinatorCommand.disconnect(reason: "coordinator shutting down").frames()
            for worker in machine.workerIds {
                if let routingId = routes.routingId(of: worker) { _ = deliver(goodbye, to: routingId) }
            }
        } else {
            for worker in machine.workerIds {
                send(.disconnect(reason: "coordinator shutting down"), to: worker)
            }
            try flush()
        }
        // Give the DISCONNECTs a moment on the wire; workers then reconnect to the next coordinator.
        try? socket.setLinger(milliseconds: 500)
        logger.info("coordinator stopped", metadata: [LogKey.endpoint: "\(boundEndpoint)"])
    }

    /// Waits up to 50 ms for messages and CURVE's sockets, and handles what came: a batch of messages (during
    /// an outage, answered from memory or held), authentication requests, handshake failures.
    private mutating func receive(from poller: inout ZMQPoller) throws {
        let readable = try poller.poll(milliseconds: 50)
        if readable.count > 2 {
            let now = Timestamp.monotonic()
            if readable[1] { try curve?.answerAuthenticationRequests(logger: logger, now: now) }
            if readable[2] { try curve?.countHandshakeFailures(logger: logger, now: now) }
        }
        guard readable[0] else { return }
        for _ in 0..<Self.maxBatch {
            guard
                let message = try socket.receive(maxFrames: ProtocolLimits.maxFrames + 1, readMetadata: curve != nil)
            else { break }
            if let outage {
                receiveDuringOutage(message, since: outage.since)
            } else {
                handle(message, now: Timestamp.monotonic())
            }
        }
    }

    /// Commits the turn's journal changes, then sends what depends on them. When the store is out of reach,
    /// the turn is kept (nothing it would acknowledge goes out) and the loop waits the outage out.
    mutating func flush() throws {
        // An outage that began with a read this turn: the commit is tried by `waitOutOutage`.
        guard outage == nil else { return }
        if !turn.changes.isEmpty, let error = try commitTurn() {
            beginOutage(error)
            return
        }
        finishTurn()
    }

    /// The store is out of reach: from now on the loop waits it out (`waitOutOutage`).
    mutating func beginOutage(_ error: StoreError) {
        guard outage == nil else { return }
        let now = Timestamp.monotonic()
        outage = (since: now, nextTry: now + 0.5, delay: 0.5)
        storeOutages.outages += 1
        logger.error(
            "store unreachable; accepting nothing new until it is back",
            metadata: [LogKey.store: "\(store.location)", LogKey.error: "\(error)"])
    }

    /// During an outage: commits the turn's changes, or when there are none (the outage began with a read),
    /// reaches the store; nil when that worked, else the outage's error.
    private func commitOrProbe() throws(StoreError) -> StoreError? {
        guard turn.changes.isEmpty else { return try commitTurn() }
        do {
            try store.checkReachable()
            return nil
        } catch {
            guard store.isOutage(error) else { throw error }
            return error
        }
    }

    /// Commits the turn's journal changes: nil when they are durable, the error when the store is out of reach
    /// for a while (the same changes may be applied again); any other failure is thrown.
    private func commitTurn() throws(StoreError) -> StoreError? {
        do {
            try store.apply(turn.changes, now: Timestamp.now())
            return nil
        } catch {
            guard store.isOutage(error) else { throw error }
            return error
        }
    }

    /// After the turn's commit: sends its messages and notes workers whose connection proved gone.
    private mutating func finishTurn() {
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

    /// One pass of the loop while the store is out of reach. The machine is left as it was: clients get
    /// `STATUS` (from memory) and `store-unavailable` for everything else; workers' heartbeats keep them alive
    /// and their other messages (results, failures, `READY`) are held, up to `outageHoldBytes`, to be handled
    /// once the store is back (beyond that they are dropped, and those jobs run again when their leases end).
    /// Workers still get heartbeats, so they stay connected. The failed commit is tried again with a back-off
    /// up to 15 s; once it works, the turn's messages go out, running leases get the outage's time back, and
    /// the held messages are handled.
    private mutating func waitOutOutage(_ poller: inout ZMQPoller) throws {
        guard var state = outage else { return }
        try receive(from: &poller)
        let now = Timestamp.monotonic()
        publishMetrics(now: now)
        serveDashboard(now: now)
        if now - lastOutageHeartbeat >= configuration.heartbeatInterval {
            lastOutageHeartbeat = now
            for worker in machine.workerIds {
                if let routingId = routes.routingId(of: worker) {
                    _ = deliver(CoordinatorCommand.heartbeat.frames(), to: routingId)
                }
            }
        }
        guard now >= state.nextTry else { return }
        if try commitOrProbe() != nil {
            state.delay = min(Self.outageMaxDelay, state.delay * 2)
            state.nextTry = Timestamp.monotonic() + state.delay
            outage = state
            return
        }
        let lasted = Timestamp.monotonic() - state.since
        logger.notice(
            "store reachable again",
            metadata: [
                LogKey.store: "\(store.location)", LogKey.seconds: "\(formatSeconds(lasted))",
                LogKey.count: "\(held.count)",
            ])
        outage = nil
        storeOutages.seconds += lasted
        machine.onStoreOutageEnded(lasting: lasted)
        finishTurn()
        let dispatches = deferredDispatches
        deferredDispatches = []
        for dispatch in dispatches {
            perform(
                [.dispatch(job: dispatch.job, worker: dispatch.worker, attempt: dispatch.attempt)],
                now: Timestamp.monotonic())
        }
        let reports = held
        held = []
        heldBytes = 0
        for report in reports {
            handle(report.command, from: report.routingId, key: report.key, now: Timestamp.monotonic())
        }
    }

    /// Holds a worker's message during an outage, within `outageHoldBytes`; beyond, it is dropped (its job runs
    /// again when its lease ends).
    mutating func hold(_ command: WorkerCommand, from routingId: [UInt8], key: String?, bytes: Int) {
        guard heldBytes + bytes <= Self.outageHoldBytes else {
            storeOutages.droppedReports += 1
            return
        }
        held.append(HeldReport(command: command, routingId: routingId, key: key))
        heldBytes += bytes
    }

    /// A message received while the store is out of reach: answered from memory, held, or dropped.
    private mutating func receiveDuringOutage(_ message: ZMQMessage, since: Double) {
        guard let routingId = message.frames.first else { return }
        let body = message.frames.dropFirst()
        let now = Timestamp.monotonic()
        if message.droppedFrames > 0 {
            handle(message, now: now)  // refused without reading the store
            return
        }
        if let refusal = curve?.refusal(of: message, body: body, logger: logger, now: now) {
            _ = deliver(refusal, to: routingId)
            return
        }
        switch try? Inbound.decode(body) {
        case .client(.status(let request)):
            var cluster = clusterStatus(now: now)
            cluster.store = .init(bytes: 0, freeBytes: 0, unavailableSeconds: now - since)
            _ = deliver(ClientReply.status(StatusReply(req: request.req, status: cluster)).frames(), to: routingId)
        case .client(let request):
            storeOutages.refused += 1
            let lasted = formatSeconds(now - since)
            let message: String =
                "the coordinator's store (\(store.location)) has been unreachable for \(lasted) s; nothing new is accepted until it is back, and nothing acknowledged is lost"
            let reply = ErrorReply(req: request.req, code: .storeUnavailable, message: message)
            _ = deliver(ClientReply.error(reply).frames(), to: routingId)
        case .worker(.heartbeat(let stats)):
            if let worker = routes.worker(at: routingId) {
                _ = machine.onHeartbeat(from: worker, stats: stats, now: now)
            }
        case .worker(let command):
            let key = message.userId.flatMap(PeerIdentity.init(userId:))?.key
            hold(command, from: routingId, key: key, bytes: message.frames.reduce(0) { $0 + $1.count })
        case nil:
            handle(message, now: now)  // malformed: refused without reading the store
        }
    }

    /// Hands the HTTP endpoint a snapshot, at most every `publishInterval`.
    private mutating func publishMetrics(now: Double) {
        guard let board, now - lastPublished >= Self.publishInterval else { return }
        lastPublished = now
        var status = clusterStatus(now: now)
        var outages = storeOutages
        if let outage {
            outages.current = now - outage.since
            status.store = .init(bytes: 0, freeBytes: 0, unavailableSeconds: now - outage.since)
        }
        board.publish(
            MetricsSnapshot(
                status: status, counters: machine.counters, durations: machine.durations,
                queueWaits: machine.queueWaits, activity: activity, takenAt: now, storeOutages: outages))
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

/// A worker's message received while the store was out of reach, handled once it is back.
struct HeldReport {
    var command: WorkerCommand
    var routingId: [UInt8]
    /// The sender's CURVE key, if any.
    var key: String?
}

import Foundation
import Logging
import PressworkCompression
import PressworkLogging
import PressworkProtocol
import PressworkStore

extension CoordinatorLoop {
    /// A message from a worker; any message proves it alive. Workers are known by the id they registered
    /// with `READY`, bound to that connection and (under CURVE) to its key; a connection that has not
    /// registered may only register.
    mutating func handle(_ command: WorkerCommand, from routingId: [UInt8], key: String?, now: Double) {
        if case .ready(let ready) = command {
            register(ready, from: routingId, key: key, now: now)
            return
        }
        guard let worker = routes.worker(at: routingId) else {
            switch command {
            case .result(let result, _):
                refuse(.unregisteredWorker, job: result.job, peer: routes.label(routingId), key: key)
            case .failed(let failure):
                refuse(.unregisteredWorker, job: failure.job, peer: routes.label(routingId), key: key)
            default: break
            }
            var reason = "unknown worker: send READY to register"
            if case .disconnect = command { reason = "goodbye" }
            turn.send(CoordinatorCommand.disconnect(reason: reason).frames(), to: routingId)
            return
        }
        if routes.isTakenOver(worker, by: key) {
            // Another key took over this connection's routing id (ROUTER_HANDOVER): whoever it is knows the
            // worker's secret routing id. Drop the worker, so no job goes to that connection; the honest
            // worker's libzmq reconnects and it registers again.
            refuse(.workerIdTaken, job: nil, peer: worker, key: key)
            perform(
                machine.onExpelled(worker, reason: "its connection was taken over by another key", now: now), now: now)
            return
        }
        switch command {
        case .ready: break
        case .heartbeat(let stats):
            perform(machine.onHeartbeat(from: worker, stats: stats, now: now), now: now)
        case .result(let result, let document):
            // An outage began earlier in this batch: do not ask the store again for each result.
            if outage != nil {
                hold(command, from: routingId, key: key, bytes: document.count)
                return
            }
            let isValid: Bool
            do {
                isValid = try store.isValidDocument(document)
            } catch {
                // The store cannot check it now (an outage): the result is held, not refused for that.
                beginOutage(error)
                hold(command, from: routingId, key: key, bytes: document.count)
                return
            }
            if let failure = ReportRules.rejection(of: result, documentIsObject: isValid) {
                turn.send(
                    CoordinatorCommand.error(ErrorReply(code: .malformed, message: failure.message)).frames(),
                    to: routingId)
                malformedMessages += 1
                perform(machine.onFailure(from: worker, failure, now: now), now: now)
                return
            }
            turn.documents[result.job] = document
            turn.resultHeaders[result.job] = result
            perform(machine.onResult(from: worker, job: result.job, attempt: result.attempt, now: now), now: now)
        case .failed(let failure):
            perform(machine.onFailure(from: worker, ReportRules.accepted(failure), now: now), now: now)
        case .draining:
            logger.info("worker draining", metadata: [LogKey.worker: "\(worker)"])
            perform(machine.onDraining(from: worker, now: now), now: now)
        case .disconnect:
            // Answered (after the hand-back is committed) so the leaving worker knows it was heard.
            send(.disconnect(reason: "goodbye"), to: worker)
            perform(machine.onDisconnect(from: worker, now: now), now: now)
            routes.forget(worker)
        }
    }

    /// `READY`: binds the worker id to this connection and key. An id registered by another key is
    /// refused; the same key registering it from a new connection (a restarted worker) replaces the old one.
    private mutating func register(_ ready: Ready, from routingId: [UInt8], key: String?, now: Double) {
        let worker = ready.worker
        switch routes.register(worker, routingId: routingId, key: key) {
        case .refused:
            refuse(.workerIdTaken, job: nil, peer: worker, key: key)
            let text = "worker id \(worker) is registered by another key; choose another --id"
            turn.send(CoordinatorCommand.error(ErrorReply(code: .forbidden, message: text)).frames(), to: routingId)
            return
        case .registered(let replacedConnection, let endedId):
            if replacedConnection {
                logger.warning(
                    "worker id registered again from a new connection; the old connection is dropped",
                    metadata: [LogKey.worker: "\(worker)"])
            }
            // The same connection under a new id: the old registration ends, its jobs go back.
            if let endedId { perform(machine.onDisconnect(from: endedId, now: now), now: now) }
        }
        logger.info(
            "worker registered",
            metadata: [
                LogKey.worker: "\(worker)", LogKey.workerSlots: "\(ready.slots)",
                LogKey.workerHost: "\(ready.host)",
            ])
        perform(machine.onReady(ready, now: now), now: now)
    }

    /// Counts a refused message and logs it at warning (at most once per peer and reason every 10 s).
    mutating func refuse(_ reason: RefusalReason, job: String?, peer: String, key: String?) {
        refusals[reason, default: 0] += 1
        guard refusalLog.shouldLog("\(reason.rawValue) \(peer) \(key ?? "")", now: Timestamp.monotonic()) else {
            return
        }
        var metadata: Logger.Metadata = [
            LogKey.refusal: "\(reason.rawValue)", LogKey.worker: "\(peer)", LogKey.peerKey: "\(key ?? "-")",
        ]
        if let job { metadata[LogKey.job] = "\(job)" }
        logger.warning("message refused: \(reason.explanation)", metadata: metadata)
    }

    /// Turns the machine's actions into journal changes and messages. Actions that lead the machine to
    /// more actions (a dispatch whose article is missing) add them to the same list, worked through in
    /// order, rather than re-entering.
    mutating func perform(_ actions: [CoordinatorAction], now: Double) {
        let wall = Timestamp.now()
        var work = actions[...]
        while let action = work.popFirst() {
            switch action {
            case .dispatch(let job, let worker, let attempt):
                work.append(contentsOf: dispatch(job, to: worker, attempt: attempt, now: now))
            case .complete(let job, let worker, let attempt):
                guard let document = turn.documents[job] else { continue }
                turn.changes.append(.done(job: job, document: document))
                ledger.release(job)
                _ = payloads.take(job)
                let header = turn.resultHeaders[job]
                activity.recordResult(
                    language: header?.language, stagesMs: header?.stagesMs, pageType: header?.pageType)
                logger.debug(
                    "job done",
                    metadata: [LogKey.job: "\(job)", LogKey.worker: "\(worker ?? "-")", LogKey.attempt: "\(attempt)"])
            case .requeue(let job, let attempts, let error, let delay):
                turn.changes.append(
                    .requeued(
                        job: job, attempts: attempts, error: error.map { stamp($0, wall) },
                        notBefore: delay > 0 ? wall + delay : nil))
                if let error {
                    activity.recordFailure(job: job, error, final: false, at: wall)
                    logger.info(
                        "attempt failed; job requeued",
                        metadata: [
                            LogKey.job: "\(job)", LogKey.attempt: "\(error.attempt)", LogKey.error: "\(error.code)",
                        ])
                }
            case .bury(let job, let error):
                turn.changes.append(.dead(job: job, error: error.map { stamp($0, wall) }))
                ledger.release(job)
                _ = payloads.take(job)
                if let error { activity.recordFailure(job: job, error, final: true, at: wall) }
                logger.warning("job dead", metadata: [LogKey.job: "\(job)", LogKey.error: "\(error?.code ?? "-")"])
            case .cancel(let job, let running):
                turn.changes.append(.cancelled(job: job))
                ledger.release(job)
                _ = payloads.take(job)
                logger.debug(
                    running ? "running job cancelled; its report will be discarded" : "job cancelled",
                    metadata: [LogKey.job: "\(job)"])
            case .heartbeat(let worker):
                send(.heartbeat, to: worker)
            case .disconnect(let worker, let reason):
                send(.disconnect(reason: reason), to: worker)
                // An unregistered peer keeps no routing entry: it comes back with READY or not at all.
                if !machine.isRegistered(worker) { routes.forget(worker) }
            case .workerLost(let worker, let reason):
                routes.forget(worker)
                switch reason {
                case CoordinatorMachine.drained:
                    logger.info("worker drained and left", metadata: [LogKey.worker: "\(worker)"])
                case "disconnected":
                    logger.info("worker disconnected", metadata: [LogKey.worker: "\(worker)"])
                default:
                    logger.warning("worker lost", metadata: [LogKey.worker: "\(worker)", LogKey.error: "\(reason)"])
                }
            case .refused(let job, let worker, let reason):
                refuse(reason, job: job, peer: worker, key: routes.key(of: worker))
            case .ignored(let job, let worker, let reason):
                logger.debug(
                    "report ignored",
                    metadata: [LogKey.job: "\(job)", LogKey.worker: "\(worker ?? "-")", LogKey.error: "\(reason)"])
            }
        }
    }

    private func stamp(_ failure: FailedAttempt, _ wall: Double) -> AttemptError {
        AttemptError(
            attempt: failure.attempt, worker: failure.worker, code: failure.code, message: failure.message,
            at: Timestamp.iso8601(wall))
    }

    /// Journals the lease and queues the `JOB` with the body read back from the store; returns the
    /// machine's actions when the article is missing.
    private mutating func dispatch(_ job: String, to worker: String, attempt: Int, now: Double) -> [CoordinatorAction] {
        let payload: StoredArticle?
        do {
            if outage != nil, !payloads.contains(job) {
                // The store is out of reach already: do not try it for every job of this turn.
                deferredDispatches.append((job, worker, attempt))
                return []
            }
            payload = try payloads.take(job) ?? store.payload(of: job)
        } catch {
            if let error = error as? StoreError, store.isOutage(error) {
                // The machine keeps the lease; it is journaled and the JOB sent once the store is back.
                beginOutage(error)
                deferredDispatches.append((job, worker, attempt))
                return []
            }
            fatalError = error
            logger.critical("cannot read the journal", metadata: [LogKey.job: "\(job)", LogKey.error: "\(error)"])
            return []
        }
        guard let payload else {
            logger.error("leased job missing from journal", metadata: [LogKey.job: "\(job)"])
            return machine.onMissingPayload(job, worker: worker, now: now)
        }
        var assignment = JobAssignment(
            job: job, attempt: attempt, timeoutSeconds: machine.timeout(of: job), article: payload.article)
        assignment.maxResultBytes = ProtocolLimits.maxResultBytes(maxArticleBytes: configuration.maxArticleBytes)
        var body = payload.body
        if let encoding = payload.encoding {
            if machine.reads(encoding, worker: worker) {
                assignment.bodyEncoding = encoding
                assignment.bodyBytes = payload.bodyBytes
            } else {
                // A worker that reads only plain bytes (an older one, or one in another language).
                do {
                    body = try Zstd.decompress(payload.body, maxBytes: payload.bodyBytes)
                } catch {
                    logger.error(
                        "stored article body cannot be decompressed",
                        metadata: [LogKey.job: "\(job)", LogKey.error: "\(error)"])
                    return machine.onMissingPayload(job, worker: worker, now: now)
                }
            }
        }
        turn.changes.append(.leased(job: job, attempt: attempt, worker: worker))
        send(.job(assignment, body: body), to: worker)
        return []
    }
}

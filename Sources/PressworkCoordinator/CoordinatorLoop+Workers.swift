import Foundation
import Logging
import PressworkLogging
import PressworkProtocol
import PressworkStore

extension CoordinatorLoop {
    /// A message from a worker; any message proves it alive.
    mutating func handle(_ command: WorkerCommand, from routingId: [UInt8], now: Double) {
        let worker = PeerKey.key(for: routingId)
        routingIds[worker] = routingId
        switch command {
        case .ready(var ready):
            ready.worker = worker
            logger.info(
                "worker registered",
                metadata: [
                    LogKey.worker: "\(worker)", "presswork.worker.slots": "\(ready.slots)",
                    "presswork.worker.host": "\(ready.host)",
                ])
            perform(machine.onReady(ready, now: now), now: now)
        case .heartbeat(let stats):
            perform(machine.onHeartbeat(from: worker, stats: stats, now: now), now: now)
        case .result(let result, let document):
            guard store.isValidDocument(document) else {
                let failure = JobFailure(
                    job: result.job, attempt: result.attempt, retryable: true, code: "bad-result",
                    message: "worker sent a result that is not a valid JSON object")
                outbox.append(
                    (
                        routingId,
                        CoordinatorCommand.error(ErrorReply(code: "malformed", message: failure.message)).frames()
                    ))
                malformedMessages += 1
                perform(machine.onFailure(from: worker, failure, now: now), now: now)
                return
            }
            documents[result.job] = document
            resultHeaders[result.job] = result
            perform(machine.onResult(from: worker, job: result.job, attempt: result.attempt, now: now), now: now)
        case .failed(let failure):
            perform(machine.onFailure(from: worker, failure, now: now), now: now)
        case .draining:
            logger.info("worker draining", metadata: [LogKey.worker: "\(worker)"])
            perform(machine.onDraining(from: worker, now: now), now: now)
        case .disconnect:
            // Answered (after the hand-back is committed) so the leaving worker knows it was heard.
            send(.disconnect(reason: "goodbye"), to: worker)
            perform(machine.onDisconnect(from: worker, now: now), now: now)
            routingIds[worker] = nil
        }
    }

    /// Turns the machine's actions into journal changes and messages.
    mutating func perform(_ actions: [CoordinatorAction], now: Double) {
        let wall = Timestamp.now()
        for action in actions {
            switch action {
            case .dispatch(let job, let worker, let attempt):
                dispatch(job, to: worker, attempt: attempt, now: now)
            case .complete(let job, let worker, let attempt):
                guard let document = documents[job] else { continue }
                changes.append(.done(job: job, document: document))
                releasePending(job)
                _ = payloads.take(job)
                activity.recordResult(
                    language: resultHeaders[job]?.language, stagesMs: resultHeaders[job]?.stagesMs)
                logger.debug(
                    "job done",
                    metadata: [LogKey.job: "\(job)", LogKey.worker: "\(worker ?? "-")", LogKey.attempt: "\(attempt)"])
            case .requeue(let job, let attempts, let error, let delay):
                changes.append(
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
                changes.append(.dead(job: job, error: error.map { stamp($0, wall) }))
                releasePending(job)
                _ = payloads.take(job)
                if let error { activity.recordFailure(job: job, error, final: true, at: wall) }
                logger.warning("job dead", metadata: [LogKey.job: "\(job)", LogKey.error: "\(error?.code ?? "-")"])
            case .heartbeat(let worker):
                send(.heartbeat, to: worker)
            case .disconnect(let worker, let reason):
                send(.disconnect(reason: reason), to: worker)
                // An unregistered peer keeps no routing entry: it comes back with READY or not at all.
                if !machine.isRegistered(worker) { routingIds[worker] = nil }
            case .workerLost(let worker, let reason):
                routingIds[worker] = nil
                logger.warning("worker lost", metadata: [LogKey.worker: "\(worker)", LogKey.error: "\(reason)"])
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

    /// Journals the lease and queues the `JOB` with the body read back from the store.
    private mutating func dispatch(_ job: String, to worker: String, attempt: Int, now: Double) {
        let payload: (article: ArticleMeta, body: [UInt8])?
        do {
            payload = try payloads.take(job) ?? store.payload(of: job)
        } catch {
            fatalError = error
            logger.critical("cannot read the journal", metadata: [LogKey.job: "\(job)", LogKey.error: "\(error)"])
            return
        }
        guard let payload else {
            logger.error("leased job missing from journal", metadata: [LogKey.job: "\(job)"])
            perform(machine.onMissingPayload(job, worker: worker, now: now), now: now)
            return
        }
        changes.append(.leased(job: job, attempt: attempt, worker: worker))
        let assignment = JobAssignment(
            job: job, attempt: attempt, timeoutSeconds: configuration.jobTimeout, article: payload.article)
        send(.job(assignment, body: payload.body), to: worker)
    }
}

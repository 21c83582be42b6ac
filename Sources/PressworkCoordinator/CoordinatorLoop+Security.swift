import Foundation
import Logging
import PressworkLogging
import PressworkProtocol
import ZeroMQ

extension CoordinatorLoop {
    /// Answers libzmq's pending ZAP requests: admitted keys get a user id naming their roles.
    mutating func answerAuthenticationRequests() throws {
        guard let zap else { return }
        while let request = try zap.receive(maxFrames: 16) {
            guard let parsed = ZAP.Request(frames: request.frames) else {
                // A REP socket must answer before it can read again; libzmq treats 500 as "refused".
                try zap.send(
                    ZAP.reply(to: request.frames.count > 1 ? request.frames[1] : [], status: 500, text: "bad request"))
                continue
            }
            let decision = admitted.decide(parsed)
            try zap.send(
                ZAP.reply(
                    to: parsed.requestId, status: decision.status, text: decision.text,
                    userId: decision.identity?.userId ?? ""))
            if decision.identity == nil {
                refusedHandshakes += 1
                let key = parsed.curvePublicKey ?? "-"
                if shouldLogRefusal(of: key + parsed.address) {
                    logger.warning(
                        "connection refused: \(decision.text)",
                        metadata: [
                            LogKey.peerAddress: "\(parsed.address)", LogKey.peerKey: "\(key)",
                            LogKey.curveMechanism: "\(parsed.mechanism)",
                        ])
                }
            }
        }
    }

    /// Counts and logs handshakes that failed before ZAP was asked, such as a peer without CURVE.
    mutating func countHandshakeFailures() throws {
        guard let monitor else { return }
        while let message = try monitor.receive(maxFrames: 4) {
            guard let event = ZMQMonitorEvent(frames: message.frames) else { continue }
            refusedHandshakes += 1
            // Which side notices a mechanism mismatch first is a race: the peer may hang up before
            // the coordinator reads its greeting, which libzmq reports without detail.
            let reason =
                event.event == ZMQMonitorEvent.handshakeFailedNoDetail
                ? "handshake failed (peer without CURVE, or it left)"
                : event.value == ZMQMonitorEvent.mechanismMismatch
                    ? "peer does not use CURVE" : "protocol error 0x\(String(event.value, radix: 16))"
            // libzmq names no peer address or key here: the peer never got as far as presenting a key.
            if shouldLogRefusal(of: "handshake " + reason) {
                logger.warning(
                    "connection refused: \(reason)",
                    metadata: [
                        LogKey.endpoint: "\(event.endpoint)", LogKey.peerAddress: "unknown", LogKey.peerKey: "-",
                    ])
            }
        }
    }

    /// Whether the message's sender is admitted, now, for the role its first frame speaks; answers
    /// `ERROR` (code `forbidden`) and counts the refusal otherwise. The key the handshake presented is
    /// checked against the current key directories on every message, so a revoked key stops at its next
    /// message even on a connection opened before the revocation.
    mutating func admitsRole(of message: ZMQMessage, body: ArraySlice<[UInt8]>) -> Bool {
        guard let first = body.first else { return true }
        let speaksWorker = first.starts(with: Array("PWW".utf8))
        let speaksClient = first.starts(with: Array("PWC".utf8))
        guard speaksWorker || speaksClient else { return true }  // Not Presswork at all: the decoder answers.
        let identity = message.userId.flatMap(PeerIdentity.init(userId:))
        let key = identity?.key ?? "-"
        if speaksWorker && admitted.workers.contains(key) { return true }
        if speaksClient && admitted.clients.contains(key) { return true }
        let role = speaksWorker ? "worker" : "client"
        let revoked = identity.map { (speaksWorker && $0.worker) || (speaksClient && $0.client) } ?? false
        let text: String
        if revoked {
            refusals[.revokedKey, default: 0] += 1
            text = "this key is no longer admitted as a \(role): its .pub file was removed from --\(role)-keys"
        } else {
            refusedRoles += 1
            text = "this key is not admitted as a \(role); ask the operator to add its .pub file to --\(role)-keys"
        }
        if shouldLogRefusal(of: key + role) {
            logger.warning(
                revoked ? "message refused: key revoked" : "message refused: key not admitted for its role",
                metadata: [
                    LogKey.peerAddress: "\(message.peerAddress ?? "-")", LogKey.peerKey: "\(key)",
                    LogKey.role: "\(role)",
                ])
        }
        guard let routingId = message.frames.first else { return false }
        let frames =
            speaksWorker
            ? CoordinatorCommand.error(ErrorReply(code: .forbidden, message: text)).frames()
            : ClientReply.error(
                ErrorReply(req: ClientRequest.requestNumber(in: body), code: .forbidden, message: text)
            ).frames()
        turn.send(frames, to: routingId)
        return false
    }

    /// Reads the key directories again when SIGHUP arrived or, every few seconds, when they changed.
    /// A directory that cannot be read admits nothing until it can (fail closed), and registered workers
    /// whose key is gone are declared lost at once, so no more jobs go to them.
    mutating func reloadKeysIfChanged(now: Double) {
        guard let curve = configuration.curve else { return }
        let signalled = ReloadSignal.take()
        guard signalled || now - lastKeyCheck >= curve.reloadInterval else { return }
        lastKeyCheck = now
        let directories = [curve.workerKeysDirectory, curve.clientKeysDirectory]
        let fingerprint = AdmittedKeys.fingerprint(directories)
        guard signalled || fingerprint != keysFingerprint else { return }
        keysFingerprint = fingerprint
        do {
            let loaded = try AdmittedKeys.load(workers: curve.workerKeysDirectory, clients: curve.clientKeysDirectory)
            for problem in loaded.problems {
                logger.error("key file skipped", metadata: [LogKey.error: "\(problem)"])
            }
            admitted = loaded.keys
            logger.info(
                "admitted keys reloaded",
                metadata: [
                    LogKey.curveWorkerKeys: "\(admitted.workers.count)",
                    LogKey.curveClientKeys: "\(admitted.clients.count)",
                    LogKey.curveTrigger: "\(signalled ? "SIGHUP" : "change")",
                ])
        } catch {
            admitted = AdmittedKeys()
            logger.error(
                "cannot read the key directories; admitting no key until they can be read",
                metadata: [LogKey.error: "\(error)"])
        }
        for (worker, key) in keyOfWorker.sorted(by: { $0.key < $1.key }) where !admitted.workers.contains(key) {
            refusals[.revokedKey, default: 0] += 1
            logger.warning(
                "worker key revoked; worker dropped", metadata: [LogKey.worker: "\(worker)", LogKey.peerKey: "\(key)"])
            perform(machine.onExpelled(worker, reason: "its key was revoked", now: now), now: now)
        }
    }

    /// At most one log line per refused peer every ten seconds; every refusal is still counted.
    mutating func shouldLogRefusal(of peer: String) -> Bool {
        let now = Timestamp.monotonic()
        if let last = refusalLogged[peer], now - last < 10 { return false }
        if refusalLogged.count > 10_000 { refusalLogged.removeAll() }
        refusalLogged[peer] = now
        return true
    }

    var securityStatus: ClusterStatus.Security {
        ClusterStatus.Security(
            curve: configuration.curve != nil, insecure: configuration.isInsecure, workerKeys: admitted.workers.count,
            clientKeys: admitted.clients.count, refusedHandshakes: refusedHandshakes, refusedRoles: refusedRoles,
            refusedSubmissions: refusedSubmissions,
            refused: Dictionary(uniqueKeysWithValues: refusals.map { ($0.key.rawValue, $0.value) }))
    }
}

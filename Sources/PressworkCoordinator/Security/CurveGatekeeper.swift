import Foundation
import Logging
import PressworkLogging
import PressworkProtocol
import ZeroMQ

/// CURVE admission on the coordinator's thread: the ZAP handler that admits keys at the handshake, the
/// monitor that sees handshakes failing before ZAP is asked, the admitted keys and their reloading, and
/// the role check on every message. The loop polls its two sockets beside the ROUTER.
struct CurveGatekeeper {
    let settings: CurveServerSettings
    /// libzmq asks this REP socket about every handshake.
    let zap: ZMQSocket
    /// Handshake failures the ZAP handler never sees (a peer without CURVE).
    private(set) var monitor: ZMQSocket?
    private(set) var admitted: AdmittedKeys
    private var fingerprint: [String]
    private var lastCheck = 0.0
    private(set) var refusedHandshakes = 0
    private(set) var refusedRoles = 0
    /// Messages refused because their key was revoked since the connection was made.
    private(set) var refusedRevoked = 0
    private var refusalLog = RefusalLog()

    /// Binds the ZAP handler and loads the admitted keys; must run before the ROUTER binds.
    init(settings: CurveServerSettings, context: ZMQContext, logger: Logger) throws {
        self.settings = settings
        zap = try ZMQSocket(context: context, type: .rep)
        try zap.bind(ZAP.endpoint)
        let loaded = try AdmittedKeys.load(workers: settings.workerKeysDirectory, clients: settings.clientKeysDirectory)
        admitted = loaded.keys
        fingerprint = AdmittedKeys.fingerprint([settings.workerKeysDirectory, settings.clientKeysDirectory])
        for problem in loaded.problems {
            logger.error("key file skipped", metadata: [LogKey.error: "\(problem)"])
        }
    }

    private var directories: [String?] { [settings.workerKeysDirectory, settings.clientKeysDirectory] }

    /// Makes `socket` a CURVE server under this gatekeeper and watches its failed handshakes.
    mutating func guardSocket(_ socket: ZMQSocket, context: ZMQContext) throws {
        try socket.setCurveServer(secretKey: settings.keyPair.secretKey)
        try socket.setZAPDomain("presswork")
        let endpoint = "inproc://presswork-coordinator-monitor"
        try socket.monitor(
            endpoint, events: ZMQMonitorEvent.handshakeFailedProtocol | ZMQMonitorEvent.handshakeFailedNoDetail)
        let monitor = try ZMQSocket(context: context, type: .pair)
        try monitor.connect(endpoint)
        self.monitor = monitor
    }

    func close() {
        zap.close()
        monitor?.close()
    }

    /// Answers libzmq's pending ZAP requests: admitted keys get a user id naming their roles.
    mutating func answerAuthenticationRequests(logger: Logger, now: Double) throws {
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
                if refusalLog.shouldLog(key + parsed.address, now: now) {
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
    mutating func countHandshakeFailures(logger: Logger, now: Double) throws {
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
            if refusalLog.shouldLog("handshake " + reason, now: now) {
                logger.warning(
                    "connection refused: \(reason)",
                    metadata: [
                        LogKey.endpoint: "\(event.endpoint)", LogKey.peerAddress: "unknown", LogKey.peerKey: "-",
                    ])
            }
        }
    }

    /// Whether the message's sender is admitted, now, for the role its first frame speaks; if not, the
    /// `ERROR` (code `forbidden`) to answer, with the refusal counted. The key the handshake presented is
    /// checked against the current key directories on every message, so a revoked key stops at its next
    /// message even on a connection opened before the revocation.
    mutating func refusal(of message: ZMQMessage, body: ArraySlice<[UInt8]>, logger: Logger, now: Double)
        -> [[UInt8]]?
    {
        guard let first = body.first else { return nil }
        let speaksWorker = first.starts(with: Array("PWW".utf8))
        let speaksClient = first.starts(with: Array("PWC".utf8))
        guard speaksWorker || speaksClient else { return nil }  // Not Presswork at all: the decoder answers.
        let identity = message.userId.flatMap(PeerIdentity.init(userId:))
        let key = identity?.key ?? "-"
        if speaksWorker && admitted.workers.contains(key) { return nil }
        if speaksClient && admitted.clients.contains(key) { return nil }
        let role = speaksWorker ? "worker" : "client"
        let revoked = identity.map { (speaksWorker && $0.worker) || (speaksClient && $0.client) } ?? false
        let text: String
        if revoked {
            refusedRevoked += 1
            text = "this key is no longer admitted as a \(role): its .pub file was removed from --\(role)-keys"
        } else {
            refusedRoles += 1
            text = "this key is not admitted as a \(role); ask the operator to add its .pub file to --\(role)-keys"
        }
        if refusalLog.shouldLog(key + role, now: now) {
            logger.warning(
                revoked ? "message refused: key revoked" : "message refused: key not admitted for its role",
                metadata: [
                    LogKey.peerAddress: "\(message.peerAddress ?? "-")", LogKey.peerKey: "\(key)",
                    LogKey.role: "\(role)",
                ])
        }
        return speaksWorker
            ? CoordinatorCommand.error(ErrorReply(code: .forbidden, message: text)).frames()
            : ClientReply.error(ErrorReply(req: ClientRequest.requestNumber(in: body), code: .forbidden, message: text))
                .frames()
    }

    /// Reads the key directories again when SIGHUP arrived or, every few seconds, when they changed.
    /// A directory that cannot be read admits nothing until it can (fail closed). Returns whether the
    /// admitted keys were read again (the loop then drops registered workers whose key is gone).
    mutating func reloadIfChanged(logger: Logger, now: Double) -> Bool {
        let signalled = ReloadSignal.take()
        guard signalled || now - lastCheck >= settings.reloadInterval else { return false }
        lastCheck = now
        let current = AdmittedKeys.fingerprint(directories)
        guard signalled || current != fingerprint else { return false }
        fingerprint = current
        do {
            let loaded = try AdmittedKeys.load(
                workers: settings.workerKeysDirectory, clients: settings.clientKeysDirectory)
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
        return true
    }
}

/// At most one log line per refused peer and reason every ten seconds; every refusal is still counted.
struct RefusalLog {
    private var lastLogged: [String: Double] = [:]

    mutating func shouldLog(_ peer: String, now: Double) -> Bool {
        if let last = lastLogged[peer], now - last < 10 { return false }
        if lastLogged.count > 10_000 { lastLogged.removeAll() }
        lastLogged[peer] = now
        return true
    }
}

extension CoordinatorLoop {
    var securityStatus: ClusterStatus.Security {
        var refused = refusals
        if let curve, curve.refusedRevoked > 0 { refused[.revokedKey, default: 0] += curve.refusedRevoked }
        return ClusterStatus.Security(
            curve: curve != nil, insecure: configuration.isInsecure, workerKeys: curve?.admitted.workers.count ?? 0,
            clientKeys: curve?.admitted.clients.count ?? 0, refusedHandshakes: curve?.refusedHandshakes ?? 0,
            refusedRoles: curve?.refusedRoles ?? 0, refusedSubmissions: refusedSubmissions,
            refused: Dictionary(uniqueKeysWithValues: refused.map { ($0.key.rawValue, $0.value) }))
    }

    /// Drops registered workers whose key is no longer admitted, so no more jobs go to them.
    mutating func expelRevokedWorkers(now: Double) {
        guard let admitted = curve?.admitted else { return }
        for (worker, key) in routes.keys where !admitted.workers.contains(key) {
            refusals[.revokedKey, default: 0] += 1
            logger.warning(
                "worker key revoked; worker dropped", metadata: [LogKey.worker: "\(worker)", LogKey.peerKey: "\(key)"])
            perform(machine.onExpelled(worker, reason: "its key was revoked", now: now), now: now)
        }
    }
}

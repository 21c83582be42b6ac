/// Messages a worker sends to the coordinator (role frame `PWW1`).
public enum WorkerCommand: Sendable, Hashable {
    /// Register (or register again) with this many slots.
    case ready(Ready)
    /// I am alive, with the worker's vital signs when it has them. Any message counts as a sign of
    /// life; this one is sent when there is nothing else to say, and every few seconds for the stats.
    case heartbeat(WorkerStats? = nil)
    /// A job is done; `document` is its JSON result document.
    case result(JobResult, document: [UInt8])
    /// A job failed.
    case failed(JobFailure)
    /// Stop sending me jobs; I am finishing the ones I have.
    case draining
    /// I am leaving; requeue whatever I still hold, without counting it as a failed attempt.
    case disconnect

    /// The command frame's text.
    public var name: String {
        switch self {
        case .ready: "READY"
        case .heartbeat: "HEARTBEAT"
        case .result: "RESULT"
        case .failed: "FAILED"
        case .draining: "DRAINING"
        case .disconnect: "DISCONNECT"
        }
    }

    /// The message's frames, role frame first.
    public func frames() -> [[UInt8]] {
        let head = [Role.worker.frame, Array(name.utf8)]
        switch self {
        case .ready(let ready): return head + [JSONFrame.encode(ready)]
        case .heartbeat(let stats): return head + (stats.map { [JSONFrame.encode($0)] } ?? [])
        case .draining, .disconnect: return head
        case .result(let result, let document): return head + [JSONFrame.encode(result), document]
        case .failed(let failure): return head + [JSONFrame.encode(failure)]
        }
    }

    /// Decodes the frames after the role frame.
    public static func decode(_ frames: ArraySlice<[UInt8]>) throws(ProtocolError) -> WorkerCommand {
        let (name, rest) = try Wire.command(frames)
        switch name {
        case "READY":
            try Wire.expect(rest, count: 1, command: name)
            let ready = try JSONFrame.decode(Ready.self, rest[rest.startIndex], command: name)
            guard (1...4096).contains(ready.slots) else {
                throw ProtocolError(.malformed, "READY slots must be 1...4096, got \(ready.slots)")
            }
            guard Ready.isValidWorkerId(ready.worker) else {
                throw ProtocolError(
                    .malformed, "READY worker id must be 1...128 ASCII letters, digits and . _ - : @")
            }
            guard PeerText.isPlain(ready.host, maxBytes: Ready.maxHostBytes),
                PeerText.isPlain(ready.version, maxBytes: Ready.maxVersionBytes)
            else {
                throw ProtocolError(
                    .malformed,
                    "READY host must be at most \(Ready.maxHostBytes) bytes and version at most \(Ready.maxVersionBytes), without control characters"
                )
            }
            if let fetching = ready.fetching,
                !PeerText.isPlain(fetching.userAgent, maxBytes: Ready.Fetching.maxUserAgentBytes)
            {
                throw ProtocolError(
                    .malformed,
                    "READY fetching.userAgent must be at most \(Ready.Fetching.maxUserAgentBytes) bytes, without control characters"
                )
            }
            return .ready(ready)
        case "HEARTBEAT":
            // The stats frame is optional: a bare heartbeat is still a sign of life.
            guard let frame = rest.first else { return .heartbeat() }
            try Wire.expect(rest, count: 1, command: name)
            return .heartbeat(try JSONFrame.decode(WorkerStats.self, frame, command: name))
        case "RESULT":
            try Wire.expect(rest, count: 2, command: name)
            let result = try JSONFrame.decode(JobResult.self, rest[rest.startIndex], command: name)
            return .result(result, document: rest[rest.startIndex + 1])
        case "FAILED":
            try Wire.expect(rest, count: 1, command: name)
            return .failed(try JSONFrame.decode(JobFailure.self, rest[rest.startIndex], command: name))
        case "DRAINING":
            try Wire.expect(rest, count: 0, command: name)
            return .draining
        case "DISCONNECT":
            try Wire.expect(rest, count: 0, command: name)
            return .disconnect
        default:
            throw ProtocolError(.unknownCommand, "'\(name)' is not a worker command")
        }
    }
}

/// Messages the coordinator sends to a worker (role frame `PWW1`).
public enum CoordinatorCommand: Sendable, Hashable {
    /// Run this job; `body` is the raw article.
    case job(JobAssignment, body: [UInt8])
    /// I am alive.
    case heartbeat
    /// I do not know you (or I am stopping): register again with `READY`.
    case disconnect(reason: String)
    /// Your last message was refused.
    case error(ErrorReply)

    public var name: String {
        switch self {
        case .job: "JOB"
        case .heartbeat: "HEARTBEAT"
        case .disconnect: "DISCONNECT"
        case .error: "ERROR"
        }
    }

    public func frames() -> [[UInt8]] {
        let head = [Role.worker.frame, Array(name.utf8)]
        switch self {
        case .job(let job, let body): return head + [JSONFrame.encode(job), body]
        case .heartbeat: return head
        case .disconnect(let reason): return head + [JSONFrame.encode(DisconnectHeader(reason: reason))]
        case .error(let error): return head + [JSONFrame.encode(error)]
        }
    }

    /// Decodes a whole message, role frame included.
    public static func decode(_ frames: [[UInt8]]) throws(ProtocolError) -> CoordinatorCommand {
        guard let first = frames.first else { throw ProtocolError(.malformed, "empty message") }
        guard try Role.decode(first) == .worker else {
            throw ProtocolError(.unsupportedVersion, "expected a PWW1 message")
        }
        let (name, rest) = try Wire.command(frames.dropFirst())
        switch name {
        case "JOB":
            try Wire.expect(rest, count: 2, command: name)
            let job = try JSONFrame.decode(JobAssignment.self, rest[rest.startIndex], command: name)
            return .job(job, body: rest[rest.startIndex + 1])
        case "HEARTBEAT":
            try Wire.expect(rest, count: 0, command: name)
            return .heartbeat
        case "DISCONNECT":
            try Wire.expect(rest, count: 1, command: name)
            let header = try JSONFrame.decode(DisconnectHeader.self, rest[rest.startIndex], command: name)
            return .disconnect(reason: header.reason ?? "")
        case "ERROR":
            try Wire.expect(rest, count: 1, command: name)
            return .error(try JSONFrame.decode(ErrorReply.self, rest[rest.startIndex], command: name))
        default:
            throw ProtocolError(.unknownCommand, "'\(name)' is not a coordinator-to-worker command")
        }
    }
}

/// The header of the coordinator's `DISCONNECT`; unknown fields are ignored so it can grow.
struct DisconnectHeader: Codable, Hashable {
    var reason: String?
}

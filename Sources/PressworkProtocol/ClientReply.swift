/// Replies the coordinator sends to a client (role frame `PWC1`).
public enum ClientReply: Sendable, Hashable {
    case accepted(Accepted)
    case status(StatusReply)
    case show(ShowReply, document: [UInt8]?, previous: [[UInt8]] = [])
    case export(ExportPage, documents: [[UInt8]])
    case dead(DeadReply)
    case retried(RetryReply)
    case jobs(JobsReply)
    case purged(PurgeReply)
    case cancelled(CancelReply)
    case reprocessed(ReprocessReply)
    case error(ErrorReply)

    public var name: String {
        switch self {
        case .accepted: "ACCEPTED"
        case .status: "STATUS"
        case .show: "SHOW"
        case .export: "EXPORT"
        case .dead: "DEAD"
        case .retried: "RETRY"
        case .jobs: "JOBS"
        case .purged: "PURGED"
        case .cancelled: "CANCELLED"
        case .reprocessed: "REPROCESSED"
        case .error: "ERROR"
        }
    }

    /// The request number this reply answers (nil for an `ERROR` to an unreadable request).
    public var req: UInt64? {
        switch self {
        case .accepted(let reply): reply.req
        case .status(let reply): reply.req
        case .show(let reply, _, _): reply.req
        case .export(let reply, _): reply.req
        case .dead(let reply): reply.req
        case .retried(let reply): reply.req
        case .jobs(let reply): reply.req
        case .purged(let reply): reply.req
        case .cancelled(let reply): reply.req
        case .reprocessed(let reply): reply.req
        case .error(let reply): reply.req
        }
    }

    public func frames() -> [[UInt8]] {
        let head = [Role.client.frame, Array(name.utf8)]
        switch self {
        case .accepted(let reply): return head + [JSONFrame.encode(reply)]
        case .status(let reply): return head + [JSONFrame.encode(reply)]
        case .show(let reply, let document, let previous):
            return head + [JSONFrame.encode(reply)] + (document.map { [$0] } ?? []) + previous
        case .export(let page, let documents): return head + [JSONFrame.encode(page)] + documents
        case .dead(let reply): return head + [JSONFrame.encode(reply)]
        case .retried(let reply): return head + [JSONFrame.encode(reply)]
        case .jobs(let reply): return head + [JSONFrame.encode(reply)]
        case .purged(let reply): return head + [JSONFrame.encode(reply)]
        case .cancelled(let reply): return head + [JSONFrame.encode(reply)]
        case .reprocessed(let reply): return head + [JSONFrame.encode(reply)]
        case .error(let reply): return head + [JSONFrame.encode(reply)]
        }
    }

    /// Decodes a whole message, role frame included.
    public static func decode(_ frames: [[UInt8]]) throws(ProtocolError) -> ClientReply {
        guard let first = frames.first else { throw ProtocolError(.malformed, "empty message") }
        guard try Role.decode(first) == .client else {
            throw ProtocolError(.unsupportedVersion, "expected a PWC1 reply")
        }
        let (name, rest) = try Wire.command(frames.dropFirst())
        guard let header = rest.first else { throw ProtocolError(.malformed, "\(name) has no header frame") }
        let extra = rest.dropFirst()
        switch name {
        case "ACCEPTED": return .accepted(try JSONFrame.decode(Accepted.self, header, command: name))
        case "STATUS": return .status(try JSONFrame.decode(StatusReply.self, header, command: name))
        case "SHOW":
            let reply = try JSONFrame.decode(ShowReply.self, header, command: name)
            let previous = reply.previous?.count ?? 0
            try Wire.expect(extra, count: (reply.hasDocument ? 1 : 0) + previous, command: name)
            return .show(
                reply, document: reply.hasDocument ? extra.first : nil, previous: Array(extra.suffix(previous)))
        case "EXPORT":
            let page = try JSONFrame.decode(ExportPage.self, header, command: name)
            try Wire.expect(extra, count: page.count, command: name)
            return .export(page, documents: Array(extra))
        case "DEAD": return .dead(try JSONFrame.decode(DeadReply.self, header, command: name))
        case "RETRY": return .retried(try JSONFrame.decode(RetryReply.self, header, command: name))
        case "JOBS": return .jobs(try JSONFrame.decode(JobsReply.self, header, command: name))
        case "PURGED": return .purged(try JSONFrame.decode(PurgeReply.self, header, command: name))
        case "CANCELLED": return .cancelled(try JSONFrame.decode(CancelReply.self, header, command: name))
        case "REPROCESSED": return .reprocessed(try JSONFrame.decode(ReprocessReply.self, header, command: name))
        case "ERROR": return .error(try JSONFrame.decode(ErrorReply.self, header, command: name))
        default: throw ProtocolError(.unknownCommand, "'\(name)' is not a coordinator-to-client reply")
        }
    }
}

/// Requests a client sends to the coordinator (role frame `PWC1`). Each is answered by one reply
/// carrying the same `req`, or by `ERROR`.
public enum ClientRequest: Sendable, Hashable {
    case submit(Submit, bodies: [[UInt8]])
    case status(PlainRequest)
    case show(ShowRequest)
    case export(ExportRequest)
    case dead(DeadRequest)
    case retry(RetryRequest)
    case jobs(JobsRequest)
    case purge(PurgeRequest)
    case cancel(CancelRequest)
    case reprocess(ReprocessRequest)

    public var name: String {
        switch self {
        case .submit: "SUBMIT"
        case .status: "STATUS"
        case .show: "SHOW"
        case .export: "EXPORT"
        case .dead: "DEAD"
        case .retry: "RETRY"
        case .jobs: "JOBS"
        case .purge: "PURGE"
        case .cancel: "CANCEL"
        case .reprocess: "REPROCESS"
        }
    }

    public var req: UInt64 {
        switch self {
        case .submit(let request, _): request.req
        case .status(let request): request.req
        case .show(let request): request.req
        case .export(let request): request.req
        case .dead(let request): request.req
        case .retry(let request): request.req
        case .jobs(let request): request.req
        case .purge(let request): request.req
        case .cancel(let request): request.req
        case .reprocess(let request): request.req
        }
    }

    public func frames() -> [[UInt8]] {
        let head = [Role.client.frame, Array(name.utf8)]
        switch self {
        case .submit(let submit, let bodies): return head + [JSONFrame.encode(submit)] + bodies
        case .status(let request): return head + [JSONFrame.encode(request)]
        case .show(let request): return head + [JSONFrame.encode(request)]
        case .export(let request): return head + [JSONFrame.encode(request)]
        case .dead(let request): return head + [JSONFrame.encode(request)]
        case .retry(let request): return head + [JSONFrame.encode(request)]
        case .jobs(let request): return head + [JSONFrame.encode(request)]
        case .purge(let request): return head + [JSONFrame.encode(request)]
        case .cancel(let request): return head + [JSONFrame.encode(request)]
        case .reprocess(let request): return head + [JSONFrame.encode(request)]
        }
    }

    /// Decodes the frames after the role frame.
    public static func decode(_ frames: ArraySlice<[UInt8]>) throws(ProtocolError) -> ClientRequest {
        let (name, rest) = try Wire.command(frames)
        guard let header = rest.first else { throw ProtocolError(.malformed, "\(name) has no header frame") }
        let bodies = rest.dropFirst()
        if name != "SUBMIT" { try Wire.expect(bodies, count: 0, command: name + " header") }
        switch name {
        case "SUBMIT":
            let submit = try JSONFrame.decode(Submit.self, header, command: name)
            guard submit.articles.count <= ProtocolLimits.maxArticlesPerSubmit else {
                throw ProtocolError(
                    .tooLarge,
                    "SUBMIT carries \(submit.articles.count) articles, over \(ProtocolLimits.maxArticlesPerSubmit)")
            }
            for (index, article) in submit.articles.enumerated() { try article.checkBounds(index: index) }
            guard submit.articles.count == bodies.count else {
                throw ProtocolError(
                    .malformed, "SUBMIT lists \(submit.articles.count) articles but carries \(bodies.count) bodies")
            }
            return .submit(submit, bodies: Array(bodies))
        case "STATUS": return .status(try JSONFrame.decode(PlainRequest.self, header, command: name))
        case "SHOW": return .show(try JSONFrame.decode(ShowRequest.self, header, command: name))
        case "EXPORT": return .export(try JSONFrame.decode(ExportRequest.self, header, command: name))
        case "DEAD": return .dead(try JSONFrame.decode(DeadRequest.self, header, command: name))
        case "RETRY": return .retry(try JSONFrame.decode(RetryRequest.self, header, command: name))
        case "JOBS":
            let request = try JSONFrame.decode(JobsRequest.self, header, command: name)
            guard request.jobs.count <= ProtocolLimits.maxJobsPerQuery else {
                throw ProtocolError(
                    .tooLarge, "JOBS asks about \(request.jobs.count) jobs, over \(ProtocolLimits.maxJobsPerQuery)")
            }
            return .jobs(request)
        case "PURGE": return .purge(try JSONFrame.decode(PurgeRequest.self, header, command: name))
        case "CANCEL": return .cancel(try JSONFrame.decode(CancelRequest.self, header, command: name))
        case "REPROCESS": return .reprocess(try JSONFrame.decode(ReprocessRequest.self, header, command: name))
        default:
            throw ProtocolError(.unknownCommand, "'\(name)' is not a client command")
        }
    }

    /// The request number of a client message that failed to decode, when its header has one.
    public static func requestNumber(in frames: ArraySlice<[UInt8]>) -> UInt64? {
        guard frames.count >= 3 else { return nil }
        let header = frames[frames.startIndex + 2]
        return try? JSONFrame.decode(PlainRequest.self, header, command: "").req
    }
}

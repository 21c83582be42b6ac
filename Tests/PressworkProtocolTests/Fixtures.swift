import PressworkProtocol
import Testing

/// The bytes of a text frame.
func frame(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Text frames, in order.
func frames(_ texts: String...) -> [[UInt8]] { texts.map(frame) }

/// Any message of the protocol, so one table can hold all four directions.
enum AnyMessage: Sendable, Hashable {
    /// Worker to coordinator.
    case worker(WorkerCommand)
    /// Coordinator to worker.
    case coordinator(CoordinatorCommand)
    /// Client to coordinator.
    case request(ClientRequest)
    /// Coordinator to client.
    case reply(ClientReply)

    func frames() -> [[UInt8]] {
        switch self {
        case .worker(let command): command.frames()
        case .coordinator(let command): command.frames()
        case .request(let request): request.frames()
        case .reply(let reply): reply.frames()
        }
    }

    /// Decodes `frames` the way the receiving side of this message's direction does.
    func decodeSameKind(_ frames: [[UInt8]]) throws(ProtocolError) -> AnyMessage {
        switch self {
        case .worker, .request:
            switch try Inbound.decode(frames[...]) {
            case .worker(let command): .worker(command)
            case .client(let request): .request(request)
            }
        case .coordinator: .coordinator(try CoordinatorCommand.decode(frames))
        case .reply: .reply(try ClientReply.decode(frames))
        }
    }
}

/// Shared message contents, written out once so the golden JSON below can be checked by eye.
enum Sample {
    static let fullArticle = ArticleMeta(
        articleId: "a-7", source: "batch.jsonl#12", url: "https://example.com/news/1", lang: "kk", format: .html,
        contentType: "text/html; charset=utf-8")
    static let fullArticleJSON =
        #"{"articleId":"a-7","contentType":"text/html; charset=utf-8","format":"html","lang":"kk","#
        + #""source":"batch.jsonl#12","url":"https://example.com/news/1"}"#

    static let minimalArticle = ArticleMeta(source: "stdin")
    static let minimalArticleJSON = #"{"format":"auto","source":"stdin"}"#

    /// Not UTF-8, with a zero byte: bodies travel as raw bytes.
    static let binaryBody: [UInt8] = [0x3C, 0x70, 0x3E, 0xC0, 0xFF, 0x00, 0x0A]

    static let document = frame(#"{"id":"j-000001","words":3}"#)

    static let attemptError = AttemptError(
        attempt: 1, worker: "w-1", code: "lease-expired", message: "no result within 30 s",
        at: "2026-01-02T03:04:05.678Z")
    static let attemptErrorJSON =
        #"{"at":"2026-01-02T03:04:05.678Z","attempt":1,"code":"lease-expired","message":"no result within 30 s","#
        + #""worker":"w-1"}"#

    static let deadJob = JobInfo(
        id: "j-000002", state: .dead, attempts: 3, maxAttempts: 3, article: minimalArticle, bodyBytes: 1_234,
        submittedAt: "2026-01-02T03:00:00.000Z", updatedAt: "2026-01-02T03:04:05.678Z", notBefore: nil,
        errors: [attemptError])
    static let deadJobJSON =
        #"{"article":"# + minimalArticleJSON + #","attempts":3,"bodyBytes":1234,"errors":["# + attemptErrorJSON
        + #"],"id":"j-000002","maxAttempts":3,"state":"dead","submittedAt":"2026-01-02T03:00:00.000Z","#
        + #""updatedAt":"2026-01-02T03:04:05.678Z"}"#

    static let delayedJob = JobInfo(
        id: "j-000003", state: .queued, attempts: 1, maxAttempts: 5, article: fullArticle, bodyBytes: 7,
        submittedAt: "2026-01-02T03:00:00.000Z", updatedAt: "2026-01-02T03:00:01.000Z",
        notBefore: "2026-01-02T03:00:03.500Z", errors: [])
    static let delayedJobJSON =
        #"{"article":"# + fullArticleJSON + #","attempts":1,"bodyBytes":7,"errors":[],"id":"j-000003","#
        + #""maxAttempts":5,"notBefore":"2026-01-02T03:00:03.500Z","state":"queued","#
        + #""submittedAt":"2026-01-02T03:00:00.000Z","updatedAt":"2026-01-02T03:00:01.000Z"}"#

    static let status = ClusterStatus(
        coordinator: .init(
            version: "0.1.0", endpoint: "tcp://*:5570", startedAt: "2026-01-02T03:00:00.000Z", uptimeSeconds: 12.5),
        queue: .init(
            queued: 5, delayed: 1, leased: 2, done: 10, dead: 1, retries: 3, redeliveries: 4, oldestQueuedSeconds: 0.25),
        throughput: .init(lastMinute: 11, perSecond: 0.5),
        workers: [
            .init(
                id: "w-1", host: "node-a", pid: 4242, version: "0.1.0", state: "up", slots: 4, busy: 2, done: 10,
                failed: 1, lastHeartbeatSecondsAgo: 1.5)
        ],
        protocolCounters: .init(malformedMessages: 6, undeliverableMessages: 0))
    static let statusJSON =
        #"{"coordinator":{"endpoint":"tcp://*:5570","startedAt":"2026-01-02T03:00:00.000Z","uptimeSeconds":12.5,"#
        + #""version":"0.1.0"},"protocol":{"malformedMessages":6,"undeliverableMessages":0},"#
        + #""queue":{"dead":1,"delayed":1,"done":10,"leased":2,"oldestQueuedSeconds":0.25,"queued":5,"#
        + #""redeliveries":4,"retries":3},"throughput":{"lastMinute":11,"perSecond":0.5},"#
        + #""workers":[{"busy":2,"done":10,"failed":1,"host":"node-a","id":"w-1","lastHeartbeatSecondsAgo":1.5,"#
        + #""pid":4242,"slots":4,"state":"up","version":"0.1.0"}]}"#
}

/// Runs `body`, which must throw a `ProtocolError`, and returns that error.
func protocolError<T>(_ body: () throws -> T) -> ProtocolError? {
    do {
        let value = try body()
        Issue.record("expected a ProtocolError, decoded \(value)")
        return nil
    } catch let error as ProtocolError {
        return error
    } catch {
        Issue.record("expected a ProtocolError, got \(error)")
        return nil
    }
}

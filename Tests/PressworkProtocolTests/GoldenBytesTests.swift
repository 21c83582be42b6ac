import PressworkProtocol
import Testing

/// One message and the exact frames it must encode to. The JSON is written out literally (compact,
/// keys sorted) so that any change to the wire format shows up here as a failing test.
struct GoldenCase: Sendable, CustomTestStringConvertible {
    var name: String
    var message: AnyMessage
    var expected: [[UInt8]]

    var testDescription: String { name }
}

/// Worker ↔ coordinator messages (`PWW1`).
let workerGoldenCases: [GoldenCase] = [
    GoldenCase(
        name: "READY",
        message: .worker(.ready(Ready(worker: "w-1", slots: 4, host: "node-a", pid: 4242, version: "0.1.0"))),
        expected: frames("PWW1", "READY", #"{"host":"node-a","pid":4242,"slots":4,"version":"0.1.0","worker":"w-1"}"#)),
    GoldenCase(name: "HEARTBEAT (worker)", message: .worker(.heartbeat()), expected: frames("PWW1", "HEARTBEAT")),
    GoldenCase(
        name: "HEARTBEAT with stats", message: .worker(.heartbeat(WorkerStats(rssBytes: 52_428_800))),
        expected: frames("PWW1", "HEARTBEAT", #"{"rssBytes":52428800}"#)),
    GoldenCase(
        name: "RESULT with language and stage timings",
        message: .worker(
            .result(
                JobResult(job: "j-000002", attempt: 1, language: "kk", stagesMs: ["decode": 0.25, "parse": 4]),
                document: Sample.document)),
        expected: frames(
            "PWW1", "RESULT", #"{"attempt":1,"job":"j-000002","language":"kk","stagesMs":{"decode":0.25,"parse":4}}"#)
            + [Sample.document]),
    GoldenCase(
        name: "RESULT",
        message: .worker(.result(JobResult(job: "j-000001", attempt: 2), document: Sample.document)),
        expected: frames("PWW1", "RESULT", #"{"attempt":2,"job":"j-000001"}"#) + [Sample.document]),
    GoldenCase(
        name: "FAILED",
        message: .worker(
            .failed(
                JobFailure(
                    job: "j-000001", attempt: 3, retryable: false, code: "undecodable", message: "no charset fits"))),
        expected: frames(
            "PWW1", "FAILED",
            #"{"attempt":3,"code":"undecodable","job":"j-000001","message":"no charset fits","retryable":false}"#)),
    GoldenCase(name: "DRAINING", message: .worker(.draining), expected: frames("PWW1", "DRAINING")),
    GoldenCase(name: "DISCONNECT (worker)", message: .worker(.disconnect), expected: frames("PWW1", "DISCONNECT")),
    GoldenCase(
        name: "JOB",
        message: .coordinator(
            .job(
                JobAssignment(job: "j-000001", attempt: 2, timeoutSeconds: 30, article: Sample.fullArticle),
                body: Sample.binaryBody)),
        expected: frames(
            "PWW1", "JOB",
            #"{"article":"# + Sample.fullArticleJSON + #","attempt":2,"job":"j-000001","timeoutSeconds":30}"#
        ) + [Sample.binaryBody]),
    GoldenCase(
        name: "JOB (minimal article, fractional timeout)",
        message: .coordinator(
            .job(JobAssignment(job: "j", attempt: 1, timeoutSeconds: 0.5, article: Sample.minimalArticle), body: [0x41])
        ),
        expected: frames(
            "PWW1", "JOB",
            #"{"article":"# + Sample.minimalArticleJSON + #","attempt":1,"job":"j","timeoutSeconds":0.5}"#,
            "A")),
    GoldenCase(
        name: "HEARTBEAT (coordinator)", message: .coordinator(.heartbeat), expected: frames("PWW1", "HEARTBEAT")),
    GoldenCase(
        name: "DISCONNECT (coordinator)",
        message: .coordinator(.disconnect(reason: "coordinator stopping")),
        expected: frames("PWW1", "DISCONNECT", #"{"reason":"coordinator stopping"}"#)),
    GoldenCase(
        name: "ERROR (to a worker, no req)",
        message: .coordinator(.error(ErrorReply(code: "unknown-worker", message: "register with READY"))),
        expected: frames("PWW1", "ERROR", #"{"code":"unknown-worker","message":"register with READY"}"#)),
]

/// Client ↔ coordinator messages (`PWC1`).
let clientGoldenCases: [GoldenCase] = [
    GoldenCase(
        name: "SUBMIT",
        message: .request(
            .submit(
                Submit(req: 1, articles: [Sample.minimalArticle, Sample.fullArticle]),
                bodies: [frame("plain text"), Sample.binaryBody])),
        expected: frames(
            "PWC1", "SUBMIT",
            #"{"articles":["# + Sample.minimalArticleJSON + "," + Sample.fullArticleJSON + #"],"req":1}"#, "plain text")
            + [Sample.binaryBody]),
    GoldenCase(
        name: "SUBMIT (no articles)",
        message: .request(.submit(Submit(req: 2, articles: []), bodies: [])),
        expected: frames("PWC1", "SUBMIT", #"{"articles":[],"req":2}"#)),
    GoldenCase(
        name: "ACCEPTED",
        message: .reply(.accepted(Accepted(req: 1, jobs: ["j-000001", "j-000002"]))),
        expected: frames("PWC1", "ACCEPTED", #"{"jobs":["j-000001","j-000002"],"req":1}"#)),
    GoldenCase(
        name: "STATUS request",
        message: .request(.status(PlainRequest(req: 3))),
        expected: frames("PWC1", "STATUS", #"{"req":3}"#)),
    GoldenCase(
        name: "STATUS reply",
        message: .reply(.status(StatusReply(req: 3, status: Sample.status))),
        expected: frames("PWC1", "STATUS", #"{"req":3,"status":"# + Sample.statusJSON + "}")),
    GoldenCase(
        name: "SHOW request",
        message: .request(.show(ShowRequest(req: 4, job: "j-000001"))),
        expected: frames("PWC1", "SHOW", #"{"job":"j-000001","req":4}"#)),
    GoldenCase(
        name: "SHOW reply with document",
        message: .reply(
            .show(
                ShowReply(
                    req: 4,
                    job: JobInfo(
                        id: "j-000001", state: .done, attempts: 1, maxAttempts: 3, article: Sample.minimalArticle,
                        bodyBytes: 10, submittedAt: "2026-01-02T03:00:00.000Z",
                        updatedAt: "2026-01-02T03:00:00.250Z", notBefore: nil, errors: []),
                    hasDocument: true),
                document: Sample.document)),
        expected: frames(
            "PWC1", "SHOW",
            #"{"hasDocument":true,"job":{"article":"# + Sample.minimalArticleJSON
                + #","attempts":1,"bodyBytes":10,"errors":[],"id":"j-000001","maxAttempts":3,"state":"done","#
                + #""submittedAt":"2026-01-02T03:00:00.000Z","updatedAt":"2026-01-02T03:00:00.250Z"},"req":4}"#)
            + [Sample.document]),
    GoldenCase(
        name: "SHOW reply without document",
        message: .reply(.show(ShowReply(req: 5, job: Sample.delayedJob, hasDocument: false), document: nil)),
        expected: frames(
            "PWC1", "SHOW", #"{"hasDocument":false,"job":"# + Sample.delayedJobJSON + #","req":5}"#)),
    GoldenCase(
        name: "EXPORT request (first page)",
        message: .request(.export(ExportRequest(req: 6, after: nil, limit: 200))),
        expected: frames("PWC1", "EXPORT", #"{"limit":200,"req":6}"#)),
    GoldenCase(
        name: "EXPORT request (after a cursor)",
        message: .request(.export(ExportRequest(req: 7, after: 17, limit: 500))),
        expected: frames("PWC1", "EXPORT", #"{"after":17,"limit":500,"req":7}"#)),
    GoldenCase(
        name: "EXPORT page",
        message: .reply(.export(ExportPage(req: 6, count: 2, next: 17), documents: [Sample.document, frame("{}")])),
        expected: frames("PWC1", "EXPORT", #"{"count":2,"next":17,"req":6}"#) + [Sample.document, frame("{}")]),
    GoldenCase(
        name: "EXPORT last page",
        message: .reply(.export(ExportPage(req: 7, count: 0, next: nil), documents: [])),
        expected: frames("PWC1", "EXPORT", #"{"count":0,"req":7}"#)),
    GoldenCase(
        name: "DEAD request",
        message: .request(.dead(DeadRequest(req: 8, limit: 100))),
        expected: frames("PWC1", "DEAD", #"{"limit":100,"req":8}"#)),
    GoldenCase(
        name: "DEAD reply",
        message: .reply(.dead(DeadReply(req: 8, jobs: [Sample.deadJob]))),
        expected: frames("PWC1", "DEAD", #"{"jobs":["# + Sample.deadJobJSON + #"],"req":8}"#)),
    GoldenCase(
        name: "RETRY request (some jobs)",
        message: .request(.retry(RetryRequest(req: 9, jobs: ["j-000002"]))),
        expected: frames("PWC1", "RETRY", #"{"jobs":["j-000002"],"req":9}"#)),
    GoldenCase(
        name: "RETRY request (all jobs)",
        message: .request(.retry(RetryRequest(req: 10, jobs: nil))),
        expected: frames("PWC1", "RETRY", #"{"req":10}"#)),
    GoldenCase(
        name: "RETRY reply",
        message: .reply(.retried(RetryReply(req: 9, requeued: 1))),
        expected: frames("PWC1", "RETRY", #"{"req":9,"requeued":1}"#)),
    GoldenCase(
        name: "JOBS request",
        message: .request(.jobs(JobsRequest(req: 11, jobs: ["j-000001", "j-000002", "nope"]))),
        expected: frames("PWC1", "JOBS", #"{"jobs":["j-000001","j-000002","nope"],"req":11}"#)),
    GoldenCase(
        name: "JOBS reply",
        message: .reply(.jobs(JobsReply(req: 11, states: [.done, .queued, .leased, .dead, .unknown]))),
        expected: frames("PWC1", "JOBS", #"{"req":11,"states":["done","queued","leased","dead","unknown"]}"#)),
    GoldenCase(
        name: "ERROR reply with req",
        message: .reply(.error(ErrorReply(req: 12, code: "unknown-job", message: "no job j-9"))),
        expected: frames("PWC1", "ERROR", #"{"code":"unknown-job","message":"no job j-9","req":12}"#)),
    GoldenCase(
        name: "ERROR reply without req",
        message: .reply(.error(ErrorReply(code: "malformed", message: "SUBMIT header is not valid JSON"))),
        expected: frames("PWC1", "ERROR", #"{"code":"malformed","message":"SUBMIT header is not valid JSON"}"#)),
]

@Suite("Golden bytes")
struct GoldenBytesTests {
    @Test("Worker messages encode to the exact frames and decode back", arguments: workerGoldenCases)
    func workerMessages(_ golden: GoldenCase) throws {
        try check(golden)
    }

    @Test("Client messages encode to the exact frames and decode back", arguments: clientGoldenCases)
    func clientMessages(_ golden: GoldenCase) throws {
        try check(golden)
    }

    private func check(_ golden: GoldenCase) throws {
        let encoded = golden.message.frames()
        #expect(encoded.count == golden.expected.count, "frame count")
        for (index, (actual, expected)) in zip(encoded, golden.expected).enumerated() {
            #expect(
                actual == expected,
                "frame \(index): got \(String(decoding: actual, as: UTF8.self)), expected \(String(decoding: expected, as: UTF8.self))"
            )
        }
        let decoded = try golden.message.decodeSameKind(golden.expected)
        #expect(decoded == golden.message)
    }

    @Test("A message's name is its command frame")
    func namesMatchCommandFrames() {
        for golden in workerGoldenCases + clientGoldenCases {
            let name: String =
                switch golden.message {
                case .worker(let command): command.name
                case .coordinator(let command): command.name
                case .request(let request): request.name
                case .reply(let reply): reply.name
                }
            #expect(golden.expected[1] == frame(name), "\(golden.name)")
        }
    }

    @Test("Replies and requests report their request number")
    func requestNumbers() {
        #expect(ClientRequest.status(PlainRequest(req: 41)).req == 41)
        #expect(ClientRequest.submit(Submit(req: 42, articles: []), bodies: []).req == 42)
        #expect(ClientReply.retried(RetryReply(req: 43, requeued: 0)).req == 43)
        #expect(ClientReply.error(ErrorReply(code: "internal", message: "x")).req == nil)
    }

    @Test("Role frames are PWW1 and PWC1")
    func roleFrames() throws {
        #expect(Role.worker.frame == frame("PWW1"))
        #expect(Role.client.frame == frame("PWC1"))
        #expect(try Role.decode(frame("PWW1")) == .worker)
        #expect(try Role.decode(frame("PWC1")) == .client)
    }
}

import PressworkProtocol
import Testing

/// A message that must not decode, the error code it must give, and words its message must contain.
struct BadMessage: Sendable, CustomTestStringConvertible {
    var name: String
    var frames: [[UInt8]]
    var code: ProtocolError.Code
    var mentions: [String] = []

    var testDescription: String { name }
}

private let readyJSON = #"{"host":"h","pid":1,"slots":2,"version":"0.1.0","worker":"w-1"}"#

/// Messages the coordinator receives (`Inbound.decode`, role frame included).
let badInbound: [BadMessage] = [
    BadMessage(name: "empty message", frames: [], code: .malformed, mentions: ["empty"]),
    BadMessage(name: "unknown role", frames: frames("HELLO", "READY", readyJSON), code: .unsupportedVersion),
    BadMessage(name: "empty role frame", frames: [[], frame("READY")], code: .unsupportedVersion),
    BadMessage(name: "PWW2", frames: frames("PWW2", "READY", readyJSON), code: .unsupportedVersion, mentions: ["PWW2"]),
    BadMessage(
        name: "PWC9", frames: frames("PWC9", "STATUS", #"{"req":1}"#), code: .unsupportedVersion, mentions: ["PWC9"]),
    BadMessage(name: "lower-case role", frames: frames("pww1", "HEARTBEAT"), code: .unsupportedVersion),
    BadMessage(name: "no command frame", frames: frames("PWW1"), code: .malformed, mentions: ["command"]),
    BadMessage(name: "empty command frame", frames: frames("PWW1", ""), code: .unknownCommand),
    BadMessage(name: "lower-case command", frames: frames("PWW1", "ready", readyJSON), code: .unknownCommand),
    BadMessage(name: "mixed-case command", frames: frames("PWC1", "Status", #"{"req":1}"#), code: .unknownCommand),
    BadMessage(
        name: "17-byte command", frames: frames("PWW1", "HEARTBEATHEARTBEA"), code: .unknownCommand),
    BadMessage(name: "command with a digit", frames: frames("PWW1", "READY2", readyJSON), code: .unknownCommand),
    BadMessage(
        name: "unknown worker command", frames: frames("PWW1", "PING"), code: .unknownCommand, mentions: ["PING"]),
    BadMessage(
        name: "coordinator command sent by a worker", frames: frames("PWW1", "JOB", "{}", "x"), code: .unknownCommand,
        mentions: ["JOB"]),
    BadMessage(
        name: "unknown client command", frames: frames("PWC1", "DELETE", #"{"req":1}"#), code: .unknownCommand,
        mentions: ["DELETE"]),
    BadMessage(
        name: "reply sent as a request", frames: frames("PWC1", "ACCEPTED", #"{"jobs":[],"req":1}"#),
        code: .unknownCommand),
    // Wrong frame counts.
    BadMessage(name: "READY without header", frames: frames("PWW1", "READY"), code: .malformed, mentions: ["READY"]),
    BadMessage(name: "READY with two headers", frames: frames("PWW1", "READY", readyJSON, "{}"), code: .malformed),
    BadMessage(name: "HEARTBEAT with two frames", frames: frames("PWW1", "HEARTBEAT", "{}", "{}"), code: .malformed),
    BadMessage(
        name: "HEARTBEAT with a stats frame that is not JSON", frames: frames("PWW1", "HEARTBEAT", "rss"),
        code: .malformed, mentions: ["HEARTBEAT"]),
    BadMessage(
        name: "HEARTBEAT with a mistyped stat", frames: frames("PWW1", "HEARTBEAT", #"{"rssBytes":"big"}"#),
        code: .malformed, mentions: ["rssBytes"]),
    BadMessage(name: "DRAINING with a frame", frames: frames("PWW1", "DRAINING", ""), code: .malformed),
    BadMessage(name: "DISCONNECT with a frame", frames: frames("PWW1", "DISCONNECT", "{}"), code: .malformed),
    BadMessage(
        name: "RESULT without document", frames: frames("PWW1", "RESULT", #"{"attempt":1,"job":"j"}"#),
        code: .malformed),
    BadMessage(
        name: "RESULT with two documents", frames: frames("PWW1", "RESULT", #"{"attempt":1,"job":"j"}"#, "{}", "{}"),
        code: .malformed),
    BadMessage(name: "FAILED without header", frames: frames("PWW1", "FAILED"), code: .malformed),
    BadMessage(name: "STATUS without header", frames: frames("PWC1", "STATUS"), code: .malformed, mentions: ["STATUS"]),
    BadMessage(name: "STATUS with a body", frames: frames("PWC1", "STATUS", #"{"req":1}"#, "x"), code: .malformed),
    BadMessage(
        name: "SHOW with a body", frames: frames("PWC1", "SHOW", #"{"job":"j","req":1}"#, "x"), code: .malformed),
    BadMessage(name: "SUBMIT without header", frames: frames("PWC1", "SUBMIT"), code: .malformed),
    // JSON that is not JSON, or not the right shape.
    BadMessage(
        name: "READY header not JSON", frames: frames("PWW1", "READY", "{"), code: .malformed, mentions: ["JSON"]),
    BadMessage(name: "READY header empty", frames: frames("PWW1", "READY", ""), code: .malformed),
    BadMessage(name: "READY header a JSON array", frames: frames("PWW1", "READY", "[]"), code: .malformed),
    BadMessage(
        name: "READY header not UTF-8", frames: [frame("PWW1"), frame("READY"), [0x7B, 0xFF, 0xFE, 0x7D]],
        code: .malformed),
    BadMessage(
        name: "READY slots as a string",
        frames: frames("PWW1", "READY", #"{"host":"h","pid":1,"slots":"2","version":"0.1.0","worker":"w-1"}"#),
        code: .malformed, mentions: ["slots"]),
    BadMessage(
        name: "READY without worker",
        frames: frames("PWW1", "READY", #"{"host":"h","pid":1,"slots":2,"version":"0.1.0"}"#),
        code: .malformed, mentions: ["worker"]),
    BadMessage(
        name: "READY pid null",
        frames: frames("PWW1", "READY", #"{"host":"h","pid":null,"slots":2,"version":"0.1.0","worker":"w-1"}"#),
        code: .malformed, mentions: ["pid"]),
    BadMessage(
        name: "READY slots 0",
        frames: frames("PWW1", "READY", #"{"host":"h","pid":1,"slots":0,"version":"0.1.0","worker":"w-1"}"#),
        code: .malformed, mentions: ["slots"]),
    BadMessage(
        name: "READY slots 5000",
        frames: frames("PWW1", "READY", #"{"host":"h","pid":1,"slots":5000,"version":"0.1.0","worker":"w-1"}"#),
        code: .malformed, mentions: ["slots"]),
    BadMessage(
        name: "READY slots negative",
        frames: frames("PWW1", "READY", #"{"host":"h","pid":1,"slots":-1,"version":"0.1.0","worker":"w-1"}"#),
        code: .malformed, mentions: ["slots"]),
    BadMessage(
        name: "READY empty worker id",
        frames: frames("PWW1", "READY", #"{"host":"h","pid":1,"slots":1,"version":"0.1.0","worker":""}"#),
        code: .malformed, mentions: ["worker"]),
    BadMessage(
        name: "READY 256-byte worker id",
        frames: frames(
            "PWW1", "READY",
            #"{"host":"h","pid":1,"slots":1,"version":"0.1.0","worker":""# + String(repeating: "w", count: 256) + #""}"#
        ),
        code: .malformed, mentions: ["worker"]),
    BadMessage(
        name: "READY worker id with a space",
        frames: frames("PWW1", "READY", #"{"host":"h","pid":1,"slots":1,"version":"0.1.0","worker":"w 1"}"#),
        code: .malformed, mentions: ["worker"]),
    BadMessage(
        name: "READY host with an escape sequence",
        frames: frames("PWW1", "READY", #"{"host":"\u001b[2J","pid":1,"slots":1,"version":"0.1.0","worker":"w-1"}"#),
        code: .malformed, mentions: ["host"]),
    BadMessage(
        name: "READY 65-byte version",
        frames: frames(
            "PWW1", "READY",
            #"{"host":"h","pid":1,"slots":1,"version":""# + String(repeating: "v", count: 65) + #"","worker":"w-1"}"#),
        code: .malformed, mentions: ["version"]),
    BadMessage(
        name: "SUBMIT source over 4 KiB",
        frames: frames(
            "PWC1", "SUBMIT",
            #"{"req":1,"articles":[{"format":"text","source":""# + String(repeating: "s", count: 4097) + #""}]}"#,
            "body"),
        code: .tooLarge, mentions: ["source"]),
    BadMessage(
        name: "RESULT attempt as a string", frames: frames("PWW1", "RESULT", #"{"attempt":"1","job":"j"}"#, "{}"),
        code: .malformed, mentions: ["attempt"]),
    BadMessage(
        name: "FAILED without retryable",
        frames: frames("PWW1", "FAILED", #"{"attempt":1,"code":"x","job":"j","message":"m"}"#),
        code: .malformed, mentions: ["retryable"]),
    // Foundation reports a number out of range as "not valid JSON" with no coding path, so the
    // message cannot name the field here.
    BadMessage(name: "STATUS req negative", frames: frames("PWC1", "STATUS", #"{"req":-1}"#), code: .malformed),
    BadMessage(name: "STATUS req fractional", frames: frames("PWC1", "STATUS", #"{"req":1.5}"#), code: .malformed),
    BadMessage(name: "STATUS without req", frames: frames("PWC1", "STATUS", "{}"), code: .malformed, mentions: ["req"]),
    BadMessage(
        name: "SHOW without job", frames: frames("PWC1", "SHOW", #"{"req":1}"#), code: .malformed, mentions: ["job"]),
    BadMessage(
        name: "EXPORT limit as a string", frames: frames("PWC1", "EXPORT", #"{"limit":"10","req":1}"#),
        code: .malformed, mentions: ["limit"]),
    BadMessage(
        name: "RETRY jobs not a list", frames: frames("PWC1", "RETRY", #"{"jobs":"j-1","req":1}"#), code: .malformed,
        mentions: ["jobs"]),
    BadMessage(
        name: "SUBMIT article with unknown format",
        frames: frames("PWC1", "SUBMIT", #"{"articles":[{"format":"pdf","source":"a.pdf"}],"req":1}"#, "x"),
        code: .malformed, mentions: ["format"]),
    BadMessage(
        name: "SUBMIT article without source",
        frames: frames("PWC1", "SUBMIT", #"{"articles":[{"format":"html"}],"req":1}"#, "x"),
        code: .malformed, mentions: ["source"]),
    BadMessage(
        name: "SUBMIT with fewer bodies than articles",
        frames: frames(
            "PWC1", "SUBMIT", #"{"articles":[{"format":"html","source":"a"},{"format":"html","source":"b"}],"req":1}"#,
            "x"),
        code: .malformed, mentions: ["2 articles", "1 bodies"]),
    BadMessage(
        name: "SUBMIT with more bodies than articles",
        frames: frames("PWC1", "SUBMIT", #"{"articles":[],"req":1}"#, "x"),
        code: .malformed),
    // Limits.
    BadMessage(
        name: "SUBMIT over the article limit",
        frames: frames("PWC1", "SUBMIT", submitHeader(articles: ProtocolLimits.maxArticlesPerSubmit + 1))
            + Array(repeating: frame("x"), count: ProtocolLimits.maxArticlesPerSubmit + 1),
        code: .tooLarge, mentions: ["\(ProtocolLimits.maxArticlesPerSubmit + 1)"]),
    BadMessage(
        name: "SUBMIT over the article limit, bodies missing",
        frames: frames("PWC1", "SUBMIT", submitHeader(articles: ProtocolLimits.maxArticlesPerSubmit + 1)),
        code: .tooLarge),
    BadMessage(
        name: "header over maxHeaderBytes",
        frames: frames(
            "PWC1", "SHOW",
            #"{"job":""# + String(repeating: "j", count: ProtocolLimits.maxHeaderBytes) + #"","req":1}"#),
        code: .tooLarge, mentions: ["SHOW"]),
    BadMessage(
        name: "JOBS over the query limit",
        frames: frames(
            "PWC1", "JOBS",
            #"{"jobs":["# + Array(repeating: #""j""#, count: ProtocolLimits.maxJobsPerQuery + 1).joined(separator: ",")
                + #"],"req":1}"#),
        code: .tooLarge),
]

/// A `SUBMIT` header listing `articles` minimal articles.
func submitHeader(articles: Int) -> String {
    let meta = #"{"format":"text","source":"s"}"#
    return #"{"articles":["# + Array(repeating: meta, count: articles).joined(separator: ",") + #"],"req":7}"#
}

/// Messages a worker receives (`CoordinatorCommand.decode`).
let badCoordinatorCommands: [BadMessage] = [
    BadMessage(name: "empty message", frames: [], code: .malformed),
    BadMessage(name: "client role", frames: frames("PWC1", "HEARTBEAT"), code: .unsupportedVersion),
    BadMessage(name: "PWW2", frames: frames("PWW2", "HEARTBEAT"), code: .unsupportedVersion, mentions: ["PWW2"]),
    BadMessage(name: "no command frame", frames: frames("PWW1"), code: .malformed),
    BadMessage(name: "lower-case command", frames: frames("PWW1", "job", "{}", "x"), code: .unknownCommand),
    BadMessage(name: "worker command", frames: frames("PWW1", "READY", readyJSON), code: .unknownCommand),
    BadMessage(
        name: "JOB without body",
        frames: frames(
            "PWW1", "JOB", #"{"article":{"format":"auto","source":"s"},"attempt":1,"job":"j","timeoutSeconds":1}"#),
        code: .malformed),
    BadMessage(
        name: "JOB without timeout",
        frames: frames("PWW1", "JOB", #"{"article":{"format":"auto","source":"s"},"attempt":1,"job":"j"}"#, "x"),
        code: .malformed, mentions: ["timeoutSeconds"]),
    BadMessage(name: "DISCONNECT without reason frame", frames: frames("PWW1", "DISCONNECT"), code: .malformed),
    BadMessage(
        name: "DISCONNECT reason not a string", frames: frames("PWW1", "DISCONNECT", #"{"reason":1}"#),
        code: .malformed),
    BadMessage(name: "ERROR without header", frames: frames("PWW1", "ERROR"), code: .malformed),
    BadMessage(
        name: "ERROR without message", frames: frames("PWW1", "ERROR", #"{"code":"internal"}"#), code: .malformed,
        mentions: ["message"]),
]

/// Messages a client receives (`ClientReply.decode`).
let badReplies: [BadMessage] = [
    BadMessage(name: "empty message", frames: [], code: .malformed),
    BadMessage(name: "worker role", frames: frames("PWW1", "STATUS", "{}"), code: .unsupportedVersion),
    BadMessage(name: "PWC9", frames: frames("PWC9", "ACCEPTED", "{}"), code: .unsupportedVersion, mentions: ["PWC9"]),
    BadMessage(name: "unknown reply", frames: frames("PWC1", "SUBMIT", "{}"), code: .unknownCommand),
    BadMessage(name: "reply without header", frames: frames("PWC1", "ACCEPTED"), code: .malformed),
    BadMessage(
        name: "ACCEPTED jobs not strings", frames: frames("PWC1", "ACCEPTED", #"{"jobs":[1],"req":1}"#),
        code: .malformed, mentions: ["jobs"]),
    BadMessage(
        name: "SHOW promising a document that is missing",
        frames: frames("PWC1", "SHOW", #"{"hasDocument":true,"job":"# + Sample.delayedJobJSON + #","req":5}"#),
        code: .malformed),
    BadMessage(
        name: "SHOW with a document it does not promise",
        frames: frames("PWC1", "SHOW", #"{"hasDocument":false,"job":"# + Sample.delayedJobJSON + #","req":5}"#, "{}"),
        code: .malformed),
    BadMessage(
        name: "SHOW job with unknown state",
        frames: frames(
            "PWC1", "SHOW",
            #"{"hasDocument":false,"job":"# + Sample.delayedJobJSON.replacingFirst(#""queued""#, with: #""paused""#)
                + #","req":5}"#),
        code: .malformed, mentions: ["state"]),
    BadMessage(
        name: "EXPORT with fewer documents than count", frames: frames("PWC1", "EXPORT", #"{"count":2,"req":1}"#, "{}"),
        code: .malformed),
    BadMessage(
        name: "EXPORT with more documents than count", frames: frames("PWC1", "EXPORT", #"{"count":0,"req":1}"#, "{}"),
        code: .malformed),
    BadMessage(
        name: "JOBS reply with unknown state", frames: frames("PWC1", "JOBS", #"{"req":1,"states":["gone"]}"#),
        code: .malformed, mentions: ["states"]),
]

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}

@Suite("Decoding errors")
struct DecodingErrorTests {
    @Test("The coordinator refuses bad inbound messages with a typed error", arguments: badInbound)
    func inbound(_ bad: BadMessage) {
        check(bad, protocolError { try Inbound.decode(bad.frames[...]) })
    }

    @Test("A worker refuses bad coordinator messages with a typed error", arguments: badCoordinatorCommands)
    func coordinatorCommands(_ bad: BadMessage) {
        check(bad, protocolError { try CoordinatorCommand.decode(bad.frames) })
    }

    @Test("A client refuses bad replies with a typed error", arguments: badReplies)
    func replies(_ bad: BadMessage) {
        check(bad, protocolError { try ClientReply.decode(bad.frames) })
    }

    private func check(_ bad: BadMessage, _ error: ProtocolError?) {
        guard let error else { return }
        #expect(error.code == bad.code, "\(error)")
        for word in bad.mentions {
            #expect(error.message.contains(word), "message \"\(error.message)\" should mention \(word)")
        }
    }

    @Test(
        "A coordinator HEARTBEAT with extra frames is malformed, as a worker HEARTBEAT is",
        .bug(id: "protocol-heartbeat-frames", "CoordinatorCommand.decode ignores frames after HEARTBEAT"))
    func coordinatorHeartbeatWithExtraFrames() {
        let error = protocolError { try CoordinatorCommand.decode(frames("PWW1", "HEARTBEAT", "{}")) }
        #expect(error?.code == .malformed)

    }

    @Test("The limits themselves are accepted", arguments: [1, 4096])
    func readySlotBounds(_ slots: Int) throws {
        let message = frames(
            "PWW1", "READY", #"{"host":"h","pid":1,"slots":\#(slots),"version":"0.1.0","worker":"w-1"}"#)
        #expect(
            try Inbound.decode(message[...])
                == .worker(.ready(Ready(worker: "w-1", slots: slots, host: "h", pid: 1, version: "0.1.0"))))
    }

    @Test("A SUBMIT of exactly maxArticlesPerSubmit articles decodes")
    func submitAtTheLimit() throws {
        let count = ProtocolLimits.maxArticlesPerSubmit
        let message =
            frames("PWC1", "SUBMIT", submitHeader(articles: count)) + Array(repeating: frame("x"), count: count)
        guard case .client(.submit(let submit, let bodies)) = try Inbound.decode(message[...]) else {
            Issue.record("not a SUBMIT")
            return
        }
        #expect(submit.articles.count == count)
        #expect(bodies.count == count)
        #expect(message.count <= ProtocolLimits.maxFrames)
    }

    @Test("Unknown JSON fields are ignored, so fields can be added later")
    func unknownFieldsIgnored() throws {
        let message = frames("PWC1", "STATUS", #"{"future":[1,2,{"x":null}],"req":5}"#)
        #expect(try Inbound.decode(message[...]) == .client(.status(PlainRequest(req: 5))))
    }

    @Test("The error code strings are the ones ERROR replies carry")
    func codeStrings() {
        #expect(ProtocolError.Code.malformed.description == "malformed")
        #expect(ProtocolError.Code.unsupportedVersion.description == "unsupported-version")
        #expect(ProtocolError.Code.unknownCommand.description == "unknown-command")
        #expect(ProtocolError.Code.tooLarge.description == "too-large")
        #expect(ProtocolError(.tooLarge, "x").description == "too-large: x")
    }
}

@Suite("Request number of an unreadable request")
struct RequestNumberTests {
    @Test("The req of a header that otherwise fails to decode is recovered")
    func fromBrokenShow() {
        let message = frames("PWC1", "SHOW", #"{"jbo":"j-1","req":42}"#)
        #expect(protocolError { try Inbound.decode(message[...]) }?.code == .malformed)
        #expect(ClientRequest.requestNumber(in: message[...]) == 42)
    }

    @Test("The req of a SUBMIT with a body count mismatch is recovered")
    func fromBrokenSubmit() {
        let message = frames("PWC1", "SUBMIT", #"{"articles":[{"format":"text","source":"s"}],"req":9}"#)
        #expect(protocolError { try Inbound.decode(message[...]) }?.code == .malformed)
        #expect(ClientRequest.requestNumber(in: message[...]) == 9)
    }

    @Test("The req of an unknown command is recovered")
    func fromUnknownCommand() {
        let message = frames("PWC1", "FROBNICATE", #"{"req":77}"#)
        #expect(ClientRequest.requestNumber(in: message[...]) == 77)
    }

    @Test(
        "No req when the header has none or there is no header",
        arguments: [
            frames("PWC1", "SHOW"),
            frames("PWC1"),
            [],
            frames("PWC1", "SHOW", "{"),
            frames("PWC1", "SHOW", #"{"req":"42"}"#),
            frames("PWC1", "SHOW", #"{"req":-3}"#),
        ])
    func none(_ message: [[UInt8]]) {
        #expect(ClientRequest.requestNumber(in: message[...]) == nil)
    }

    @Test("It also works on a slice that does not start at index 0")
    func offsetSlice() {
        let message = [frame("routing-id")] + frames("PWC1", "SHOW", #"{"req":5}"#)
        #expect(ClientRequest.requestNumber(in: message[1...]) == 5)
    }
}

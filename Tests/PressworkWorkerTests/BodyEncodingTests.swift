import PressworkCompression
import PressworkProtocol
import Testing

@testable import PressworkWorker

/// Echoes the body it was given as the document's text, so a test sees what the pipeline would have read.
struct EchoProcessor: JobProcessor {
    func process(_ job: JobAssignment, body: [UInt8], worker: String, host: String) -> JobOutcome {
        .result(Array(#"{"bytes":\#(body.count),"head":"\#(String(decoding: body.prefix(9), as: UTF8.self))"}"#.utf8))
    }
}

@Suite("A slot reads zstd bodies within its bounds")
struct BodyEncodingTests {
    static let text = Array(String(repeating: "The harbour reopened on Monday. ", count: 200).utf8)

    static func reply(_ body: [UInt8], encoding: String?, bodyBytes: Int?, maxArticleBytes: Int = 1 << 20) throws
        -> WorkerCommand
    {
        var job = JobAssignment(job: "j1", attempt: 1, timeoutSeconds: 60, article: ArticleMeta(source: "a.txt"))
        job.bodyEncoding = encoding
        job.bodyBytes = bodyBytes
        let frames = SlotProcess.process(
            job, body: body, processor: EchoProcessor(), worker: "w", host: "h", maxArticleBytes: maxArticleBytes,
            maxResultBytes: 1 << 20)
        return try WorkerCommand.decode(frames.dropFirst())
    }

    @Test("A zstd body reaches the pipeline as the article's bytes")
    func decoded() throws {
        let reply = try Self.reply(Zstd.compress(Self.text), encoding: "zstd", bodyBytes: Self.text.count)
        guard case .result(_, let document) = reply else {
            Issue.record("not a RESULT: \(reply)")
            return
        }
        #expect(String(decoding: document, as: UTF8.self) == #"{"bytes":\#(Self.text.count),"head":"The harbo"}"#)
    }

    @Test("Corrupt, oversized, larger than announced or in an unknown encoding: FAILED bad-body, not retried")
    func refused() throws {
        let packed = Zstd.compress(Self.text)
        let cases: [(body: [UInt8], encoding: String, bodyBytes: Int?, maxArticleBytes: Int)] = [
            (Array(packed.dropLast(4)), "zstd", Self.text.count, 1 << 20),
            (packed, "zstd", Self.text.count - 1, 1 << 20),
            (packed, "zstd", nil, Self.text.count - 1),
            (Self.text, "br", Self.text.count, 1 << 20),
        ]
        for item in cases {
            let reply = try Self.reply(
                item.body, encoding: item.encoding, bodyBytes: item.bodyBytes, maxArticleBytes: item.maxArticleBytes)
            guard case .failed(let failure) = reply else {
                Issue.record("not FAILED: \(reply)")
                continue
            }
            #expect(failure.code == "bad-body" && !failure.retryable, "\(failure.message)")
        }
    }
}

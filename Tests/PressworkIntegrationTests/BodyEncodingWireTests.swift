import Foundation
import PressworkCompression
import PressworkProtocol
import PressworkTestSupport
import Testing
import ZeroMQ

/// Article bodies kept compressed: a worker that reads zstd receives the stored frame, any other the bytes.
@Suite("Compressed bodies on the wire")
struct BodyEncodingWireTests {
    static let article = Array(
        String(repeating: "<p>The harbour reopened on Monday after the storms.</p>\n", count: 500).utf8)

    static func job(for worker: RawPeer) throws -> (JobAssignment, [UInt8])? {
        guard let frames = try worker.await("JOB", within: 30),
            case .job(let assignment, let body) = try CoordinatorCommand.decode(frames)
        else { return nil }
        return (assignment, body)
    }

    @Test("zstd to a worker that reads it, the article's bytes to one that does not; both process it")
    func negotiated() throws {
        let cluster = try TestCluster("body-encoding")
        try cluster.startCoordinator(["--job-timeout", "600"])
        let jobs = try submit(
            [
                (ArticleMeta(source: "a.html", format: .html), Self.article),
                (ArticleMeta(source: "b.html", format: .html), Self.article),
            ], to: cluster)
        let context = try ZMQContext()
        defer { context.shutdown() }

        var modern = Ready(worker: "zstd-reader", slots: 1, host: "h", pid: 1, version: "0")
        modern.encodings = ["zstd"]
        let reader = try RawPeer(context: context, endpoint: cluster.endpoint, curve: nil)
        try reader.sendWorker(.ready(modern))
        let (packed, packedBody) = try #require(try Self.job(for: reader))
        #expect(packed.bodyEncoding == "zstd" && packed.bodyBytes == Self.article.count)
        #expect(packedBody.count < Self.article.count / 5)
        #expect(try Zstd.decompress(packedBody, maxBytes: Self.article.count) == Self.article)

        let plainWorker = try RawPeer(context: context, endpoint: cluster.endpoint, curve: nil)
        try plainWorker.sendWorker(.ready(Ready(worker: "plain", slots: 1, host: "h", pid: 1, version: "0")))
        let (plain, plainBody) = try #require(try Self.job(for: plainWorker))
        #expect(plain.bodyEncoding == nil && plainBody == Self.article)
        #expect(Set([packed.job, plain.job]) == Set(jobs))

        // A real worker (which reads zstd) processes the stored article end to end.
        let fresh = try submit([(ArticleMeta(source: "c.html", format: .html), Self.article)], to: cluster)
        try cluster.startWorker("w1")
        #expect(try waitForFinal(fresh, in: cluster, timeout: 60) == [.done])
        let document = try #require(try cluster.client().show(fresh[0]).document)
        #expect(String(decoding: document, as: UTF8.self).contains("harbour reopened"))
    }

    /// A SUBMIT's frames (the role frame first) as a raw client sends them.
    static func submitFrames(_ submit: Submit, bodies: [[UInt8]]) -> [[UInt8]] {
        ClientRequest.submit(submit, bodies: bodies).frames()
    }

    @Test(
        "the client compresses bodies once the coordinator says it reads them: stored and sent as the client made them; bad or oversized zstd is refused"
    )
    func compressedSubmit() throws {
        let cluster = try TestCluster("compressed-submit")
        try cluster.startCoordinator(["--max-article-bytes", "100000"])
        let client = try cluster.client()
        // The first SUBMIT goes plain; its ACCEPTED lists zstd, so the second is compressed.
        let first = try client.submit([(ArticleMeta(source: "a.html", format: .html), Self.article)])
        let second = try client.submit([(ArticleMeta(source: "b.html", format: .html), Self.article)])
        let context = try ZMQContext()
        defer { context.shutdown() }
        var modern = Ready(worker: "zstd-reader", slots: 1, host: "h", pid: 1, version: "0")
        modern.encodings = ["zstd"]
        let reader = try RawPeer(context: context, endpoint: cluster.endpoint, curve: nil)
        try reader.sendWorker(.ready(modern))
        var bodies: [String: [UInt8]] = [:]
        for _ in 0..<2 {
            let (assignment, body) = try #require(try Self.job(for: reader))
            #expect(assignment.bodyEncoding == "zstd" && assignment.bodyBytes == Self.article.count)
            bodies[assignment.job] = try Zstd.decompress(body, maxBytes: Self.article.count)
            try reader.sendWorker(
                .result(JobResult(job: assignment.job, attempt: assignment.attempt), document: Array("{}".utf8)))
        }
        #expect(bodies[first[0]] == Self.article && bodies[second[0]] == Self.article)
        #expect(try client.show(second[0]).job.bodyBytes == Self.article.count, "limits and sizes see the article")

        // A raw client that compresses: bad frames are malformed, a bomb is too large, nothing is queued.
        let raw = try RawPeer(context: context, endpoint: cluster.endpoint, curve: nil)
        func refusal(_ bodies: [[UInt8]], encoding: String = "zstd") throws -> String? {
            var submit = Submit(
                req: 9, articles: bodies.indices.map { ArticleMeta(source: "x\($0).html", format: .html) })
            submit.bodyEncoding = encoding
            try raw.send(Self.submitFrames(submit, bodies: bodies))
            guard let frames = try raw.await("ERROR", within: 10) else { return nil }
            return try JSONDecoder().decode(ErrorReply.self, from: Data(frames[2])).code.rawValue
        }
        #expect(try refusal([Array("not zstd at all".utf8)]) == "malformed")
        #expect(try refusal([Zstd.compress(Self.article)], encoding: "gzip") == "malformed")
        let bomb = Zstd.compress([UInt8](repeating: 0x41, count: 5_000_000))
        #expect(bomb.count < 10_000)
        #expect(try refusal([bomb]) == "too-large")
        #expect(try client.status().queue.done == 2 && client.status().queue.queued == 0)
    }
}

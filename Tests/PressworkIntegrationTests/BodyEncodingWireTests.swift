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
}

import Foundation
import PressworkTestSupport
import Testing

/// `presswork submit crawl.warc`: HTML responses become jobs with their target URI; no fetching.
@Suite("WARC files as input")
struct WARCSubmitTests {
    static func record(_ type: String, uri: String, block: String, length: Int? = nil) -> String {
        let bytes = block.utf8.count
        return "WARC/1.1\r\nWARC-Type: \(type)\r\nWARC-Target-URI: \(uri)\r\n"
            + "WARC-Date: 2026-12-01T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:\(UUID().uuidString)>\r\n"
            + "Content-Type: application/http; msgtype=\(type)\r\nContent-Length: \(length.map(String.init) ?? String(bytes))\r\n\r\n"
            + block + "\r\n\r\n"
    }

    static func response(_ uri: String, status: Int = 200, type: String = "text/html; charset=utf-8", body: String)
        -> String
    {
        record(
            "response", uri: uri,
            block: "HTTP/1.1 \(status) OK\r\nContent-Type: \(type)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        )
    }

    static func page(_ words: String) -> String {
        "<html><head><title>\(words)</title></head><body><article><p>\(words) The council met on Monday and approved the plan after a long debate.</p></article></body></html>"
    }

    @Test(
        "HTML responses become jobs (URL from the record); other records are counted, a malformed one is reported with its offset; --resume goes on after the last acknowledged record"
    )
    func submitAndResume() throws {
        let cluster = try TestCluster("warc-submit")
        try cluster.startCoordinator()
        try cluster.startWorker("w1")
        let file = cluster.directory.appendingPathComponent("crawl.warc")
        var text = Self.record("warcinfo", uri: "", block: "software: test")
        text += Self.record(
            "request", uri: "https://news.example/a", block: "GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n")
        text += Self.response("https://news.example/a", body: Self.page("Tram line approved"))
        text += Self.record(
            "response", uri: "https://news.example/broken", block: "HTTP/1.1 200 OK\r\n\r\nx", length: -5)
        text += Self.response("https://news.example/missing", status: 404, body: "not found")
        text += Self.response("https://news.example/logo.png", type: "image/png", body: "PNG")
        text += Self.response("https://news.example/b", body: Self.page("Bridge reopens"))
        try Data(text.utf8).write(to: file)

        let first = try cluster.run(["submit", "--batch", "crawl-1", file.path])
        #expect(first.status == 2, "the malformed record is an input error: \(first)")
        #expect(first.lines.count == 2, "\(first)")
        #expect(first.stderr.contains("crawl.warc@") && first.stderr.contains("skipped"), "\(first.stderr)")
        #expect(first.stderr.contains("2 HTML response record(s) read"), "\(first.stderr)")
        #expect(try waitForFinal(first.lines, in: cluster, timeout: 60).allSatisfy { $0 == .done })
        let urls = try exportedDocuments(cluster).compactMap { $0.document["url"] as? String }.sorted()
        #expect(urls == ["https://news.example/a", "https://news.example/b"])
        // The crawler's fetch is the document's: status, type and the record's date.
        let fetches = try exportedDocuments(cluster).compactMap { $0.document["fetch"] as? [String: Any] }
        #expect(fetches.count == 2)
        #expect(fetches.allSatisfy { $0["archive"] as? String == "warc" && $0["status"] as? Int == 200 })
        #expect(fetches.allSatisfy { $0["fetchedAt"] as? String == "2026-12-01T10:00:00Z" }, "\(fetches)")
        #expect(fetches.allSatisfy { ($0["contentType"] as? String)?.hasPrefix("text/html") == true })

        // More records arrive; a resumed submit sends only those, in the same batch.
        let more = Self.response("https://news.example/c", body: Self.page("Library opens"))
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(more.utf8))
        try handle.close()
        let resumed = try cluster.run(["submit", "--resume", file.path])
        #expect(resumed.status == 0, "\(resumed)")
        #expect(resumed.lines.count == 1 && resumed.stderr.contains("batch crawl-1"), "\(resumed)")
        #expect(try waitForFinal(resumed.lines, in: cluster, timeout: 60) == [.done])
        let again = try cluster.run(["submit", "--resume", file.path])
        #expect(again.status == 0 && again.lines.isEmpty, "nothing new: \(again)")
    }
}

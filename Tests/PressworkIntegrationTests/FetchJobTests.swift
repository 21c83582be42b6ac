import Foundation
import PressworkProtocol
import PressworkTestSupport
import Testing

/// Articles submitted by URL, fetched by real workers from a real HTTP server on loopback.
@Suite("URL jobs: workers fetch the pages")
struct FetchJobTests {
    static let story =
        "Le conseil a approuvé le nouveau tramway lundi après un long débat sur son coût et son tracé dans la vieille ville, et le café du coin s'en réjouit."

    static func server() throws -> LocalHTTPServer {
        try LocalHTTPServer { path in
            switch path {
            case "/page":
                // Latin-1 bytes, declared only in the Content-Type header.
                return .init(
                    headers: [("Content-Type", "text/html; charset=ISO-8859-1")],
                    body: Array("<html><body><article><p>".utf8)
                        + story.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
                        + Array("</p></article></body></html>".utf8))
            case "/hop": return .redirect(to: "/page")
            case "/robots.txt":
                return .init(
                    headers: [("Content-Type", "text/plain")],
                    body: Array("User-agent: *\nDisallow: /private\n\nUser-agent: otherbot\nDisallow: /\n".utf8))
            case "/busy": return .init(status: 503, headers: [("Retry-After", "1")])
            case "/gone": return .init(status: 410)
            case "/limit": return .init(status: 429, headers: [("Retry-After", "1")])
            case "/loop": return .redirect(to: "/loop")
            case "/slow":
                return .init(headers: [("Content-Type", "text/html")], body: Array("<p>late</p>".utf8), delay: 4)
            case "/cyrillic":
                // windows-1251 bytes, declared only in the page's <meta>.
                let text = "Городской совет одобрил новую линию трамвая после долгих споров о её стоимости и маршруте."
                return .init(
                    headers: [("Content-Type", "text/html")],
                    body: Array("<html><head><meta charset=\"windows-1251\"></head><body><article><p>".utf8)
                        + text.unicodeScalars.map(Self.cp1251)
                        + Array("</p></article></body></html>".utf8))
            case "/pdf": return .init(headers: [("Content-Type", "application/pdf")], body: Array("%PDF-1.4".utf8))
            default: return .init(status: 404)
            }
        }
    }

    /// The windows-1251 byte of a Cyrillic or ASCII scalar (the letters the page above uses).
    static func cp1251(_ scalar: Unicode.Scalar) -> UInt8 {
        switch scalar.value {
        case 0x0410...0x044F: UInt8(scalar.value - 0x0410 + 0xC0)
        case 0x0451: 0xB8
        default: UInt8(truncatingIfNeeded: scalar.value)
        }
    }

    func show(_ id: String, in cluster: TestCluster) throws -> (job: JobInfo, document: [String: Any]?) {
        let (job, document) = try cluster.client().show(id)
        return (job, document.flatMap { try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] })
    }

    @Test(
        "submit URLs, --urls and url-only JSON lines: pages fetched, redirects followed, charset from the header; 404 and PDF fail at once, 503 is retried"
    )
    func fetched() throws {
        let server = try Self.server()
        let cluster = try TestCluster("fetch-jobs")
        try cluster.startCoordinator(["--retries", "1", "--retry-base", "0.2"])
        try cluster.startWorker("w1", ["--allow-private-networks"])
        let list = cluster.directory.appendingPathComponent("urls.txt")
        try Data("# pages\n\n\(server.url("/pdf"))\n".utf8).write(to: list)
        let submitted = try cluster.run(
            [
                "submit", server.url("/hop"), server.url("/missing"), server.url("/busy"), "--urls", list.path,
                server.url("/private/page"),
            ])
        #expect(submitted.status == 0, "\(submitted)")
        let ids = submitted.lines
        try #require(ids.count == 5)
        let line = #"{"id": "by-line", "url": "\#(server.url("/page"))"}"#
        let viaStdin = try cluster.run(["submit", "-"], input: Array(line.utf8))
        #expect(viaStdin.status == 0 && viaStdin.lines.count == 1, "\(viaStdin)")
        let all = ids + viaStdin.lines
        let states = try waitForFinal(all, in: cluster, timeout: 120)
        #expect(states == [.done, .dead, .dead, .dead, .dead, .done], "\(states)")

        let page = try show(ids[0], in: cluster)
        let fetch = try #require(page.document?["fetch"] as? [String: Any])
        #expect(fetch["requestedUrl"] as? String == server.url("/hop"))
        #expect(fetch["finalUrl"] as? String == server.url("/page"))
        #expect(fetch["status"] as? Int == 200 && fetch["redirects"] as? Int == 1)
        #expect(page.document?["url"] as? String == server.url("/page"))
        #expect((page.document?["text"] as? String)?.contains("approuvé le nouveau tramway") == true)
        #expect(
            page.document?["charset"] as? String == "windows-1252"
                || page.document?["charset"] as? String == "iso-8859-1")

        let missing = try show(ids[1], in: cluster).job
        #expect(missing.attempts == 1 && missing.errors.map(\.code) == ["http-404"], "\(missing.errors)")
        let busy = try show(ids[2], in: cluster).job
        #expect(busy.attempts == 2 && busy.errors.map(\.code) == ["http-503", "http-503"], "\(busy.errors)")
        // The server's Retry-After (1 s) is waited out, though the coordinator's own back-off is 0.2 s.
        let times = busy.errors.compactMap { wallSeconds($0.at) }
        #expect(times.count == 2 && times[1] - times[0] >= 0.95, "\(busy.errors.map(\.at))")
        let robots = try show(ids[3], in: cluster).job
        #expect(robots.attempts == 1 && robots.errors.map(\.code) == ["robots-disallowed"], "\(robots.errors)")
        #expect(!server.requests.contains { $0.path == "/private/page" }, "robots.txt is read first")
        #expect(server.requests.filter { $0.path == "/robots.txt" }.count <= 2, "kept per slot, not fetched per job")
        let pdf = try show(ids[4], in: cluster).job
        #expect(pdf.attempts == 1 && pdf.errors.map(\.code) == ["not-html"], "\(pdf.errors)")
        let byLine = try show(viaStdin.lines[0], in: cluster)
        #expect(byLine.job.article.articleId == "by-line" && byLine.document?["articleId"] as? String == "by-line")
        #expect(server.requests.allSatisfy { $0.headers.contains("User-Agent: Presswork/") })
    }

    @Test(
        "without --allow-private-networks a worker refuses a loopback URL after DNS, and the server never hears of it")
    func privateRefused() throws {
        let server = try Self.server()
        let cluster = try TestCluster("fetch-private")
        try cluster.startCoordinator()
        try cluster.startWorker("w1")
        let bad = try cluster.run(["submit", "ftp://localhost/page"])
        #expect(bad.status == 2 && bad.lines.isEmpty, "checked before anything is sent: \(bad)")
        let submitted = try cluster.run(["submit", "http://localhost:\(server.port)/page"])
        #expect(submitted.status == 0, "\(submitted)")
        try #require(submitted.lines.count == 1)
        #expect(try waitForFinal(submitted.lines, in: cluster, timeout: 60) == [.dead])
        let job = try show(submitted.lines[0], in: cluster).job
        #expect(job.errors.map(\.code) == ["private-address"] && job.attempts == 1, "\(job.errors)")
        #expect(server.requests.isEmpty)
    }

    @Test("process fetches URLs itself: the same document as a worker's, private addresses refused unless allowed")
    func processFetches() throws {
        let server = try Self.server()
        let cluster = try TestCluster("process-fetch")
        let refused = try cluster.run(["process", "--json", server.url("/page")])
        #expect(refused.status == 1 && refused.stdout.contains("private-address"), "\(refused)")
        #expect(server.requests.isEmpty)
        let done = try cluster.run(
            ["process", "--json", "--allow-private-networks", server.url("/hop"), server.url("/missing")])
        #expect(done.status == 1, "the 404 is a failure: \(done)")
        let lines = done.lines.compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        try #require(lines.count == 2, "\(done)")
        #expect((lines[0]["text"] as? String)?.contains("approuvé le nouveau tramway") == true)
        #expect((lines[0]["fetch"] as? [String: Any])?["finalUrl"] as? String == server.url("/page"))
        #expect((lines[1]["error"] as? [String: Any])?["code"] as? String == "http-404", "\(lines[1])")
    }

    @Test(
        "410 and a redirect loop fail at once; 429 waits its Retry-After; a slow page times out and is retried; a charset from <meta>"
    )
    func moreOutcomes() throws {
        let server = try Self.server()
        let cluster = try TestCluster("fetch-outcomes")
        try cluster.startCoordinator(["--retries", "1", "--retry-base", "0.2"])
        try cluster.startWorker("w1", ["--allow-private-networks", "--fetch-timeout", "1"])
        let paths = ["/gone", "/loop", "/limit", "/slow", "/cyrillic"]
        let submitted = try cluster.run(["submit"] + paths.map(server.url))
        #expect(submitted.status == 0, "\(submitted)")
        let ids = submitted.lines
        try #require(ids.count == paths.count)
        let states = try waitForFinal(ids, in: cluster, timeout: 120)
        #expect(states == [.dead, .dead, .dead, .dead, .done], "\(states)")
        let codes = try ids.map { try show($0, in: cluster).job.errors.map(\.code) }
        #expect(codes[0] == ["http-410"] && codes[1] == ["too-many-redirects"], "\(codes)")
        #expect(codes[2] == ["http-429", "http-429"] && codes[3] == ["fetch-timeout", "fetch-timeout"], "\(codes)")
        let limited = try show(ids[2], in: cluster).job.errors.compactMap { wallSeconds($0.at) }
        #expect(limited.count == 2 && limited[1] - limited[0] >= 0.95, "Retry-After: 1 is waited out")
        let page = try show(ids[4], in: cluster).document
        #expect(
            (page?["text"] as? String)?.contains("одобрил новую линию трамвая") == true, "\(String(describing: page))")
        #expect(page?["charset"] as? String == "windows-1251")
    }
}

import Foundation
import PressworkProtocol
import PressworkTestSupport
import Testing

/// `submit --feed` and `--sitemap` against a real HTTP server on loopback, with real workers.
@Suite("Feeds and sitemaps expand into URL jobs")
struct FeedSubmitTests {
    /// A page that names no title, author or date of its own: whatever the document has came from the listing.
    static func bare(_ words: String) -> LocalHTTPServer.Response {
        .html(
            "<html><body><article><p>\(words) The committee heard from residents for three hours before the"
                + " vote, and the chair said the plan would be reviewed again next spring.</p></article></body></html>")
    }

    /// What the server answers; `feedVersion` changes what the followed feed lists.
    final class Site: @unchecked Sendable {
        let lock = NSLock()
        var feedVersion = 1
        var base = ""

        func rss() -> LocalHTTPServer.Response {
            lock.lock()
            let version = feedVersion
            lock.unlock()
            var items = """
                <item><title>Harbour vote delayed</title><link>\(base)/rss/1</link>
                  <pubDate>Wed, 01 May 2024 08:30:00 +0000</pubDate><author>desk@x.example (Ann Lee)</author></item>
                """
            if version >= 2 {
                items += "<item><title>Second story</title><link>\(base)/rss/2</link></item>"
            }
            return .init(
                headers: [("Content-Type", "application/rss+xml"), ("ETag", "\"v\(version)\"")],
                body: Array("<rss version=\"2.0\"><channel><title>Desk</title>\(items)</channel></rss>".utf8))
        }

        func respond(_ path: String, _ headers: String) -> LocalHTTPServer.Response {
            switch path {
            case "/robots.txt": return .init(status: 404)
            case "/rss.xml":
                lock.lock()
                let current = "\"v\(feedVersion)\""
                lock.unlock()
                if headers.contains("If-None-Match: \(current)") { return .init(status: 304) }
                return rss()
            case "/atom.xml":
                return .init(
                    headers: [("Content-Type", "application/atom+xml")],
                    body: Array(
                        """
                        <feed xmlns="http://www.w3.org/2005/Atom"><title>Atom desk</title>
                          <entry><title>Tram line approved</title><link href="/atom/1"/>
                            <published>2024-05-02T10:00:00Z</published><author><name>Bo Chen</name></author></entry>
                        </feed>
                        """.utf8))
            case "/sitemap.xml":
                return .init(
                    headers: [("Content-Type", "application/xml")],
                    body: Array(
                        """
                        <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                          <sitemap><loc>\(base)/news-sitemap.xml.gz</loc></sitemap>
                          <sitemap><loc>\(base)/broken-sitemap.xml</loc></sitemap>
                        </sitemapindex>
                        """.utf8))
            case "/news-sitemap.xml.gz":
                let xml = """
                    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
                            xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
                      <url><loc>\(base)/news/1</loc><news:news>
                        <news:publication><news:name>X</news:name><news:language>en</news:language></news:publication>
                        <news:publication_date>2024-05-03T07:00:00Z</news:publication_date>
                        <news:title>Library opens in the old mill</news:title></news:news></url>
                      <url><loc>\(base)/news/2</loc></url>
                    </urlset>
                    """
                return .init(
                    headers: [("Content-Type", "application/gzip")],
                    body: (try? GzipCommand.compress(Array(xml.utf8))) ?? [])
            case "/broken-sitemap.xml": return .init(status: 500)
            case let page where page.hasPrefix("/rss/") || page.hasPrefix("/atom/") || page.hasPrefix("/news/"):
                return FeedSubmitTests.bare("Story \(page).")
            default: return .init(status: 404)
            }
        }
    }

    static func document(_ id: String, in cluster: TestCluster) throws -> [String: Any] {
        let (_, document) = try cluster.client().show(id)
        let bytes = try #require(document)
        return try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test(
        "--feed (RSS, Atom) and --sitemap (index, gzipped news sitemap): every page fetched, the listing's title, author and date in the document; a broken child sitemap is reported"
    )
    func expanded() throws {
        let site = Site()
        let server = try LocalHTTPServer(answering: site.respond)
        defer { server.stop() }
        site.base = "http://127.0.0.1:\(server.port)"
        let cluster = try TestCluster("feeds")
        try cluster.startCoordinator()
        try cluster.startWorker("w1", ["--allow-private-networks"])

        let refused = try cluster.run(["submit", "--feed", server.url("/rss.xml")])
        #expect(refused.status == 2 && refused.stderr.contains("private"), "\(refused)")

        let submitted = try cluster.run(
            [
                "submit", "--allow-private-networks", "--feed", server.url("/rss.xml"), "--feed",
                server.url("/atom.xml"), "--sitemap", server.url("/sitemap.xml"),
            ])
        #expect(submitted.status == 2, "the broken child sitemap is an input error: \(submitted)")
        #expect(submitted.stderr.contains("broken-sitemap.xml"), "\(submitted.stderr)")
        let ids = submitted.lines
        try #require(ids.count == 4, "\(submitted)")
        let states = try waitForFinal(ids, in: cluster, timeout: 120)
        #expect(states == [.done, .done, .done, .done], "\(states)")

        // Order: sitemaps first, then feeds.
        let news = try Self.document(ids[0], in: cluster)
        #expect(news["title"] as? String == "Library opens in the old mill")
        #expect((news["published"] as? [String: Any])?["source"] as? String == "feed")
        #expect((news["published"] as? [String: Any])?["value"] as? String == "2024-05-03T07:00:00Z")
        let plain = try Self.document(ids[1], in: cluster)
        #expect(plain["published"] == nil)
        let rss = try Self.document(ids[2], in: cluster)
        #expect(rss["title"] as? String == "Harbour vote delayed")
        #expect(rss["authors"] as? [String] == ["Ann Lee"])
        #expect((rss["published"] as? [String: Any])?["value"] as? String == "2024-05-01T08:30:00Z")
        let atom = try Self.document(ids[3], in: cluster)
        #expect(atom["url"] as? String == server.url("/atom/1"))
        #expect(atom["authors"] as? [String] == ["Bo Chen"])
        let shown = try cluster.run(["show", ids[2]])
        #expect(shown.stdout.contains(server.url("/rss.xml")), "the job's source is the feed: \(shown.stdout)")
    }

    @Test("--follow: the feed is polled with its ETag, only new entries are submitted, SIGTERM stops it")
    func follow() throws {
        let site = Site()
        let server = try LocalHTTPServer(answering: site.respond)
        defer { server.stop() }
        site.base = "http://127.0.0.1:\(server.port)"
        let cluster = try TestCluster("feed-follow")
        try cluster.startCoordinator()
        try cluster.startWorker("w1", ["--allow-private-networks"])
        let following = try cluster.start(
            [
                "submit", "--allow-private-networks", "--feed", server.url("/rss.xml"), "--follow", "--interval", "10",
            ])
        try cluster.waitUntil(timeout: 30, "the first entry submitted") { following.output.lines.count == 1 }
        site.lock.lock()
        site.feedVersion = 2
        site.lock.unlock()
        try cluster.waitUntil(timeout: 30, "the new entry submitted") { following.output.lines.count == 2 }
        // One more poll: unchanged now, so a 304 and nothing submitted.
        let polls = { server.requests.filter { $0.path == "/rss.xml" } }
        try cluster.waitUntil(timeout: 30, "a third poll") { polls().count >= 3 }
        following.signal(SIGTERM)
        let result = try following.finish(within: 10)
        #expect(result.status == 0, "\(result)")
        #expect(result.lines.count == 2, "\(result.lines)")
        #expect(polls()[1].headers.contains("If-None-Match: \"v1\""))
        #expect(polls()[2].headers.contains("If-None-Match: \"v2\""))
        let states = try waitForFinal(result.lines, in: cluster, timeout: 60)
        #expect(states == [.done, .done], "\(states)")
    }

    @Test(
        "--sitemap of a site's address reads the sitemaps its robots.txt names (a text sitemap here); --feed of a page follows the feed it announces"
    )
    func siteAddress() throws {
        let server = try LocalHTTPServer(answering: { path, _ in
            switch path {
            case "/robots.txt":
                return .init(headers: [("Content-Type", "text/plain")], body: Array("Sitemap: /list.txt\n".utf8))
            case "/home":
                return .html(
                    #"<html><head><link rel="alternate" type="application/rss+xml" href="/feed"></head></html>"#)
            case "/feed":
                return .init(
                    headers: [("Content-Type", "application/rss+xml")],
                    body: Array("<rss><channel><item><link>/page-b</link></item></channel></rss>".utf8))
            case "/list.txt":
                return .init(
                    headers: [("Content-Type", "text/plain")], body: Array("http://127.0.0.1/page-a\n".utf8))
            default: return FeedSubmitTests.bare("Story \(path).")
            }
        })
        defer { server.stop() }
        let cluster = try TestCluster("feeds-site")
        try cluster.startCoordinator()
        let result = try cluster.run(["submit", "--allow-private-networks", "--sitemap", server.url("/")])
        let discovered = try cluster.run(["submit", "--allow-private-networks", "--feed", server.url("/home")])
        #expect(discovered.status == 0 && discovered.lines.count == 1, "a page announcing its feed: \(discovered)")
        #expect(result.status == 0, "\(result)")
        #expect(result.lines.count == 1 && result.stderr.contains("list.txt"), "\(result)")
        let job = try cluster.client().show(try #require(result.lines.first)).job
        #expect(job.article.url == "http://127.0.0.1/page-a")
    }
}

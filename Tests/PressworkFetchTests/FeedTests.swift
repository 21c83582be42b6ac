import Foundation
import PressworkFetch
import PressworkTestSupport
import PressworkWARC
import Testing

@Suite("Feeds and sitemaps: RSS, Atom, urlset, index, news; dates; gzip")
struct FeedTests {
    static func parse(_ xml: String, base: String = "https://news.example/feeds/main.xml") throws -> FeedDocument {
        try FeedParser.parse(Array(xml.utf8), baseURL: base)
    }

    @Test("RSS 2.0: links resolved, guid as permalink, title markup removed, RFC 822 dates, author names")
    func rss() throws {
        let document = try Self.parse(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel>
                <title>City Desk</title><language>en-GB</language>
                <item>
                  <title><![CDATA[Council <b>approves</b> tram]]></title>
                  <link>/2024/05/tram</link>
                  <pubDate>Wed, 01 May 2024 08:30:00 +0200</pubDate>
                  <dc:creator>Ann Lee</dc:creator>
                </item>
                <item>
                  <title>Ferry timetable</title>
                  <guid>https://news.example/2024/05/ferry</guid>
                  <pubDate>Thu, 2 May 2024 10:00 GMT</pubDate>
                  <author>desk@news.example (Bo Chen)</author>
                </item>
                <item><title>No link at all</title><guid isPermaLink="false">tag:1</guid></item>
                <item><title>Same again</title><link>https://news.example/2024/05/tram</link></item>
                <item><title>Mail</title><link>mailto:desk@news.example</link></item>
              </channel>
            </rss>
            """)
        #expect(document.kind == .rss && document.title == "City Desk")
        #expect(
            document.entries.map(\.url) == ["https://news.example/2024/05/tram", "https://news.example/2024/05/ferry"])
        let first = document.entries[0]
        #expect(first.title == "Council approves tram")
        #expect(first.published == "2024-05-01T06:30:00Z")
        #expect(first.author == "Ann Lee" && first.language == "en-GB")
        #expect(document.entries[1].author == "Bo Chen")
        #expect(document.entries[1].published == "2024-05-02T10:00:00Z")
        #expect(document.skipped == 2, "the guid that is no permalink and the mailto link")
    }

    @Test("Atom: the alternate HTML link, published before updated, author name, xml:lang")
    func atom() throws {
        let document = try Self.parse(
            """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="kk">
              <title>Жаңалықтар</title>
              <entry>
                <title type="html">Алматыда &lt;em&gt;жаңа&lt;/em&gt; кітапхана</title>
                <link rel="self" href="https://kk.example/api/1"/>
                <link rel="alternate" type="application/json" href="https://kk.example/1.json"/>
                <link rel="alternate" type="text/html" href="https://kk.example/1"/>
                <published>2024-05-01T09:00:00+06:00</published>
                <updated>2024-05-03T09:00:00+06:00</updated>
                <author><name>Айгүл</name></author>
              </entry>
              <entry xml:lang="ru">
                <title>Второй</title><link href="2"/><updated>2024-05-02T01:02:03.250Z</updated>
              </entry>
            </feed>
            """, base: "https://kk.example/feed/")
        #expect(document.kind == .atom && document.title == "Жаңалықтар")
        #expect(document.entries.map(\.url) == ["https://kk.example/1", "https://kk.example/feed/2"])
        #expect(document.entries[0].title == "Алматыда жаңа кітапхана")
        #expect(document.entries[0].published == "2024-05-01T03:00:00Z")
        #expect(document.entries[0].author == "Айгүл" && document.entries[0].language == "kk")
        #expect(document.entries[1].published == "2024-05-02T01:02:03Z" && document.entries[1].language == "ru")
    }

    @Test("RSS 1.0 (RDF): items beside the channel, dc:date")
    func rdf() throws {
        let document = try Self.parse(
            """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                     xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="https://old.example/"><title>Old</title></channel>
              <item rdf:about="https://old.example/a"><title>A</title><dc:date>2003-06-10</dc:date></item>
            </rdf:RDF>
            """)
        #expect(document.kind == .rss && document.title == "Old")
        #expect(document.entries == [FeedEntry(url: "https://old.example/a", title: "A", published: "2003-06-10")])
    }

    @Test("Sitemaps: urlset with Google News fields, and an index of child sitemaps")
    func sitemaps() throws {
        let urlset = try Self.parse(
            """
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
                    xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
              <url>
                <loc>https://news.example/a</loc>
                <news:news>
                  <news:publication><news:name>Example</news:name><news:language>de</news:language></news:publication>
                  <news:publication_date>2024-05-01T08:30:00+02:00</news:publication_date>
                  <news:title>Straßenbahn beschlossen</news:title>
                </news:news>
              </url>
              <url><loc> https://news.example/b </loc><lastmod>2024-05-02</lastmod></url>
              <url><loc>ftp://news.example/c</loc></url>
            </urlset>
            """)
        #expect(urlset.kind == .urlset && urlset.skipped == 1)
        #expect(
            urlset.entries == [
                FeedEntry(
                    url: "https://news.example/a", title: "Straßenbahn beschlossen", published: "2024-05-01T06:30:00Z",
                    language: "de"),
                FeedEntry(url: "https://news.example/b"),
            ])
        let index = try Self.parse(
            """
            <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <sitemap><loc>https://news.example/sitemap-news.xml.gz</loc></sitemap>
              <sitemap><loc>/sitemap-2.xml</loc></sitemap>
            </sitemapindex>
            """)
        #expect(index.kind == .sitemapIndex)
        #expect(index.sitemaps == ["https://news.example/sitemap-news.xml.gz", "https://news.example/sitemap-2.xml"])
    }

    @Test("Text sitemaps, robots.txt Sitemap lines, FeedBurner's original links")
    func otherForms() throws {
        let text = FeedParser.parseTextSitemap(
            Array("https://a.example/1\n\nhttps://a.example/2\r\nhttps://a.example/1\n".utf8),
            baseURL: "https://a.example/s.txt")
        #expect(text?.kind == .urlset && text?.entries.map(\.url) == ["https://a.example/1", "https://a.example/2"])
        #expect(
            FeedParser.parseTextSitemap(Array("<html>not a list</html>".utf8), baseURL: "https://a.example/") == nil)
        #expect(FeedParser.parseTextSitemap([], baseURL: "https://a.example/") == nil)
        let robots = "User-agent: *\nDisallow: /x\nSitemap: https://a.example/news.xml\nsitemap:/other.xml\n"
        #expect(
            FeedParser.sitemaps(inRobotsTxt: Array(robots.utf8), baseURL: "https://a.example/robots.txt")
                == ["https://a.example/news.xml", "https://a.example/other.xml"])
        let burned = try Self.parse(
            """
            <rss xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><channel><item>
              <link>https://feeds.example/~r/x/~3/abc/</link><feedburner:origLink>https://a.example/story</feedburner:origLink>
            </item></channel></rss>
            """)
        #expect(burned.entries.map(\.url) == ["https://a.example/story"])
    }

    @Test("Not a listing: HTML, empty or non-XML input is a clear error")
    func notAListing() {
        #expect(throws: FeedError.self) { try Self.parse("<html><body>hi</body></html>") }
        #expect(throws: FeedError.self) { try Self.parse("") }
        #expect(throws: FeedError.self) { try Self.parse("just text") }
    }

    @Test("No external entities: a feed cannot make the reader read local files")
    func noExternalEntities() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("feed-secret-\(getpid())")
        try "TOP-SECRET-CONTENT".write(to: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secret) }
        let document = try Self.parse(
            """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY leak SYSTEM "file://\(secret.path)">]>
            <rss><channel><item><title>x &leak; y</title><link>https://a.example/1</link></item></channel></rss>
            """)
        #expect(document.entries.count == 1)
        #expect(document.entries.first?.title?.contains("TOP-SECRET") != true, "\(document.entries)")
    }

    @Test("Dates: RFC 822 variants and W3C datetimes to ISO 8601; junk is no date")
    func dates() {
        #expect(FeedDates.iso8601("Tue, 10 Jun 2003 04:00:00 GMT") == "2003-06-10T04:00:00Z")
        #expect(FeedDates.iso8601("10 Jun 2003 04:00:00 -0500") == "2003-06-10T09:00:00Z")
        #expect(
            FeedDates.iso8601("Mon, 10 Jun 2003 04:00:00 UT") == "2003-06-10T04:00:00Z", "a wrong weekday is ignored")
        #expect(FeedDates.iso8601("2024-05-01T08:30+02:00") == "2024-05-01T06:30:00Z")
        #expect(FeedDates.iso8601("2024-05-01") == "2024-05-01")
        #expect(FeedDates.iso8601("yesterday") == nil)
    }

    @Test("Gunzip: members concatenated, a cut stream and a bomb over the limit are errors")
    func gunzip() throws {
        let text = Array(String(repeating: "<url><loc>https://a.example/</loc></url>\n", count: 2_000).utf8)
        let packed = try GzipCommand.compress(text)
        #expect(Gunzip.isGzip(packed) && !Gunzip.isGzip(text))
        #expect(try Gunzip.decompress(packed, maxBytes: 1 << 20) == text)
        #expect(try Gunzip.decompress(packed + packed, maxBytes: 1 << 20) == text + text)
        #expect(throws: GunzipError.self) { try Gunzip.decompress(Array(packed.dropLast(10)), maxBytes: 1 << 20) }
        #expect(throws: GunzipError.self) { try Gunzip.decompress(packed, maxBytes: 1_000) }
        #expect(throws: GunzipError.self) { try Gunzip.decompress([0x1f, 0x8b, 1, 2, 3], maxBytes: 1_000) }
    }

    @Test("Conditional fetches: validators go out, a 304 is a success without a body")
    func conditional() throws {
        let server = try LocalHTTPServer(answering: { _, headers in
            if headers.contains("If-None-Match: \"v1\"") { return .init(status: 304, headers: [("ETag", "\"v1\"")]) }
            return .init(
                headers: [
                    ("Content-Type", "application/rss+xml"), ("ETag", "\"v1\""),
                    ("Last-Modified", "Wed, 01 May 2024 08:30:00 GMT"),
                ], body: Array("<rss/>".utf8))
        })
        defer { server.stop() }
        var policy = FetchPolicy()
        policy.allowPrivateNetworks = true
        let fetcher = try Fetcher(policy: policy)
        let first = try fetcher.fetch(server.url("/feed"), acceptAnyType: true).get()
        #expect(first.status == 200 && first.etag == "\"v1\"" && first.lastModified == "Wed, 01 May 2024 08:30:00 GMT")
        let second = try fetcher.fetch(
            server.url("/feed"), acceptAnyType: true,
            validators: Validators(etag: first.etag, lastModified: first.lastModified)
        ).get()
        #expect(second.notModified && second.body.isEmpty && second.etag == "\"v1\"")
        #expect(server.requests.last?.headers.contains("If-Modified-Since: Wed, 01 May 2024 08:30:00 GMT") == true)
        // A validator holding a line break is not sent (it would add a header).
        _ = fetcher.fetch(server.url("/feed"), acceptAnyType: true, validators: Validators(etag: "\"a\"\r\nX-Evil: 1"))
        #expect(server.requests.last?.headers.contains("X-Evil") == false)
    }
}

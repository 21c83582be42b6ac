import Foundation
import Testing

@testable import PressworkPipeline

/// Which date wins when a page's sources disagree, and the sources found on pages of the 2025 web: dates
/// printed under the headline, site-specific meta names, page-builder blocks and the state JSON of pages
/// rendered by scripts.
@Suite("Metadata: date sources and conflicts")
struct MetadataDateSourcesTests {
    static let story = """
        <p>The city opened three night bus routes to the northern districts on Monday, after a year of trials
        on the busiest one and a public consultation that drew more answers than any before it.</p>
        """

    static func article(linkedData: String = "", header: String) -> String {
        MetadataFixture.page(
            head: linkedData.isEmpty
                ? "" : "<script type=\"application/ld+json\">{\"@type\":\"BlogPosting\",\(linkedData)}</script>",
            body: "<article><h1>Night buses reach the north</h1>\(header)\(story)</article>")
    }

    @Test("a date printed under the headline wins over a declared date the page never shows")
    func printedDateWins() {
        // A CMS that stamps the last re-publication in JSON-LD while the page prints the story's date.
        let html = Self.article(
            linkedData: "\"datePublished\":\"2024-06-20T10:00:00Z\"",
            header: "<div class=\"meta\"><span>Dana Ortiz</span><p>March 18, 2024</p></div>")
        #expect(MetadataFixture.run(html).published == DateFact(value: "2024-03-18", source: "text"))
    }

    @Test("the declared date stays when the page prints it too, or prints only a revision date")
    func declaredDateStays() {
        let both = Self.article(
            linkedData: "\"datePublished\":\"2024-03-18T10:00:00Z\"",
            header: "<div><p>June 20, 2024</p><p>First published March 18, 2024</p></div>")
        #expect(MetadataFixture.run(both).published?.value == "2024-03-18T10:00:00Z")
        for line in [
            "Updated June 20, 2024", "Last updated: 20.06.2024", "Aktualisiert am 20. Juni 2024",
            "Updated <time datetime=\"2024-06-20T08:00:00Z\">June 20</time>",
        ] {
            let updated = Self.article(
                linkedData: "\"datePublished\":\"2024-03-18T10:00:00Z\"", header: "<div class=\"info\">\(line)</div>")
            #expect(MetadataFixture.run(updated).published?.value == "2024-03-18T10:00:00Z", "\(line)")
        }
    }

    @Test("a day's difference is a time zone: the declared instant is kept")
    func timeZones() {
        let html = Self.article(
            linkedData: "\"datePublished\":\"2024-03-17T23:30:00Z\"", header: "<time>March 18, 2024</time>")
        #expect(MetadataFixture.run(html).published?.value == "2024-03-17T23:30:00Z")
    }

    @Test("meta names of one site that say 'published' (and Microsoft's ms.date) are read; the publisher is not a date")
    func siteSpecificMetas() {
        for meta in [
            "<meta name=\"w-published-date\" content=\"2024-03-18T06:03:43.274Z\">",
            "<meta name=\"published\" content=\"March 18, 2024\">",
            // Microsoft Learn's documentation.
            "<meta name=\"ms.date\" content=\"2024-03-18T00:00:00Z\"><meta name=\"updated_at\" content=\"2024-06-04\">",
        ] {
            let html = MetadataFixture.page(
                head: "<meta property=\"article:publisher\" content=\"https://example.com/2020/01/01\">\(meta)")
            #expect(MetadataFixture.run(html).published?.value.hasPrefix("2024-03-18") == true, "\(meta)")
        }
    }

    @Test("an article's own <aside> holds its date; an aside beside the article does not")
    func articleAside() {
        let navigation = (1...12).map { "<li><a href=\"/\($0)\">Section \($0)</a></li>" }.joined()
        let own = MetadataFixture.page(
            body: """
                <main><article><h1>Night buses reach the north</h1><nav><ul>\(navigation)</ul></nav>
                \(Self.story)\(Self.story)<aside><time datetime="2021-06-06">June 6, 2021</time></aside></article></main>
                """)
        #expect(MetadataFixture.run(own).published?.value == "2021-06-06")
        let beside = MetadataFixture.page(
            body: """
                <main><article><h1>Night buses reach the north</h1><nav><ul>\(navigation)</ul></nav>
                \(Self.story)\(Self.story)</article><aside><time datetime="2021-06-06">June 6, 2021</time></aside></main>
                """)
        #expect(MetadataFixture.run(beside).published == nil)
    }

    @Test("Tailwind's arbitrary values ([--sidebar-width:18rem]) do not make a block furniture")
    func tailwindArbitraryValues() {
        let html = MetadataFixture.page(
            body: """
                <main><section class="page-section [--sidebar-width:18rem] [--gap:2.5rem]"><div class="w-full
                lg:mr-[--sidebar-container-width]"><h1>Night buses reach the north</h1>\(String(repeating: Self.story, count: 11))
                <div class="post-date">Published on Oct 21, 2023</div></div></section></main>
                """)
        #expect(MetadataFixture.run(html).published?.value == "2023-10-21")
    }

    @Test("on a page without an <h1>, the date under its first <h2> is read")
    func dateUnderSecondLevelTitle() {
        let html = MetadataFixture.page(
            body: """
                <div class="hero"><h2>Night buses reach the north</h2><div class="details"><p>Luke Kim</p>
                <small>December 17, 2023</small></div></div>\(Self.story)
                """)
        #expect(MetadataFixture.run(html).published?.value == "2023-12-17")
    }

    @Test("a date under the headline is read inside page-builder blocks named widget or sidebar")
    func pageBuilderBlocks() {
        let html = MetadataFixture.page(
            body: """
                <div class="elementor-widget-container"><h1>Night buses reach the north</h1></div>
                <div class="elementor-widget elementor-widget-post-info"><ul><li><a href="/2024/03/18/">
                <span class="elementor-post-info__item--type-date"><time>March 18, 2024</time></span></a></li></ul></div>
                <div class="single-post-sidebar"><div class="single-post-date">March 18, 2024</div></div>
                \(Self.story)
                """)
        #expect(MetadataFixture.run(html).published?.value == "2024-03-18")
        // Replies under a thread's title are not the thread's date.
        let replies = MetadataFixture.page(
            body: """
                <h1>Night buses</h1><div class="replies"><div class="reply"><span>May 1, 2020</span></div></div>
                """)
        #expect(MetadataFixture.run(replies).published == nil)
    }

    static let shell = """
        <html><head><title>Night buses reach the north</title></head><body><article><h1>Night buses reach the
        north</h1>\(story)</article>SCRIPT</body></html>
        """

    @Test("an article rendered by scripts takes the date from its state JSON, first key on the page first")
    func stateJSON() throws {
        let plain = Self.shell.replacingOccurrences(
            of: "SCRIPT",
            with: """
                <script>window.__STATE__={"post":{"slug":"night-buses","publishedAt":"2024-03-18T10:00:00Z",
                "related":[{"publishedAt":"2023-01-01T00:00:00Z"}]}}</script>
                """)
        let document = try TestSupport.process(plain)
        #expect(document.published == DateFact(value: "2024-03-18T10:00:00Z", source: "script"))
        // JSON escaped inside a string, a number under the first key and a key with no date go on to the next.
        let escaped = Self.shell.replacingOccurrences(
            of: "SCRIPT",
            with: """
                <script>self.__next_f.push([1,"{\\"datePublished\\":1710756000,\\"pubDate\\":\\"soon\\",
                \\"first_publication_date\\":\\"2024-03-18T10:00:00+0000\\"}"])</script>
                """)
        #expect(try TestSupport.process(escaped).published?.value == "2024-03-18T10:00:00Z")
    }

    @Test("state JSON is not read on product pages, whose state dates the products")
    func stateJSONNotForProducts() throws {
        let html = """
            <html><head><title>Oak desk</title><meta property="og:type" content="product"></head><body>
            <h1>Oak desk</h1>\(Self.story)
            <script>var meta={"product":{"id":1,"published_at":"2021-02-12T12:42:39-05:00"}}</script></body></html>
            """
        let document = try TestSupport.process(html)
        #expect(document.pageType == "product")
        #expect(document.published == nil)
    }

    @Test("the keyword set finds the first keyword of any length, from an offset")
    func firstMatch() {
        let keys = KeywordSet(["publishedAt", "pubDate", "datePublished"])
        let text = Array("x\"pubDate\":1,\"datePublished\":\"2024\"".utf8)
        text.withUnsafeBufferPointer { bytes in
            #expect(keys.firstMatch(in: bytes, from: 0)?.offset == 2)
            #expect(keys.firstMatch(in: bytes, from: 3)?.offset == 14)
            #expect(keys.firstMatch(in: bytes, from: 14)?.length == 13)
            #expect(keys.firstMatch(in: bytes, from: 15) == nil)
        }
    }

    @Test("a date only a generic WebPage object declares is no sign of an article (SEO plugins date every page)")
    func genericPageDates() throws {
        let page = """
            <html><head><title>Office cleaning</title><script type="application/ld+json">{"@graph":[{"@type":"WebPage",
            "name":"Office cleaning","datePublished":"2023-03-17T10:00:00Z"}]}</script></head><body><h1>Office
            cleaning</h1><p>We clean offices at night, so that your staff find them ready in the morning. Ask for a
            quote today and we will visit within the week to measure the floors and plan the work.</p></body></html>
            """
        #expect(MetadataFixture.run(page).publishedByGenericPage)
        let document = try TestSupport.process(page, url: "https://example.com/en/services/office-cleaning")
        #expect(document.pageType == "service")
        #expect(document.published?.value == "2023-03-17T10:00:00Z")
        let posting = page.replacingOccurrences(of: "\"WebPage\"", with: "\"BlogPosting\"")
        #expect(!MetadataFixture.run(posting).publishedByGenericPage)
        #expect(
            try TestSupport.process(posting, url: "https://example.com/en/services/office-cleaning").pageType
                == "article")
    }
}

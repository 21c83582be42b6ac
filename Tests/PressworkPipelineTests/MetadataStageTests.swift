import Foundation
import Testing

@testable import PressworkPipeline

@Suite("Metadata stage: sources")
struct MetadataStageTests {
    @Test("OpenGraph title wins and loses its site suffix")
    func openGraphTitle() {
        let html = MetadataFixture.page(
            head: """
                <title>Flood barrier finished early | Riverton Post</title>
                <meta property="og:title" content="Flood barrier finished early">
                <meta property="og:site_name" content="Riverton Post">
                """)
        let output = MetadataFixture.run(html)
        #expect(output.title == "Flood barrier finished early")
        #expect(output.siteName == "Riverton Post")
    }

    @Test(
        "<title> without the site suffix",
        arguments: [
            ("Flood barrier finished early | Riverton Post", "Flood barrier finished early"),
            ("Flood barrier finished early - Riverton Post", "Flood barrier finished early"),
            ("Flood barrier finished early — Riverton Post", "Flood barrier finished early"),
            ("Flood barrier finished early :: Riverton Post", "Flood barrier finished early"),
            ("Flood barrier finished early | RP", "Flood barrier finished early"),
            ("Riverton Post | Flood barrier finished early", "Flood barrier finished early"),
            (
                "Spider-Man - A Hero for the Ages of Comics and Film",
                "Spider-Man - A Hero for the Ages of Comics and Film"
            ),
        ]
    )
    func titleSuffix(title: String, expected: String) {
        let html = MetadataFixture.page(
            head: "<title>\(title)</title><meta property=\"og:site_name\" content=\"Riverton Post\">")
        #expect(MetadataFixture.run(html).title == expected)
    }

    @Test("JSON-LD headline, else <h1> agreeing with <title>")
    func headlineAndHeading() {
        let jsonLD = MetadataFixture.page(
            head: """
                <script type="application/ld+json">{"@type":"NewsArticle","headline":"Barrier done"}</script>
                """)
        #expect(MetadataFixture.run(jsonLD).title == "Barrier done")
        let heading = MetadataFixture.page(
            head: "<title>Barrier done: the full story - Post</title>", body: "<h1>Barrier done: the full story</h1>")
        #expect(MetadataFixture.run(heading).title == "Barrier done: the full story")
        let onlyHeading = MetadataFixture.page(body: "<h1>Only a heading</h1>")
        #expect(MetadataFixture.run(onlyHeading).title == "Only a heading")
    }

    @Test("a sharing title's site suffix goes; the page's headline wins over its decorated title; a logo <h1> does not")
    func headlineWithoutDecoration() {
        let ogWithSite = MetadataFixture.page(
            head: """
                <meta property="og:title" content="Night buses reach the north | Riverton Post">
                <meta property="og:site_name" content="Riverton Post">
                """)
        #expect(MetadataFixture.run(ogWithSite).title == "Night buses reach the north")
        // A reference page: `Promise - JavaScript | MDN` with `<h1>Promise</h1>`.
        let reference = MetadataFixture.page(
            head:
                "<title>Promise - JavaScript | MDN</title><meta property=\"og:title\" content=\"Promise - JavaScript | MDN\">",
            body: "<h1>Promise</h1><p>The Promise object represents the eventual completion of an operation.</p>")
        #expect(MetadataFixture.run(reference).title == "Promise")
        // A site whose logo is its first <h1>, and whose title starts with the site's name.
        let logo = MetadataFixture.page(
            head: """
                <title>Riverton Post - Night buses reach the northern districts after a year of petitions</title>
                <meta property="og:site_name" content="Riverton Post">
                """,
            body: "<h1>Riverton Post</h1><h2>Night buses</h2><p>Text.</p>")
        #expect(MetadataFixture.run(logo).title != "Riverton Post")
        // A title whose own words follow a dash is not cut to a short heading before them.
        let longRest = MetadataFixture.page(
            head: "<title>Budget 2025 - what the new tax bands mean for families, pensioners and students</title>",
            body: "<h1>Budget 2025</h1><p>Text.</p>")
        #expect(MetadataFixture.run(longRest).title != "Budget 2025")
        // The visible headline wins over a title decorating it in ways no separator list foresees.
        let decorated = MetadataFixture.page(
            head: "<title>Riverton Post: Night buses reach the north (by Ana Lima) [updated]</title>",
            body: "<h1>Night buses reach the north</h1><p>Text.</p>")
        #expect(MetadataFixture.run(decorated).title == "Night buses reach the north")
        // An <h1> naming a section, not the story, leaves the title alone.
        let section = MetadataFixture.page(
            head: "<title>Night buses reach the northern districts | Riverton Post</title>",
            body: "<h1>Transport news</h1><p>Text.</p>")
        #expect(MetadataFixture.run(section).title == "Night buses reach the northern districts")
        // A sharing title reworded for search engines gives way to the page's only <h1>, the headline readers
        // see; an <h1> sharing few words with it (a tagline) does not.
        let reworded = MetadataFixture.page(
            head: "<meta property=\"og:title\" content=\"Best night bus routes in 2024 – top 5 picks\">",
            body: "<h1>Top 5: the night bus routes worth staying out for</h1><p>Text.</p>")
        #expect(MetadataFixture.run(reworded).title == "Top 5: the night bus routes worth staying out for")
        let tagline = MetadataFixture.page(
            head: "<meta property=\"og:title\" content=\"Rivermark: identity theft protection for families\">",
            body: "<h1>Sleep well, we watch your name</h1><p>Text.</p>")
        #expect(MetadataFixture.run(tagline).title == "Rivermark: identity theft protection for families")
    }

    @Test("a title suffix naming the site as its host does goes; a brand before the title and a long suffix stay")
    func hostNamedSuffix() {
        func title(_ text: String, url: String) -> String {
            MetadataFixture.run(MetadataFixture.page(head: "<title>\(text)</title>"), url: url).title
        }
        #expect(
            title("Identity theft protection | Rivermark Official Site", url: "https://www.rivermark.com/protect")
                == "Identity theft protection")
        #expect(
            title("Night buses reach the north — RivertonPost", url: "https://riverton-post.co.uk/a")
                == "Night buses reach the north")
        #expect(title("Quickstart — Ferry Documentation (3.1.x)", url: "https://ferry.example.org/q") == "Quickstart")
        // The brand leads the home page's title; a long suffix mentioning the host says something of its own.
        #expect(
            title("Rivermark: Identity theft protection", url: "https://rivermark.com/")
                == "Rivermark: Identity theft protection")
        let long = "Consulting services - strategy, integration and development with Rivermark"
        #expect(title(long, url: "https://rivermark.com/consulting") == long)
        // Sphinx and MkDocs end headings with a permalink mark.
        let sphinx = MetadataFixture.page(
            head: "<title>Quickstart — Ferry 3.1 documentation</title>",
            body: "<h1>Quickstart<a class=\"headerlink\" href=\"#quickstart\">¶</a></h1><p>Text.</p>")
        #expect(MetadataFixture.run(sphinx, url: "https://docs.example.org/quickstart").title == "Quickstart")
    }

    @Test("JSON-LD: @graph, nested author objects, publisher, image, section, keywords, dates")
    func jsonLD() {
        let html = MetadataFixture.page(
            head: """
                <script type="application/ld+json">{ broken json </script>
                <script type="application/ld+json">
                {"@context":"https://schema.org","@graph":[
                  {"@type":"WebSite","name":"Riverton Post"},
                  {"@type":["NewsArticle"],"headline":"Barrier &amp; dam",
                   "author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Person","name":"John Roe"}],
                   "datePublished":"2024-07-03T09:30:00+06:00","dateModified":"2024-07-04T10:00:00Z",
                   "publisher":{"@type":"Organization","name":"Riverton Post"},
                   "image":{"@type":"ImageObject","url":"/img/barrier.jpg"},
                   "articleSection":"Local","keywords":"flood, barrier, Flood"}
                ]}
                </script>
                """)
        let output = MetadataFixture.run(html, url: "https://post.example/news/barrier")
        #expect(output.title == "Barrier & dam")
        #expect(output.authors == ["Jane Doe", "John Roe"])
        #expect(output.published == DateFact(value: "2024-07-03T09:30:00+06:00", source: "json-ld"))
        #expect(output.modified == DateFact(value: "2024-07-04T10:00:00Z", source: "json-ld"))
        #expect(output.siteName == "Riverton Post")
        #expect(output.image == "https://post.example/img/barrier.jpg")
        #expect(output.section == "Local")
        #expect(output.tags == ["flood", "barrier"])
    }

    @Test("metas: author, dates, description, canonical, image, section, tags, locale")
    func metas() {
        let html = """
            <html><head>
            <meta name="author" content="Jane Doe">
            <meta property="article:published_time" content="2024-07-03T09:30:00Z">
            <meta property="article:modified_time" content="2024-07-05">
            <meta name="description" content="A barrier was finished.">
            <meta property="og:description" content="Other description">
            <link rel="canonical" href="/news/barrier">
            <meta property="og:image" content="https://cdn.example/b.jpg">
            <meta property="article:section" content="Local">
            <meta property="article:tag" content="Flood"><meta property="article:tag" content="Dams">
            <meta name="keywords" content="flood, rivers">
            <meta property="og:locale" content="en_US">
            <meta name="application-name" content="Post App">
            </head><body><p>Text.</p></body></html>
            """
        let output = MetadataFixture.run(html, url: "https://post.example/a?b=1")
        #expect(output.authors == ["Jane Doe"])
        #expect(output.published == DateFact(value: "2024-07-03T09:30:00Z", source: "meta"))
        #expect(output.modified == DateFact(value: "2024-07-05", source: "meta"))
        #expect(output.description == "A barrier was finished.")
        #expect(output.canonicalUrl == "https://post.example/news/barrier")
        #expect(output.image == "https://cdn.example/b.jpg")
        #expect(output.section == "Local")
        #expect(output.tags == ["Flood", "Dams", "rivers"])
        #expect(output.declaredLanguage == "en-US")
        #expect(output.siteName == "Post App")
    }

    @Test(
        "other date metas",
        arguments: ["date", "pubdate", "DC.date.issued", "parsely-pub-date", "sailthru.date", "publishdate"]
    )
    func dateMetas(name: String) {
        let html = MetadataFixture.page(head: "<meta name=\"\(name)\" content=\"2024-07-03 09:30:00\">")
        #expect(MetadataFixture.run(html).published == DateFact(value: "2024-07-03T09:30:00", source: "meta"))
    }

    @Test(
        "a <time> marked as the publication date counts beside a share bar or in an aside; an unmarked one there does not"
    )
    func markedTimeInFurniture() {
        let marked = MetadataFixture.page(
            body: """
                <article><header><div class="meta-share-group"><p class="publish-info">
                <time property="datePublished" class="published" datetime="2023-08-08T10:12:00-05:00">August 8, 2023</time>
                </p></div></header><p>Text.</p></article>
                """)
        #expect(MetadataFixture.run(marked).published?.value.hasPrefix("2023-08-08") == true)
        let unmarked = MetadataFixture.page(
            body: """
                <article><p>Text.</p></article>
                <aside class="related"><time datetime="2022-01-05T10:00:00Z">January 5, 2022</time></aside>
                """)
        #expect(MetadataFixture.run(unmarked).published == nil)
    }

    @Test("with no date marked anywhere, a short date line next to the headline is the date; a sentence is not")
    func dateLineNextToTheHeadline() {
        let line = MetadataFixture.page(
            body: """
                <div class="hero"><h1>Top private cloud providers</h1><div class="flex"><span>Published on Mar 21, 2024</span></div></div>
                <p>Private clouds keep data on hardware you control.</p>
                """)
        #expect(MetadataFixture.run(line).published?.value == "2024-03-21")
        let sentence = MetadataFixture.page(
            body: """
                <h1>Night buses reach the north</h1>
                <p>The council first discussed the plan on March 5, 2024, after a year of petitions from shift workers.</p>
                """)
        #expect(MetadataFixture.run(sentence).published == nil)
    }

    @Test("a forum thread's JSON-LD gives its first poster and date")
    func forumPosting() {
        let thread = MetadataFixture.page(
            head: """
                <script type="application/ld+json">{"@context":"http://schema.org","@type":"DiscussionForumPosting",
                "headline":"Update stuck on reboot","datePublished":"2024-05-03T08:45:00Z",
                "author":{"@type":"Person","name":"raoul"}}</script>
                """)
        let output = MetadataFixture.run(thread)
        #expect(output.authors == ["raoul"])
        #expect(output.published?.value.hasPrefix("2024-05-03") == true)
    }

    @Test("<time datetime>, the URL, then text in a date element")
    func dateFallbacks() {
        let time = MetadataFixture.page(body: "<article><time datetime=\"2024-07-03T09:30\">July 3</time></article>")
        #expect(MetadataFixture.run(time).published == DateFact(value: "2024-07-03T09:30:00", source: "time"))
        for url in [
            "https://x.example/2024/07/03/barrier", "https://x.example/news/2024-07-03-barrier",
            "https://x.example/news/20240703/barrier.html",
        ] {
            #expect(
                MetadataFixture.run(MetadataFixture.page(), url: url).published
                    == DateFact(value: "2024-07-03", source: "url"))
        }
        let text = MetadataFixture.page(body: "<div class=\"post-date\">3. Juli 2024</div><p>Text.</p>", lang: "de")
        #expect(MetadataFixture.run(text).published == DateFact(value: "2024-07-03", source: "text"))
    }

    @Test("dates after now are rejected, the next source is used")
    func futureDates() {
        let html = MetadataFixture.page(
            head: """
                <meta property="article:published_time" content="2031-01-01T00:00:00Z">
                <meta name="date" content="2024-07-03">
                """)
        #expect(MetadataFixture.run(html).published == DateFact(value: "2024-07-03", source: "meta"))
        let onlyFuture = MetadataFixture.page(head: "<meta name=\"date\" content=\"2024-07-12\">")
        #expect(MetadataFixture.run(onlyFuture).published == nil)
        #expect(MetadataFixture.run(MetadataFixture.page(), url: "https://x.example/2030/01/02/a").published == nil)
    }

    @Test("declared language: <html lang> first")
    func declaredLanguage() {
        let html = MetadataFixture.page(head: "<meta property=\"og:locale\" content=\"fr_FR\">", lang: "de-AT")
        #expect(MetadataFixture.run(html).declaredLanguage == "de-AT")
    }

    @Test("hostile input: huge attributes, huge JSON-LD, deep nesting")
    func hostile() {
        let huge = String(repeating: "a", count: 3_000_000)
        let nested = String(repeating: "[", count: 100_000)
        let html = MetadataFixture.page(
            head: """
                <meta name="description" content="\(huge)"><meta property="og:title" content="T">
                <script type="application/ld+json">{"@type":"NewsArticle","headline":"\(huge)"}</script>
                <script type="application/ld+json">\(nested)</script>
                """,
            body: "<div class=\"byline \(huge)\">By \(huge)</div>"
                + String(repeating: "<div class=\"author\">", count: 5000))
        let output = MetadataFixture.run(html)
        #expect(output.authors.isEmpty)
        #expect(output.description?.count == PageFacts.maxMetaValue)
    }

    @Test("a date inside the article is read whatever layout classes sit around the article")
    func dateInsideArticle() {
        // Drupal marks featured nodes `node--promoted`; a theme's wrapper may say `sidebar-layout`.
        let html = MetadataFixture.page(
            body: """
                <div class="page sidebar-layout"><main><article class="node node--promoted">
                <h1>Night buses reach the north</h1><div class="blog-meta"><div class="blog-pubdate">March 18, 2024</div></div>
                <p>Text.</p></article></main><aside class="related"><div class="date">May 1, 2020</div></aside></div>
                """)
        #expect(MetadataFixture.run(html).published?.value == "2024-03-18")
        // A comment's date inside the article is still furniture.
        let comments = MetadataFixture.page(
            body: """
                <article><h1>Night buses</h1><p>Text.</p><div class="comments"><span class="date">May 1, 2020</span></div></article>
                """)
        #expect(MetadataFixture.run(comments).published == nil)
    }
}

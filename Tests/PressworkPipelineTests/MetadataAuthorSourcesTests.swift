import Foundation
import Testing

@testable import PressworkPipeline

/// Where authors come from: repeated metas, JSON-LD references, the byline nearest the headline.
@Suite("Metadata: author sources")
struct MetadataAuthorSourcesTests {
    @Test("every value of a repeated creator meta; RDFa dc:creator before the DC.creator name")
    func repeatedMetas() {
        let repeated = MetadataFixture.page(
            head: """
                <meta name="DC.Creator" content="Kooman, F."><meta name="DC.Creator" content="Jong, Michiel de">
                """)
        #expect(MetadataFixture.run(repeated).authors == ["Kooman, F.", "Jong, Michiel de"])
        let spellings = MetadataFixture.page(
            head: """
                <meta name="author" content="Meta Author"><meta name="DC.creator" content="Name Spelling">
                <meta property="dc:creator" content="Property Spelling">
                """)
        #expect(MetadataFixture.run(spellings).authors == ["Property Spelling"])
        let title = MetadataFixture.page(
            head:
                "<meta name=\"DC.title\" content=\"Name title\"><meta property=\"dc:title\" content=\"Property title\">"
        )
        #expect(MetadataFixture.run(title).title == "Property title")
    }

    @Test("a JSON-LD author given as an @id reference to a Person in the @graph")
    func graphReference() {
        let html = MetadataFixture.page(
            head: """
                <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
                {"@type":"Article","headline":"H","author":{"@id":"https://x.test/#/person/1"}},
                {"@type":"Person","@id":"https://x.test/#/person/1","name":"Jane Doe"}]}</script>
                """)
        #expect(MetadataFixture.run(html).authors == ["Jane Doe"])
        let dangling = MetadataFixture.page(
            head: """
                <script type="application/ld+json">{"@type":"Article","author":{"@id":"https://x.test/#nobody"}}</script>
                """)
        #expect(MetadataFixture.run(dangling).authors.isEmpty)
    }

    @Test("the byline after the headline wins over author lists before it")
    func nearHeadline() {
        let html = MetadataFixture.page(
            head: "<title>Flood barrier finished early</title>",
            body: """
                <div class="col2"><ul><li class="author-follow">Katie Couric</li><li class="author-follow">Matt Bai</li></ul></div>
                <h1>Flood barrier finished early</h1>
                <div class="author-name">NATALIYA VASILYEVA</div><p>Text.</p>
                """)
        #expect(MetadataFixture.run(html).authors == ["NATALIYA VASILYEVA"])
        let above = MetadataFixture.page(
            body: """
                <span class="author">Old Story Writer</span><div class="byline">By Jane Doe</div>
                <h1>Headline</h1><p>Text.</p>
                """)
        #expect(MetadataFixture.run(above).authors == ["Jane Doe"])
    }

    @Test("page-wide classes on <body> do not make every byline furniture")
    func bodyClasses() {
        let html = """
            <!doctype html><html class="nav-open"><head></head><body class="sidebar-left">
            <h1>Headline</h1><div class="byline">By Jane Doe</div><p>Text.</p></body></html>
            """
        #expect(MetadataFixture.run(html).authors == ["Jane Doe"])
    }

    @Test("inline author links are all kept; block bylines of other stories are not")
    func siblings() {
        let links = MetadataFixture.page(
            body: """
                <h1>Headline</h1><p class="meta">By <a rel="author" href="/a">Jane Doe</a>,
                <a rel="author" href="/b">John Roe</a></p><p>Text.</p>
                """)
        #expect(MetadataFixture.run(links).authors == ["Jane Doe", "John Roe"])
        let stories = MetadataFixture.page(
            body: """
                <h1>Headline</h1><div class="ArticleText"><div class="FeatureByline">By <b>Nathan Willis</b><br>March 25, 2015</div>
                <p>Text.</p><div class="FeatureByline">By <b>Jonathan Corbet</b><br>March 24, 2015</div><p>More.</p></div>
                """)
        #expect(MetadataFixture.run(stories).authors == ["Nathan Willis"])
    }

    @Test("microdata naming the author on purpose gives a user name, inside a main column 'with sidebar'")
    func microdataHandle() {
        let html = MetadataFixture.page(
            body: """
                <div class="p-body-main p-body-main--withSidebar"><h1>Which ferry for a bike trip?</h1>
                <div class="hidden"><div itemprop="author" itemscope itemtype="https://schema.org/Person">
                <span class="username" itemprop="name">rivercrosser42</span></div></div>
                <p>I am planning a trip along the coast with two bikes and a trailer.</p></div>
                """)
        #expect(MetadataFixture.run(html).authors == ["rivercrosser42"])
        // Without microdata a lowercase user name in a byline class is no name (it may be a tag or a handle).
        let plain = MetadataFixture.page(body: "<h1>Night buses</h1><div class=\"byline\">rivercrosser42</div>")
        #expect(MetadataFixture.run(plain).authors.isEmpty)
    }

    @Test("a forum thread's author is its first poster; a user name on an article page is not its author")
    func firstPoster() throws {
        let thread = """
            <html><head><title>Which ferry for a bike trip?</title></head><body>
            <header><a class="username" href="/me">signed_in_user</a></header>
            <h1>Which ferry for a bike trip?</h1>
            <div class="post"><a class="username" href="/members/rivercrosser42.1/">rivercrosser42</a>
            <p>I am planning a trip along the coast with two bikes and a trailer. Which ferry takes bikes without
            booking ahead, and is the early one any cheaper than the one at noon?</p></div>
            <div class="post"><a class="username" href="/members/harbourmaster.2/">harbourmaster</a>
            <p>The early one takes bikes, and yes, it is a little cheaper if you buy the ticket on board.</p></div>
            </body></html>
            """
        let forum = try TestSupport.process(thread, url: "https://forum.example.org/threads/ferry-bikes.42/")
        #expect(forum.pageType == "forum")
        #expect(forum.authors == ["rivercrosser42"])
        let article = try TestSupport.process(thread, url: "https://example.org/2024/03/18/which-ferry-for-bikes")
        #expect(article.pageType == "article")
        #expect(article.authors == nil)
    }

    @Test("a question's asker, not its last editor; a thread's first post printed above its title")
    func threadOwners() throws {
        // Q&A sites sign a question with its editor, then its asker (`post-signature owner`), and give the
        // asker's user name in microdata beside badges and reputation.
        let signature = { (owner: Bool, name: String, microdata: Bool) in
            """
            <div class="post-signature\(owner ? " owner" : "")"><div class="user-info">\(owner ? "asked" : "edited")
            <div class="user-details"\(microdata ? " itemprop=\"author\"" : "")><a href="/users/\(name)">\(name)</a>
            \(microdata ? "<meta itemprop=\"name\" content=\"\(name)\">" : "")<span>14.6k</span>
            <span>20 gold badges</span></div></div></div>
            """
        }
        let question = """
            <html><head><title>Why is RAID not a backup?</title></head><body><h1>Why is RAID not a backup?</h1>
            <p>When someone suggests RAID for backups, someone else says it is not one. Why is that?</p>
            \(signature(false, "carefuleditor", false))\(signature(true, "jldugger", true))
            <p>Because RAID copies every mistake to every disk at once, deleted files included.</p>
            \(signature(true, "Answerer", false))</body></html>
            """
        let asked = try TestSupport.process(
            question, url: "https://serverfault.com/questions/2888/why-is-raid-not-a-backup")
        #expect(asked.authors == ["jldugger"])
        // A forum that prints its first post's card above the thread's title.
        let cards = ["JosephF", "eljaycanuck", "JosephF", "bud16415"].map { name in
            """
            <div class="card" itemprop="author" itemscope><meta itemprop="name" content="\(name)">\(name)
            <span>410 posts · Joined 2002</span></div><p>A post by \(name) about projectors and screens.</p>
            """
        }
        let thread = """
            <html><head><title>Replacement projector 2024</title></head><body>\(cards[0])
            <h1>Replacement projector 2024</h1>\(cards.dropFirst().joined())</body></html>
            """
        #expect(
            try TestSupport.process(thread, url: "https://forum.example.org/threads/projector.42/").authors == [
                "JosephF"
            ])
        // A thread's labels are no names.
        for label in ["Topic Author", "Post"] { #expect(Byline.names(label).isEmpty) }
    }

    @Test("a named team or desk is credited whole; a bare desk is no one")
    func teams() {
        #expect(Byline.names("By The Investopedia Team") == ["The Investopedia Team"])
        #expect(Byline.names("TOI Lifestyle Desk") == ["TOI Lifestyle Desk"])
        #expect(Byline.names("News Desk").isEmpty)
        #expect(Byline.names("Ben Silverman Games Editor") == ["Ben Silverman"])
    }

    @Test("a declared author is taken as written: lowercase, Yoast's 'Written by' label; no placeholder or desk")
    func declaredAuthors() {
        func authors(_ head: String) -> [String] { MetadataFixture.run(MetadataFixture.page(head: head)).authors }
        #expect(authors("<meta name=\"author\" content=\"dana ortiz\">") == ["dana ortiz"])
        // A desk or a newsroom is no one's name, declared or not.
        #expect(authors("<meta name=\"author\" content=\"News Desk\">").isEmpty)
        #expect(authors("<meta name=\"author\" content=\"page.head.extra.author\">").isEmpty)
        #expect(authors("<meta name=\"author\" content=\"https://example.com/team\">").isEmpty)
        let yoast = """
            <meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Dana Ortiz">
            <meta name="twitter:label2" content="Est. reading time"><meta name="twitter:data2" content="4 minutes">
            """
        #expect(authors(yoast) == ["Dana Ortiz"])
    }

    @Test("bylines without byline classes: a link to the author's page, a 'Written by' label before the name")
    func unmarkedBylines() {
        let link = MetadataFixture.page(
            body: """
                <h1>Night buses reach the north</h1><p class="page-header__meta">By <a href="/producers/dana-ortiz">Dana
                Ortiz</a></p><p>The city opened three night bus routes on Monday.</p>
                """)
        #expect(MetadataFixture.run(link).authors == ["Dana Ortiz"])
        let label = MetadataFixture.page(
            body: """
                <h1>Night buses reach the north</h1><div><div><p>Last updated</p><time>Aug 4, 2025</time></div>
                <div><p>Written by</p><p>Dana Ortiz</p></div></div><p>The city opened three night bus routes.</p>
                """)
        #expect(MetadataFixture.run(label).authors == ["Dana Ortiz"])
        // After a label, a phrase that is no name is not taken.
        let phrase = MetadataFixture.page(
            body: "<h1>Night buses</h1><div><span>By</span><span>signing up you agree</span></div><p>Text.</p>")
        #expect(MetadataFixture.run(phrase).authors.isEmpty)
    }
}

import Foundation
import Testing

@testable import PressworkPipeline

@Suite("Metadata: bylines and authors")
struct MetadataBylineTests {
    @Test(
        "byline prefixes and suffixes in many languages",
        arguments: [
            ("By Jane Doe", "Jane Doe"), ("von Hans Müller", "Hans Müller"),
            ("Par Sébastien Farcis", "Sébastien Farcis"),
            ("Por María López", "María López"), ("di Marco Rossi", "Marco Rossi"),
            ("door Jan de Vries", "Jan de Vries"),
            ("Автор: Иван Петров", "Иван Петров"), ("記者 山田太郎", "山田太郎"), ("홍길동 기자", "홍길동"),
            ("作者：王小明", "王小明"), ("Oleh Budi Santoso", "Budi Santoso"), ("Yazar: Ahmet Yılmaz", "Ahmet Yılmaz"),
            ("Written by Jane Doe | July 3, 2024", "Jane Doe"), ("BY JANE DOE", "JANE DOE"),
            ("Jane Doe, Staff Writer", "Jane Doe"), ("Ben Silverman Games Editor", "Ben Silverman"),
        ]
    )
    func prefixes(byline: String, expected: String) {
        #expect(Byline.names(byline) == [expected])
    }

    @Test(
        "several authors are kept",
        arguments: [
            ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]), ("Jane Doe, John Roe", ["Jane Doe", "John Roe"]),
            ("von Anna Schmidt und Peter Klein", ["Anna Schmidt", "Peter Klein"]),
            ("Par Marie Dupont et Luc Martin", ["Marie Dupont", "Luc Martin"]),
            ("Jane Doe & John Roe", ["Jane Doe", "John Roe"]),
        ]
    )
    func several(byline: String, expected: [String]) {
        #expect(Byline.names(byline) == expected)
    }

    @Test(
        "role titles, page phrases and URLs are no authors",
        arguments: [
            "Staff Writer", "Reporter", "Email the author", "https://example.com/authors/jane", "Follow", "By",
            "Senior Staff Writer", "read the full story", "Posted 3 hours ago",
        ]
    )
    func nonAuthors(byline: String) {
        #expect(Byline.names(byline).isEmpty)
    }

    @Test("sources: JSON-LD, meta, article:author names not URLs, rel=author, byline elements")
    func sources() {
        let linkedData = MetadataFixture.page(
            head: """
                <script type="application/ld+json">{"@type":"Article","author":{"@type":"Person","name":"Jane Doe"}}</script>
                """)
        #expect(MetadataFixture.run(linkedData).authors == ["Jane Doe"])
        let articleAuthor = MetadataFixture.page(
            head: """
                <meta property="article:author" content="https://facebook.com/janedoe">
                """, body: "<p class=\"byline\">By Jane Doe</p><p>Text.</p>")
        #expect(MetadataFixture.run(articleAuthor).authors == ["Jane Doe"])
        let relAuthor = MetadataFixture.page(body: "<p>Text by <a rel=\"author\" href=\"/jane\">Jane Doe</a></p>")
        #expect(MetadataFixture.run(relAuthor).authors == ["Jane Doe"])
        let itemprop = MetadataFixture.page(
            body: "<div itemprop=\"author\"><img src=a.jpg><span itemprop=\"name\">Jane Doe</span> Staff</div>")
        #expect(MetadataFixture.run(itemprop).authors == ["Jane Doe"])
    }

    @Test("sidebar and comment names are not authors")
    func furniture() {
        let html = MetadataFixture.page(
            body: """
                <article><p>Text.</p></article>
                <aside><div class="author">By Sidebar Person</div></aside>
                <div id="comments"><div class="comment"><span class="author">Commenter Name</span></div></div>
                """)
        #expect(MetadataFixture.run(html).authors.isEmpty)
    }
}

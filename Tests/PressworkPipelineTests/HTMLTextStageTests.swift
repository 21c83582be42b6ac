import Foundation
import Testing

@testable import PressworkPipeline

@Suite("HTML text stage")
struct HTMLTextStageTests {
    static let page = """
        <!DOCTYPE html>
        <html lang="en"><head><title>Bridge reopens after repairs</title>
        <style>p { color: red }</style><script>var secret = "tracking";</script></head>
        <body>
          <header><a href="/">Home</a> <a href="/news">News</a></header>
          <nav><ul><li>Politics</li><li>Sport</li></ul></nav>
          <article>
            <h1>Bridge reopens after repairs</h1>
            <p>The old   river bridge
               reopened on <b>Monday</b> after six months of work.</p>
            <p>Drivers had used a <a href="#">detour</a>.<br>Cyclists were glad.</p>
            <script>document.write("ad")</script>
            <noscript>Enable JavaScript</noscript>
            <ul><li>First item</li><li>Second item</li></ul>
            <div hidden>Hidden text</div>
          </article>
          <aside>Related: other bridges</aside>
          <form><input value="search"><p>Newsletter signup</p></form>
          <footer>© 2024 The Paper</footer>
        </body></html>
        """

    @Test("keeps the article, drops scripts, styles and page furniture")
    func extracts() throws {
        let output = try PageExtraction.run(Self.page)
        #expect(output.title == "Bridge reopens after repairs")
        #expect(output.declaredLanguage == "en")
        #expect(
            output.paragraphs == [
                "The old river bridge reopened on Monday after six months of work.",
                "Drivers had used a detour.",
                "Cyclists were glad.",
                "First item",
                "Second item",
            ]
        )
        let all = output.paragraphs.joined(separator: " ")
        for unwanted in [
            "secret", "color", "document.write", "Enable JavaScript", "Politics", "Home", "Related", "Newsletter", "©",
            "Hidden",
        ] {
            #expect(!all.contains(unwanted), "\(unwanted) should be dropped")
        }
    }

    @Test(
        "title falls back to og:title, then the first h1",
        arguments: [
            (
                "<html><head><title> </title><meta property=\"og:title\" content=\"From OG\"></head><body><h1>From H1</h1><p>Body text.</p></body></html>",
                "From OG"
            ),
            ("<html><head></head><body><h1>From <i>H1</i></h1><p>Body text.</p></body></html>", "From H1"),
            ("<p>Only a paragraph.</p>", ""),
        ]
    )
    func titles(html: String, title: String) throws {
        #expect(try PageExtraction.run(html).title == title)
    }

    @Test("a page wrapped in one form still yields its text")
    func wrappedInForm() throws {
        let output = try PageExtraction.run(
            "<html><body><form id=\"aspnetForm\"><div><p>Real article text.</p></div></form></body></html>"
        )
        #expect(output.paragraphs == ["Real article text."])
    }

    @Test("entities, tables and pre are read")
    func entitiesAndBlocks() throws {
        let output = try PageExtraction.run(
            "<p>Fish &amp; chips&nbsp;&eacute;t&eacute;</p><table><tr><td>Cell one</td><td>Cell two</td></tr></table><pre>line 1\nline 2</pre>"
        )
        #expect(output.paragraphs == ["Fish & chips été", "Cell one", "Cell two", "line 1 line 2"])
    }

    @Test("deep nesting does not overflow the stack")
    func deepNesting() throws {
        let html =
            String(repeating: "<div><span>", count: 20_000) + "deep text"
            + String(repeating: "</span></div>", count: 20_000)
        let output = try PageExtraction.run(html)
        #expect(output.paragraphs.joined().contains("deep text") || output.paragraphs.isEmpty)
    }
}

/// Both stages over one parse, as the pipeline runs them (title paragraph removed as it does).
enum PageExtraction {
    struct Output {
        var title: String
        var paragraphs: [String]
        var declaredLanguage: String?
    }

    static func run(_ html: String) throws -> Output {
        try HTMLDocument.parse(html) { root in
            guard let root else { return Output(title: "", paragraphs: []) }
            let content = ContentStage().run(root)
            let metadata = MetadataStage().run(root, url: nil, now: Date())
            var paragraphs = content.paragraphs
            if paragraphs.first == metadata.title { paragraphs.removeFirst() }
            return Output(title: metadata.title, paragraphs: paragraphs, declaredLanguage: metadata.declaredLanguage)
        }
    }
}

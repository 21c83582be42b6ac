import Testing

@testable import PressworkPipeline

/// Pages whose markup libxml2 reads differently from a browser, or whose text a script reveals: each
/// class of miss found on real pages, written small.
@Suite("Extraction: broken markup and scripted pages")
struct ExtractionBrokenMarkupTests {
    static let story = ExtractionBoilerplateTests.story
    static var storyParagraphs: String { ExtractionBoilerplateTests.storyParagraphs }

    static func extract(_ html: String) throws -> ContentStage.Output {
        try HTMLDocument.parse(utf8: RawTextStripper.strip(Array(html.utf8))) { root in ContentStage().run(root!) }
    }

    @Test("an unclosed div in a header's menu button does not swallow the article")
    func swallowingButton() throws {
        // libxml2 keeps the button (and the header around it) open to the end of the page.
        let html = """
            <html><head><title>Night buses</title></head><body>
            <header class="site-header"><a href="#main" class="skip">Skip to content</a>
            <div class="menu-top"><button class="menu-button"><div class="menu-button-inner"><div></button></div>
            <ul class="menu"><li><a href="/a">World</a></li><li><a href="/b">Sport</a></li></ul></header>
            <main id="main"><article><h1>Night buses reach the north</h1>\(Self.storyParagraphs)</article></main>
            <footer><p>Copyright The Paper.</p></footer></body></html>
            """
        let output = try Self.extract(html)
        #expect(output.pageType == "article")
        for sentence in Self.story { #expect(output.paragraphs.contains(sentence)) }
        #expect(!output.paragraphs.contains("Skip to content"))
    }

    @Test("a page streamed hidden for a script to reveal is read")
    func streamedHidden() throws {
        let html = """
            <html><head><title>Night buses</title></head><body>
            <div id="app"><header><a href="/">The Paper</a></header><div>Loading…</div></div>
            <div hidden id="S:0"><main><h1>Night buses reach the north</h1>\(Self.storyParagraphs)</main></div>
            <div hidden><p>A hidden note that is not the page's text and stays out of it.</p></div>
            </body></html>
            """
        let output = try Self.extract(html)
        for sentence in Self.story { #expect(output.paragraphs.contains(sentence)) }
        #expect(!output.paragraphs.contains { $0.contains("hidden note") })
    }

    @Test("a story streamed in a hidden segment is read, even when the page's frame holds more text")
    func streamedSegment() throws {
        let menu = (1...12).map { "<li><a href=\"/section/\($0)\">Section \($0): news, comment and analysis</a></li>" }
        let html = """
            <html><head><title>Night buses</title></head><body><div id="app"><header><a href="/">The Paper</a>
            <nav><ul>\(menu.joined())</ul></nav></header><main><!--$?--><template id="B:0"></template>
            <div class="skeleton"></div><!--/$--></main><footer><p>Copyright The Paper. All rights reserved.</p></footer>
            </div><div hidden id="S:0"><h1>Night buses reach the north</h1>\(Self.storyParagraphs)</div></body></html>
            """
        let output = try Self.extract(html)
        #expect(output.paragraphs == Self.story)
    }

    @Test("a page set aside with aria-hidden while a dialog is open is read; a hidden copy beside the page is not")
    func pageBehindDialog() throws {
        let dialog = """
            <div role="dialog"><p>Choose your country</p><button>United Kingdom</button></div>
            """
        let html = """
            <html><head><title>Night buses</title></head><body><div id="app" aria-hidden="true"><header>
            <a href="/">The Paper</a></header><main><h1>Night buses reach the north</h1>\(Self.storyParagraphs)</main>
            </div>\(dialog)</body></html>
            """
        let output = try Self.extract(html)
        for sentence in Self.story { #expect(output.paragraphs.contains(sentence)) }

        let copy = """
            <html><head><title>Night buses</title></head><body><main><h1>Night buses reach the north</h1>
            \(Self.storyParagraphs)</main><div class="print-copy" aria-hidden="true"><p>Printed edition: \(Self.story[0])
            \(Self.story[1]) \(Self.story[2])</p></div></body></html>
            """
        let visible = try Self.extract(copy)
        #expect(visible.paragraphs == Self.story)
    }

    @Test("Alpine.js and Vue attributes named with @ do not leak into the text")
    func atAttributes() throws {
        let html = """
            <html><head><title>Night buses</title></head><body>
            <nav><ul @click.outside="open = false" @keydown="( () => open = !open )" x-init="menu = [{'ID': 501}]">
            <li><a href="/a">World</a></li></ul></nav>
            <article><h1>Night buses reach the north</h1>\(Self.storyParagraphs)</article></body></html>
            """
        let output = try Self.extract(html)
        for sentence in Self.story { #expect(output.paragraphs.contains(sentence)) }
        #expect(!output.paragraphs.joined().contains("open"), "\(output.paragraphs)")
        #expect(!output.paragraphs.joined().contains("menu ="), "\(output.paragraphs)")
    }

    @Test("Adobe Experience Manager's cmp- components are not a consent wall")
    func aemComponents() throws {
        let html = """
            <html><head><title>Night buses</title></head><body><div class="root cmp-container">
            <div class="cmp-text">\(Self.storyParagraphs)</div></div></body></html>
            """
        let output = try Self.extract(html)
        #expect(output.pageType == "article")
        #expect(output.paragraphs == Self.story)
    }

    @Test("a small cookie banner on a page with much more text is not a wall")
    func bannerBesideText() throws {
        // A teaser grid the scoring keeps little of, beside a banner: the page's text decides.
        let teasers = (1...12).map {
            "<div class=\"card\"><h3><a href=\"/s/\($0)\">Story number \($0) about the night bus network</a></h3><p>\(Self.story[$0 % 4])</p></div>"
        }.joined()
        let html = """
            <html><head><title>Transport</title></head><body>
            <div class="cookie-banner"><p>We use cookies and our partners process data. Accept or manage your privacy consent.</p></div>
            <div class="grid">\(teasers)</div></body></html>
            """
        let output = try Self.extract(html)
        #expect(output.pageType != "consent")
        #expect(!output.paragraphs.isEmpty)
    }

    @Test("a page cloaked until its scripts run (visibility:hidden on everything) is read")
    func cloakedPage() throws {
        let html = """
            <html><head><title>Night buses</title></head><body><div id="__next">
            <div style="visibility:hidden;min-height:100vh"><header><a href="/">The Paper</a></header>
            <main><h1>Night buses reach the north</h1>\(Self.storyParagraphs)</main></div></div></body></html>
            """
        let output = try Self.extract(html)
        for sentence in Self.story { #expect(output.paragraphs.contains(sentence)) }
    }

    @Test("a collapsed panel (aria-hidden) of a product page is read; a decorative aria-hidden copy is not")
    func collapsedPanel() throws {
        let html = """
            <html><head><title>Mug</title></head><body><main><h1>Handmade ceramic mug</h1>
            <p>A stoneware mug thrown on the wheel, glazed in light green over brown clay, holding 400 millilitres.</p>
            <p>\(Self.story[0])</p><p>\(Self.story[3])</p>
            <p>Each mug is made to order, so the glaze varies a little from the photographs; allow two weeks.</p>
            <p>Dishwasher safe, but hand washing keeps the glaze bright for longer. Not for the microwave.</p>
            <button aria-expanded="false">Item details</button>
            <div class="toggle-body" aria-hidden="true"><p>\(Self.story[1])</p><p>\(Self.story[2])</p></div>
            <div class="icon" aria-hidden="true"><span>★★★★★</span></div></main></body></html>
            """
        let output = try Self.extract(html)
        #expect(output.paragraphs.contains(Self.story[1]))
        #expect(output.paragraphs.contains(Self.story[2]))
        #expect(!output.paragraphs.contains { $0.contains("★") })
    }

    @Test("text for screen readers only is not part of the article; a page that puts all its text there is read")
    func screenReaderOnly() throws {
        let html = """
            <html><head><title>Night buses</title></head><body><main><h1>Night buses reach the north</h1>
            <p class="sr-only">This is an image gallery carousel with clickable slides; use the buttons to zoom.</p>
            <p>\(Self.story[0]) <a href="/map">The map<span class="visually-hidden"> (opens in a new window)</span></a></p>
            <p>\(Self.story[1])</p><p>\(Self.story[2])</p><p>\(Self.story[3])</p>
            <div class="wt-screen-reader-only"><p>Original price was 30 dollars and the current price is 21 dollars.</p></div>
            </main></body></html>
            """
        let output = try Self.extract(html)
        for sentence in Self.story.dropFirst() { #expect(output.paragraphs.contains(sentence)) }
        #expect(output.paragraphs.contains { $0.hasPrefix(Self.story[0]) && $0.hasSuffix("The map") })
        #expect(!output.paragraphs.contains { $0.contains("carousel") || $0.contains("new window") })
        #expect(!output.paragraphs.contains { $0.contains("price") })

        let misused = """
            <html><head><title>Night buses</title></head><body><div class="screen-reader-text">
            <h1>Night buses reach the north</h1>\(Self.storyParagraphs)</div><footer>Contact</footer></body></html>
            """
        let read = try Self.extract(misused)
        for sentence in Self.story { #expect(read.paragraphs.contains(sentence)) }
    }

    @Test("documentation's closed tabs (the same step for other languages) are read")
    func closedTabs() throws {
        let steps = [
            ("python", "Install the Python library with pip, then set your API key in an environment variable."),
            ("node", "Install the Node.js package with npm, then set your API key in an environment variable."),
            ("ruby", "Install the Ruby gem with bundler, then set your API key in an environment variable."),
        ]
        let panels = steps.enumerated().map { index, step in
            let closed = index == 0 ? "" : " hidden style=\"display:none\""
            return "<div role=\"tabpanel\" id=\"tab-\(step.0)\"\(closed)><p>\(step.1)</p><pre>add \(step.0)</pre></div>"
        }.joined()
        let html = """
            <html><head><title>Quickstart</title></head><body><main><h1>Quickstart</h1>\(Self.storyParagraphs)
            <div role="tablist"><button>Python</button><button>Node.js</button><button>Ruby</button></div>
            \(panels)</main></body></html>
            """
        let output = try Self.extract(html)
        for step in steps { #expect(output.paragraphs.contains(step.1)) }
    }

    @Test("an accordion's closed panels (a FAQ's answers) are read; a collapsed menu is not")
    func closedAccordion() throws {
        let answers = [
            "Night buses run every twenty minutes between midnight and five in the morning, all week long.",
            "Tickets bought on board cost the same as day tickets, and monthly passes are valid at night.",
        ]
        let panels = answers.map {
            "<button aria-expanded=\"false\">Question</button><div class=\"accordion-collapse collapse\" style=\"display:none\"><p>\($0)</p></div>"
        }.joined()
        let html = """
            <html><head><title>Night buses: questions</title></head><body>
            <div class="navbar-collapse collapse" style="display:none"><ul><li>World news and comment from our
            correspondents, with the latest headlines every hour of the day and night.</li></ul></div>
            <main><h1>Night buses: questions</h1>\(Self.storyParagraphs)\(panels)</main></body></html>
            """
        let output = try Self.extract(html)
        for answer in answers { #expect(output.paragraphs.contains(answer)) }
        #expect(!output.paragraphs.contains { $0.contains("correspondents") })
    }

    @Test("a page hidden by a lock-down plugin's display:none until a script runs is read")
    func lockedDown() throws {
        let html = """
            <html><head><title>Night buses</title></head><body><header><a href="/">The Paper</a></header>
            <main><div class="lockdown-content" style="display:none"><h1>Night buses reach the north</h1>
            \(Self.storyParagraphs)</div></main><footer><p>Copyright The Paper.</p></footer></body></html>
            """
        let output = try Self.extract(html)
        for sentence in Self.story { #expect(output.paragraphs.contains(sentence)) }
    }

    @Test("a product page whose description only its JSON-LD carries gets that description")
    func productDescription() throws {
        let description = "A stoneware mug thrown on the wheel and glazed in light green over brown clay. Holds 400 ml."
        let html = """
            <html><head><title>Handmade ceramic mug</title>
            <script type="application/ld+json">{"@type":"Product","name":"Handmade ceramic mug",
            "description":"\(description)","offers":{"@type":"Offer","price":"60.00"}}</script></head>
            <body><main><h1>Handmade ceramic mug</h1><p class="price">USD 60.00, only 6 left in stock, ships in a week.</p>
            <form><select><option>Green</option></select><button>Add to cart</button></form></main></body></html>
            """
        let document = try TestSupport.process(Array(html.utf8))
        #expect(document.pageType == "product")
        #expect(document.paragraphs.first == description)
        // Already in the text: not added twice.
        let shown = html.replacingOccurrences(of: "<form>", with: "<p>\(description)</p><form>")
        #expect(try TestSupport.process(Array(shown.utf8)).paragraphs.filter { $0 == description }.count == 1)
        // A description written as HTML (escaped in the JSON) becomes paragraphs, not tags.
        let asHTML = html.replacingOccurrences(
            of: "\"description\":\"\(description)\"",
            with:
                "\"description\":\"&lt;p&gt;\(description)&lt;/p&gt;&lt;p&gt;Made in Lisbon by hand, one at a time.&lt;/p&gt;\""
        )
        let fromHTML = try TestSupport.process(Array(asHTML.utf8))
        #expect(fromHTML.paragraphs.prefix(2) == [description, "Made in Lisbon by hand, one at a time."])
        #expect(fromHTML.html?.hasPrefix("<p>\(description)</p>") == true)
    }

    static let emptyShell = """
        <html><head><title>Night buses reach the north</title>HEAD</head>
        <body><div id="__next"></div>SCRIPTS</body></html>
        """

    @Test("a page rendered by scripts is read from its JSON-LD articleBody")
    func articleBody() throws {
        let body = Self.story.joined(separator: "\\n")
        let html = Self.emptyShell.replacingOccurrences(
            of: "HEAD",
            with:
                "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"articleBody\":\"\(body)\"}</script>"
        ).replacingOccurrences(of: "SCRIPTS", with: "")
        let document = try TestSupport.process(Array(html.utf8))
        #expect(document.paragraphs == Self.story)
    }

    @Test("a page rendered by scripts is read from its __NEXT_DATA__: rich-text HTML, else prose strings")
    func nextData() throws {
        let richText = Self.storyParagraphs.replacingOccurrences(of: "\"", with: "\\\"")
        let withHTML = Self.emptyShell.replacingOccurrences(of: "HEAD", with: "").replacingOccurrences(
            of: "SCRIPTS",
            with: """
                <script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":{"slug":"night-buses",
                "teaser":"A short teaser that is not the story, but long enough to read as prose to a naive reader.",
                "post":{"body":"\(richText)"}}}}</script>
                """)
        #expect(try TestSupport.process(Array(withHTML.utf8)).paragraphs == Self.story)

        let nodes = Self.story.map { "{\"nodeType\":\"paragraph\",\"value\":\"\($0)\"}" }.joined(separator: ",")
        let withNodes = Self.emptyShell.replacingOccurrences(of: "HEAD", with: "").replacingOccurrences(
            of: "SCRIPTS",
            with: """
                <script type="application/json" id="__NUXT_DATA__">{"url":"https://example.com/a/b","content":[\(nodes)],
                "css":"body{margin:0}.a{color:red}"}</script>
                """)
        #expect(try TestSupport.process(Array(withNodes.utf8)).paragraphs == Self.story)
    }

    @Test("an empty shell with no text anywhere still fails as not-an-article")
    func emptyShell() {
        let html = Self.emptyShell.replacingOccurrences(of: "HEAD", with: "").replacingOccurrences(
            of: "SCRIPTS",
            with: "<script type=\"application/json\">{\"build\":\"a1b2\",\"routes\":[\"/\",\"/a\"]}</script>")
        #expect(throws: PipelineError.self) { try TestSupport.process(Array(html.utf8)) }
    }

    @Test("a documentation section whose heading anchor says 'more' or 'related' is content; a comments section is not")
    func headingAnchors() throws {
        let html = """
            <html><body><nav><a href="/">Home</a></nav><div role="main"><section id="night-bus-timetables">
            <h1>Night bus timetables</h1><p>This chapter describes the timetables of the night routes in detail, and
            adds the rules for holidays that the short guide leaves out.</p>
            <section id="more-on-holiday-service"><h2>More on holiday service</h2>
            <p>On public holidays the night routes run on the Sunday timetable, with one extra departure after
            midnight from the central station to each of the northern districts.</p></section>
            <section id="related-fare-rules"><h2>Related fare rules</h2>
            <p>A night ticket bought before midnight stays valid until the end of the service, whatever the route,
            and a day ticket bought the same day is accepted on every night route as well.</p></section>
            </section><section id="comments"><p>Great guide, thanks! Posted by a reader who rides the night bus
            every week and wanted to say thank you for writing all of this down so clearly.</p></section>
            </div></body></html>
            """
        let text = try Self.extract(html).paragraphs.joined(separator: "\n")
        #expect(text.contains("Sunday timetable"))
        #expect(text.contains("valid until the end of the service"))
        #expect(!text.contains("Great guide"))
    }
}

import Testing

@testable import PressworkPipeline

/// Main-content extraction on pages written for each kind of page furniture and each kind of page.
@Suite("Extraction: boilerplate and page types")
struct ExtractionBoilerplateTests {
    static let story = [
        "The city council voted on Tuesday to extend the night bus network to the northern districts, after a year of petitions from shift workers.",
        "Under the plan, three new lines will run every twenty minutes between midnight and five in the morning, starting in March.",
        "Transport officials said the extension would cost about four million a year, paid for by a small rise in parking fees.",
        "Residents of the northern districts welcomed the decision, though some asked why it had taken so long.",
    ]

    static func page(around body: String, head: String = "<title>Night buses reach the north</title>") -> String {
        """
        <html><head>\(head)</head><body>
        <header class="site-header"><a href="/">The Paper</a><ul class="menu"><li><a href="/a">World</a></li><li><a href="/b">Sport</a></li></ul></header>
        <nav><a href="/c">Politics</a> <a href="/d">Culture</a></nav>
        \(body)
        <footer id="footer"><p>Copyright 2024 The Paper. All rights reserved. Contact us at the address below.</p></footer>
        </body></html>
        """
    }

    static var storyParagraphs: String { story.map { "<p>\($0)</p>" }.joined() }

    static func extract(_ html: String) throws -> ContentStage.Output {
        try HTMLDocument.parse(html) { root in ContentStage().run(root!) }
    }

    @Test(
        "drops each kind of boilerplate beside and inside the article",
        arguments: [
            (
                "share bar",
                "<div class=\"share-buttons\"><a href=\"#\">Share on Facebook</a> <a href=\"#\">Tweet this story</a></div>",
                "Facebook"
            ),
            (
                "related stories",
                "<div class=\"related-articles\"><h3>Related</h3><ul><li><a href=\"/1\">Trams return to the old town after ten years</a></li><li><a href=\"/2\">Bike lanes planned for the ring road next spring</a></li></ul></div>",
                "Trams return"
            ),
            (
                "comments",
                "<section id=\"comments\"><div class=\"comment\"><p>Great news, finally something for the night shift, this took too long and I am glad.</p></div></section>",
                "Great news"
            ),
            (
                "advert",
                "<div class=\"ad\">Advertisement: buy the best mattress in town today, with free delivery and returns.</div>",
                "mattress"
            ),
            (
                "newsletter",
                "<div class=\"newsletter-signup\"><p>Sign up to our newsletter for the best stories every morning in your inbox.</p><form><input type=\"email\"></form></div>",
                "Sign up"
            ),
            (
                "cookie banner",
                "<div id=\"cookie-banner\"><p>We use cookies to improve your experience. By continuing you accept our use of cookies.</p></div>",
                "cookies"
            ),
            (
                "promo",
                "<aside class=\"promo\"><p>Subscribe to the print edition and save forty percent on your first year with us.</p></aside>",
                "print edition"
            ),
        ]
    )
    func boilerplate(kind: String, furniture: String, marker: String) throws {
        let html = Self.page(
            around:
                "<main><article><h1>Night buses reach the north</h1>\(furniture)\(Self.storyParagraphs)\(furniture)</article></main><div class=\"sidebar\">\(furniture)</div>"
        )
        let output = try Self.extract(html)
        #expect(output.pageType == "article", "\(kind)")
        #expect(output.paragraphs == Self.story, "\(kind): \(output.paragraphs)")
        let text = output.paragraphs.joined(separator: " ")
        #expect(!text.contains(marker), "\(kind)")
        for furniture in ["Politics", "World", "Copyright", "The Paper"] {
            #expect(!text.contains(furniture), "\(kind): \(furniture)")
        }
    }

    @Test("Tailwind's overflow-hidden and arbitrary values ([--sidebar-width]) are content; a hidden class is not")
    func overflowHidden() throws {
        let html = Self.page(
            around: """
                <main><article><h1>Night buses reach the north</h1><p>\(Self.story[0])</p><p>\(Self.story[1])</p>
                <div class="overflow-hidden rounded-lg"><p>\(Self.story[2])</p></div>
                <div class="lg:mr-[--sidebar-container-width]"><p>\(Self.story[3])</p></div>
                <div class="hidden"><p>A note kept for the app, which no reader of the web page ever sees on it.</p></div>
                </article></main>
                """)
        let output = try Self.extract(html)
        #expect(output.paragraphs == Self.story)
    }

    @Test("a page builder's text widgets (Elementor) are content; a sidebar's widgets are not")
    func pageBuilderWidgets() throws {
        let widgets = Self.story.map {
            """
            <div class="elementor-element elementor-widget elementor-widget-text-editor"><div class="elementor-widget-container">
            <p>\($0)</p></div></div>
            """
        }
        let html = Self.page(
            around: """
                <div class="elementor elementor-412"><div class="elementor-widget-wrap"><div class="elementor-widget
                elementor-widget-heading"><h1>Night buses reach the north</h1></div>\(widgets[0])</div>
                <div class="elementor-widget-wrap">\(widgets.dropFirst().joined())</div></div>
                <aside><div class="widget widget_recent_entries"><h3>Recent posts</h3><p>Trams return to the old
                town after ten years, and the ring road gets its bike lanes next spring, officials say.</p></div></aside>
                """)
        let output = try Self.extract(html)
        #expect(output.paragraphs == Self.story)
    }

    @Test("keeps headings, lists, quotes, data tables and captions, as clean HTML")
    func structure() throws {
        let body = """
            <article class="story-body"><h1>Night buses reach the north</h1><p>\(Self.story[0])</p>
            <h2>What changes</h2><ul><li>Three new lines</li><li>Every twenty minutes</li></ul>
            <blockquote><p>\(Self.story[1])</p></blockquote>
            <figure><img src="bus.jpg"><figcaption>A night bus at the depot.</figcaption></figure>
            <table><tr><th>Line</th><th>From</th></tr><tr><td>N1</td><td>Centre</td></tr></table>
            <p>\(Self.story[2]) <a href="/x" onclick="evil()">Details</a> &amp; more.</p><p>\(Self.story[3])</p></article>
            """
        let output = try Self.extract(Self.page(around: body))
        #expect(output.paragraphs.first == Self.story[0])
        #expect(output.paragraphs.contains("What changes"))
        #expect(output.paragraphs.contains("A night bus at the depot."))
        #expect(output.paragraphs.contains("Centre"))
        #expect(!output.paragraphs.contains("Night buses reach the north"), "the heading repeating the title goes")
        for tag in [
            "<h2>What changes</h2>", "<ul><li>Three new lines</li>", "<blockquote>", "<figcaption>A night bus",
            "<table>", "<th>Line</th>", "<td>N1</td>", "&amp; more.",
        ] {
            #expect(output.html.contains(tag), "\(tag) in \(output.html)")
        }
        #expect(!output.html.contains("onclick"))
        #expect(!output.html.contains("class="))
    }

    @Test(
        "judges CJK, Thai and Arabic pages by characters, not spaces",
        arguments: [
            "市议会周二投票决定将夜间公交网络延伸至北部地区，此前轮班工人请愿了一年。根据计划，三条新线路将从三月开始在午夜至凌晨五点之间每二十分钟运行一班。",
            "市議会は火曜日、夜行バス網を北部地区まで延長することを決めた。交代勤務の労働者による一年間の請願を受けたもので、三つの新路線が三月から運行される。",
            "สภาเมืองลงมติเมื่อวันอังคารให้ขยายเครือข่ายรถเมล์กลางคืนไปยังเขตทางเหนือหลังจากคนทำงานกะได้ยื่นคำร้องมาเป็นเวลาหนึ่งปีตามแผนจะมีสามเส้นทางใหม่",
            "صوّت مجلس المدينة يوم الثلاثاء على تمديد شبكة الحافلات الليلية إلى الأحياء الشمالية، بعد عام من العرائض التي قدمها عمال المناوبات.",
        ]
    )
    func scripts(paragraph: String) throws {
        // A second paragraph of the same script and length (a repeated one would be written once).
        let second = String(paragraph.reversed())
        let links = (1...12).map { "<li><a href=\"/\($0)\">Headline number \($0) about something</a></li>" }.joined()
        let html = Self.page(
            around:
                "<div class=\"wrap\"><div class=\"list\"><ul>\(links)</ul></div><div class=\"x\"><p>\(paragraph)</p><p>\(second)</p></div></div>"
        )
        let output = try Self.extract(html)
        #expect(output.pageType == "article")
        #expect(output.paragraphs == [paragraph, second])
    }

    @Test("a section front full of linked teasers is a listing, and its entries are its content")
    func listing() throws {
        let teasers = (1...12).map {
            "<article class=\"teaser\"><h2><a href=\"/story/\($0)\">Council approves plan number \($0) for the city</a></h2><p>Short summary \($0).</p></article>"
        }.joined()
        let output = try Self.extract(Self.page(around: "<main>\(teasers)</main>", head: "<title>News</title>"))
        #expect(output.pageType == "listing")
        #expect(output.paragraphs.contains("Short summary 3."), "\(output.paragraphs)")
    }

    @Test("a cookie-consent wall is not an article")
    func consent() throws {
        let wall = """
            <div id="consent-wall" class="cmp-container"><h2>We value your privacy</h2>
            <p>We and our partners use cookies and similar technologies to store and access information on your device, for personalised ads and content, measurement and audience insights.</p>
            <p>By clicking accept you consent to this processing. You can change your choice at any time in the privacy settings.</p></div>
            """
        let output = try Self.extract("<html><head><title>The Paper</title></head><body>\(wall)</body></html>")
        #expect(output.pageType == "consent")
        #expect(output.paragraphs.isEmpty)
    }

    @Test("a paywall teaser is a paywall page, and the teaser is its text")
    func paywall() throws {
        let body = """
            <article><h1>Night buses reach the north</h1><p>\(Self.story[0])</p>
            <div class="paywall"><p>Subscribe to continue reading. Already a subscriber? Log in.</p></div></article>
            """
        let output = try Self.extract(Self.page(around: body))
        #expect(output.pageType == "paywall")
        #expect(output.paragraphs.first == Self.story[0])
    }

    @Test("an error page is not an article")
    func error() throws {
        let output = try Self.extract(
            Self.page(
                around:
                    "<main><h1>Page not found</h1><p>Sorry, the page you were looking for does not exist or has been moved.</p></main>",
                head: "<title>404 - The Paper</title>"))
        #expect(output.pageType == "error")
        #expect(output.paragraphs.isEmpty)
    }

    @Test("a long article with a cookie banner and a paywall marker stays an article")
    func articleWithBanners() throws {
        let long = (1...3).flatMap { part in Self.story.map { "<p>\($0) (Part \(part).)</p>" } }.joined()
        let body = """
            <div class="cookie-notice"><p>We use cookies. Accept all or manage your consent.</p></div>
            <article><div class="paywall-wrapper">\(long)</div></article>
            """
        let output = try Self.extract(Self.page(around: body))
        #expect(output.pageType == "article")
        #expect(output.paragraphs.count == 12)
    }

    @Test("a consent class on the page's frame (<body class=\"cookies-not-set\">) does not make the page a wall")
    func consentClassOnTheFrame() throws {
        let html = """
            <html><head><title>Night buses reach the north</title></head><body class="single-post cookies-not-set">
            <div id="page" class="site cookie-state-pending"><article>\(Self.storyParagraphs)</article></div>
            <div class="cookie-banner"><p>We use cookies to improve your experience. Accept or manage consent.</p></div>
            </body></html>
            """
        let output = try Self.extract(html)
        #expect(output.pageType == "article")
        #expect(output.paragraphs == Self.story)
    }

    @Test("a consent banner is a wall only when it outweighs the page's own text")
    func bannerBesideAnArticleTheStrictPassMissed() throws {
        // The article sits in a wrapper whose class names read as furniture, so only the looser passes
        // find it; the consent banner beside it must not turn the page into a wall.
        let html = Self.page(
            around: """
                <div class="elementor-widget theme-widget-wrap">\(Self.storyParagraphs)\(Self.storyParagraphs)</div>
                <div id="cmplz-cookiebanner" class="cmplz-cookiebanner"><p>We use cookies and similar technologies, and our partners process data, to personalise content and measure audiences. Accept or deny consent.</p></div>
                """)
        let output = try Self.extract(html)
        #expect(output.pageType == "article")
        #expect(output.paragraphs.contains(Self.story[2]))
    }

    @Test("a page served to crawlers inside <noscript> is read; a noscript pixel or notice is not")
    func noscriptContent() throws {
        let posts = (1...3).map {
            "<div class=\"crawler-post\"><span class=\"creator\">user\($0)</span><div class=\"post\"><p>\(Self.story[$0])</p><p>\(Self.story[$0 - 1])</p></div></div>"
        }.joined()
        let html = """
            <html><head><title>Night buses reach the north - Forum</title></head><body>
            <noscript><img src="/pixel.gif" alt=""></noscript>
            <div id="app"></div>
            <noscript data-path="/t/night-buses/42"><div id="main-outlet" role="main">\(posts)</div></noscript>
            <noscript><p>Please enable JavaScript.</p></noscript>
            </body></html>
            """
        let output = try Self.extract(html)
        #expect(output.paragraphs.contains(Self.story[1]), "\(output.paragraphs)")
        #expect(!output.paragraphs.contains("Please enable JavaScript."))
    }

    @Test("a page of several sections in its <main> (a service page) keeps every section, not the longest one")
    func sectionsOfAServicePage() throws {
        let sections = [
            (
                "Night cleaning",
                "Our crews clean offices between midnight and five, so your staff never see a mop, and every visit is logged."
            ),
            (
                "Window care",
                "Windows up to the twelfth floor are washed every month with purified water that leaves no streaks."
            ),
            (
                "Carpet restoration",
                "Stains, odours and worn paths are treated on site with low-moisture machines; rooms are dry within the hour."
            ),
            (
                "Waste and recycling",
                "We sort paper, plastics and food waste on every floor and hand each stream to a licensed recycler."
            ),
        ]
        // Each section is a heading, a sentence and a list of short features: none of it scores as a
        // paragraph, so the scoring alone keeps only the long introduction.
        let features = (1...6).map { "<li>Included at no extra cost: service level \($0) for every site</li>" }.joined()
        let body = sections.map { "<div class=\"card\"><h3>\($0.0)</h3><ul><li>\($0.1)</li>\(features)</ul></div>" }
            .joined()
        let long =
            "<article><p>\(Self.story.joined(separator: " "))</p><p>\(Self.story.joined(separator: " "))</p></article>"
        let output = try Self.extract(Self.page(around: "<main>\(long)<div class=\"cards\">\(body)</div></main>"))
        #expect(output.paragraphs.contains(Self.story.joined(separator: " ")))
        for section in sections {
            #expect(output.paragraphs.contains(section.1), "missing \(section.0): \(output.paragraphs)")
        }
        #expect(!output.paragraphs.contains { $0.contains("Copyright") })
    }

    @Test("a service page made of cards keeps its cards, not the one section the scoring liked best")
    func serviceCards() throws {
        let benefits = [
            ("Faster releases", "Write less code and ship new features to your customers in days instead of months."),
            ("Lower costs", "Pay only for the compute time you use, billed by the millisecond, with no idle servers."),
            ("Built-in security", "Every function runs isolated, with permissions scoped to exactly what it needs."),
            ("Scales itself", "From ten requests a day to ten thousand a second without changing a line of code."),
        ]
        let cards = benefits.map {
            "<div class=\"card\"><h3><a href=\"/f\">\($0.0)</a></h3><p>\($0.1)</p><a href=\"/more\">Learn more</a></div>"
        }.joined()
        let body = """
            <div class="hero"><h1>Serverless functions</h1><p>Run code without thinking about servers.</p></div>
            <section><h2>Benefits</h2><div class="grid">\(cards)</div></section>
            <section><h2>Use cases</h2><p>\(Self.story[0])</p></section>
            <section><h2>How it works</h2><p>\(Self.story[1])</p><p>\(Self.story[2])</p><p>\(Self.story[3])</p></section>
            """
        let output = try Self.extract(Self.page(around: body))
        let text = output.paragraphs.joined(separator: " ")
        for benefit in benefits { #expect(text.contains(benefit.1), "\(output.paragraphs)") }
        for sentence in Self.story { #expect(text.contains(sentence)) }
        #expect(!text.contains("Copyright"))
    }

    @Test("a listing in <main> keeps its linked entries; an article in <main> loses the link list beside it")
    func landmarkListingAndArticle() throws {
        let entries = (1...8).map {
            "<div class=\"entry\"><h3><a href=\"/s/\($0)\">Night bus line \($0) opens in the north</a></h3>"
                + "<a href=\"/s/\($0)\">Read the full report on line \($0)</a></div>"
        }.joined()
        let listing = Self.page(
            around: "<main><h1>Transport</h1><p>All our reports on the city's transport.</p>\(entries)</main>")
        let listed = try Self.extract(listing).paragraphs.joined(separator: " ")
        for number in 1...8 { #expect(listed.contains("Night bus line \(number) opens"), "\(listed)") }

        let related = (1...8).map { "<li><a href=\"/r/\($0)\">Related story number \($0) about the city</a></li>" }
        let longStory = (Self.story + Self.story + Self.story).map { "<p>\($0)</p>" }.joined()
        let article = Self.page(
            around: "<main><article><h1>Night buses</h1>\(longStory)</article><ul>\(related.joined())</ul></main>")
        let read = try Self.extract(article).paragraphs.joined(separator: " ")
        #expect(read.contains(Self.story[3]))
        #expect(!read.contains("Related story"))
    }
}

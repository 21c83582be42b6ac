import PressworkFetch
import Testing

@Suite("robots.txt (RFC 9309): groups, longest match, wildcards")
struct RobotsTxtTests {
    static let text = """
        # comments and unknown lines are ignored
        User-agent: otherbot
        Disallow: /

        User-agent: Presswork
        User-agent: friendbot
        Disallow: /private
        Allow: /private/press
        Disallow: /*.pdf$
        Disallow: /search*q=
        Crawl-delay: 5

        User-agent: *
        Disallow: /everyone-else
        """

    @Test("the group naming the crawler's token applies, not the others; its rules by longest match")
    func ownGroup() {
        let robots = RobotsTxt(parsing: Array(Self.text.utf8), agent: "presswork")
        #expect(robots.allows("/news/1"))
        #expect(!robots.allows("/private/x"))
        #expect(robots.allows("/private/press/release"), "the longer Allow wins")
        #expect(!robots.allows("/files/report.pdf"))
        #expect(robots.allows("/files/report.pdf?download=1"), "$ anchors at the end")
        #expect(!robots.allows("/search?lang=kk&q=astana"))
        #expect(robots.allows("/everyone-else"), "the * group is not ours")
    }

    @Test("without a group of its own the * group applies; an empty Disallow allows everything")
    func starGroup() {
        let robots = RobotsTxt(parsing: Array(Self.text.utf8), agent: "unknownbot")
        #expect(!robots.allows("/everyone-else/page"))
        #expect(robots.allows("/private/x"))
        #expect(RobotsTxt(parsing: Array("User-agent: *\nDisallow:\n".utf8), agent: "x").allows("/a"))
        #expect(RobotsTxt(parsing: [], agent: "x").allows("/a"))
        #expect(!RobotsTxt.disallowAll.allows("/a") && RobotsTxt.allowAll.allows("/a"))
    }

    @Test("an Allow and a Disallow of the same length: Allow wins")
    func tie() {
        let robots = RobotsTxt(parsing: Array("User-agent: *\nDisallow: /page\nAllow: /page\n".utf8), agent: "x")
        #expect(robots.allows("/page"))
    }
}

import Testing

@testable import PressworkPipeline

@Suite("Keyword set")
struct KeywordSetTests {
    let set = KeywordSet([("ad", 1, true), ("comment", 2, false), ("article", 4, false), ("côté", 8, false)])

    @Test("whole tokens match only between separators; stems match inside tokens")
    func tokensAndStems() {
        #expect(set.scan("ad-slot") == 1)
        #expect(set.scan("top_ad") == 1)
        #expect(set.scan("header shadow") == 0)
        #expect(set.scan("adé") == 0)
        #expect(set.scan("post-comments") == 2)
        #expect(set.scan("main-article ad") == 5)
        #expect(set.scan("le-côté") == 8)
        #expect(set.scan("") == 0)
        #expect(set.scan("comm") == 0)
    }

    @Test("a yes-or-no scan stops at the first keyword and agrees with the full scan")
    func firstOnly() {
        for text in ["ad comment", "nothing here", "commentary", "x article"] {
            #expect(set.matches(text) == (set.scan(text) != 0))
        }
    }

    @Test("class hints: content and furniture words, byline, consent and paywall marks")
    func classHints() {
        #expect(ClassHints("article-body").weight == 25)
        #expect(ClassHints("sidebar").unlikely)
        #expect(!ClassHints("article-sidebar").unlikely)
        #expect(ClassHints("Byline").byline)
        #expect(ClassHints("cmp-banner").consent)
        #expect(ClassHints("paywall-prompt").paywall)
        #expect(ClassHints("shadow header-title").weight == -25)
        #expect(ClassHints("loading").weight == 0)
    }
}

import Testing

@testable import PressworkPipeline

/// Text a page prints twice: a responsive template's second copy of a description, a reply quoting the
/// post it answers. The content holds it once; short repeated labels stay where they are.
@Suite("Extraction: repeated blocks")
struct ExtractionRepeatsTests {
    static let story = ExtractionBoilerplateTests.story

    static func extract(_ html: String) throws -> ContentStage.Output {
        try ExtractionBoilerplateTests.extract(ExtractionBoilerplateTests.page(around: html))
    }

    @Test("a description printed once for phones and once for desktops is written once")
    func responsiveCopy() throws {
        let copy = "<div class=\"summary\">\(ExtractionBoilerplateTests.storyParagraphs)</div>"
        let output = try Self.extract("<main><h1>Night buses reach the north</h1>\(copy)\(copy)</main>")
        for sentence in Self.story { #expect(output.paragraphs.filter { $0 == sentence }.count == 1) }
    }

    @Test("a reply quoting the post it answers does not repeat the post")
    func quotedPost() throws {
        let post = Self.story[0]
        let html = """
            <main><h1>Night buses: worth it?</h1>
            <article class="message"><p>\(post)</p><p>\(Self.story[1])</p></article>
            <article class="message"><blockquote>\(post)</blockquote><p>\(Self.story[2])</p></article>
            <article class="message"><p>\(Self.story[3])</p></article></main>
            """
        let output = try Self.extract(html)
        #expect(output.paragraphs.filter { $0 == post }.count == 1)
        for sentence in Self.story.dropFirst() { #expect(output.paragraphs.contains(sentence)) }
    }

    @Test("short repeated lines, such as a specification table's labels, stay")
    func shortRepeats() throws {
        let rows = ["Red", "Blue", "Green"].map { "<tr><th>Colour</th><td>\($0)</td></tr>" }.joined()
        let html = """
            <main><h1>Night buses reach the north</h1>\(ExtractionBoilerplateTests.storyParagraphs)
            <table>\(rows)</table></main>
            """
        let output = try Self.extract(html)
        #expect(output.paragraphs.filter { $0 == "Colour" }.count == 3)
    }

    @Test("a paragraph repeated beside itself (a refrain, placeholder text) is the text's own and stays")
    func ownRepeat() throws {
        let refrain = Self.story[1]
        let html = """
            <main><h1>Night buses reach the north</h1><div><p>\(Self.story[0])</p><p>\(refrain)</p>
            <p>\(Self.story[2])</p><p>\(refrain)</p><p>\(Self.story[3])</p></div></main>
            """
        let output = try Self.extract(html)
        #expect(output.paragraphs.filter { $0 == refrain }.count == 2)
    }
}

import Foundation
import PressworkTestSupport
import Testing

@testable import PressworkPipeline

@Suite("Plain text stage")
struct PlainTextStageTests {
    /// A real article from the team's shared data, as the cluster receives them.
    static let seedArticle = "seed/000_6f6383990d9e24ad.txt"

    @Test("a brief of one paragraph, or one line, is an article whose text is that paragraph")
    func briefWithoutTitle() throws {
        let brief = "The council voted on Tuesday to extend the night bus network to the northern districts."
        let output = PlainTextStage().run(brief + "\n")
        #expect(output.title.isEmpty)
        #expect(output.paragraphs == [brief])
        // A line alone is the text, not a title over nothing.
        #expect(PlainTextStage().run("Night buses reach the north\n").paragraphs == ["Night buses reach the north"])
        // Through the whole pipeline: a document, never not-an-article.
        let article = Article(id: "b", source: "brief.txt", format: .text, bytes: Array(brief.utf8))
        let document = try TestSupport.pipeline.process(article, facts: TestSupport.facts)
        #expect(document.text == brief)
    }

    @Test("title line, residue, blank-line paragraphs, joined wrapped lines")
    func structure() {
        let text = """
            Flood barrier finished ahead of schedule

            Tue Mar 12 2024
            icon-facebook icon-twitter icon-whatsapp

            RIVERTON: The new flood barrier
            was finished two weeks early.

              Engineers tested it on Monday.  \r
            """
        let output = PlainTextStage().run(text)
        #expect(output.title == "Flood barrier finished ahead of schedule")
        #expect(
            output.paragraphs == [
                "RIVERTON: The new flood barrier was finished two weeks early.", "Engineers tested it on Monday.",
            ]
        )
        #expect(output.published == DateFact(value: "2024-03-12", source: "text"))
        #expect(output.dateline == "RIVERTON")
    }

    @Test("a long first line is not a title")
    func longFirstLine() {
        let line = String(repeating: "word ", count: 60)
        let output = PlainTextStage().run(line + "\n\nSecond paragraph.")
        #expect(output.title == "")
        #expect(output.paragraphs.count == 2)
    }

    @Test(
        "residue tokens are removed anywhere, other words stay",
        arguments: [
            ("Share: icon-facebook icon-twitter", "Share:"),
            ("icon-whatsapp", ""),
            ("The icon-maker said hello", "The said hello"),
            ("No residue here", "No residue here"),
        ]
    )
    func residue(line: String, expected: String) {
        #expect(Whitespace.collapse(PlainTextStage.removingResidue(Substring(line))) == expected)
    }

    @Test("the seed article", .requiresSharedData(Self.seedArticle))
    func seed() throws {
        let url = try #require(SharedData.url(Self.seedArticle))
        let document = try TestSupport.process(try TestSupport.readBytes(url))
        #expect(document.format == .text)
        #expect(document.title == "Putin, Xi Hails Stronger-than-Ever Russia-China Ties at SCO Summit")
        #expect(!document.text.contains("icon-"))
        #expect(
            document.paragraphs.contains {
                $0.hasPrefix("ASTANA: Russian President Vladimir Putin told Chinese leader")
            }
        )
        #expect(document.language.code == "en")
        #expect(document.language.reliable)
        #expect(document.charset == "utf-8")
        #expect(document.wordCount > 300)
        #expect(document.published == DateFact(value: "2024-07-03", source: "text"))
        #expect(document.dateline == "ASTANA")
        #expect(!document.paragraphs.contains("Wed Jul 03 2024"))
    }
}

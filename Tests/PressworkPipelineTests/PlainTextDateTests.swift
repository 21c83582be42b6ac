import Foundation
import Testing

@testable import PressworkPipeline

@Suite("Plain text stage: date line and dateline")
struct PlainTextDateTests {
    @Test(
        "a line that is only a date becomes the published date",
        arguments: [
            ("Wed Jul 03 2024", "2024-07-03"), ("3 July 2024", "2024-07-03"), ("16 сәуір 2024", "2024-04-16"),
            ("Mittwoch, 3. Juli 2024", "2024-07-03"), ("среда, 3 июля 2024", "2024-07-03"),
            ("2024年7月3日", "2024-07-03"), ("03.07.2024", "2024-07-03"),
        ]
    )
    func dateLine(line: String, expected: String) {
        let output = PlainTextStage().run("Title here\n\n\(line)\n\nASTANA: Body text.", now: MetadataFixture.now)
        #expect(output.published == DateFact(value: expected, source: "text"))
        #expect(output.paragraphs == ["ASTANA: Body text."])
    }

    @Test("a sentence with a date is not a date line; a future date line is kept")
    func notDateLine() {
        let sentence = PlainTextStage().run("Title\n\nThe summit opened on 3 July 2024 in Astana.")
        #expect(sentence.published == nil)
        #expect(sentence.paragraphs.count == 1)
        let future = PlainTextStage().run("Title\n\n3 July 2031\n\nBody.", now: MetadataFixture.now)
        #expect(future.published == nil)
    }

    @Test(
        "datelines",
        arguments: [
            ("ASTANA: Russian President", "ASTANA"), ("ALMATY (Reuters) - The central bank", "ALMATY"),
            ("MOSCOW, July 3 — Officials said", "MOSCOW"), ("NEW YORK — Stocks rose", "NEW YORK"),
            ("МОСКВА: Президент", "МОСКВА"),
        ]
    )
    func datelines(paragraph: String, expected: String) {
        #expect(PlainTextStage.dateline(paragraph) == expected)
    }

    @Test("no dateline", arguments: ["US officials said on Monday", "A: B", "Russian President Putin: no", "Rain."])
    func noDateline(paragraph: String) {
        #expect(PlainTextStage.dateline(paragraph) == nil)
    }
}

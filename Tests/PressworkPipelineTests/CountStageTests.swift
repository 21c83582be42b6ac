import Testing

@testable import PressworkPipeline

@Suite("Count stage")
struct CountStageTests {
    @Test(
        "word and character counts",
        arguments: [
            ("The council met on Tuesday.", 5, 23),
            ("Don't stop: 3 items, 4.5% more", 7, 25),
            ("市议会批准了新预算", 9, 9),
            ("东京 Tokyo 2024年", 5, 12),
            ("Городской совет утвердил бюджет", 4, 28),
            ("नगर परिषद ने बजट को मंज़ूरी दी", 7, 24),
            ("ภาษาไทย", 7, 7),
            ("", 0, 0),
            ("  \n\n  ", 0, 0),
        ]
    )
    func counts(text: String, words: Int, characters: Int) {
        let output = CountStage().run(text)
        #expect(output.wordCount == words)
        #expect(output.characterCount == characters)
    }
}

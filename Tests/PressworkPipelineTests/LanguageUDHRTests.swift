import Foundation
import PressworkTestSupport
import Testing

@testable import PressworkPipeline

/// A floor on accuracy over the UDHR texts in `../shared/data` (never copied in). The measured figures come
/// from `Scripts/bench-langid.sh`; the floors here sit well below them so that only a real regression fails.
@Suite("Language identification on the UDHR")
struct LanguageUDHRTests {
    static let path = "langid/udhr.jsonl"

    private struct Item: Decodable {
        var text: String
        var lang1: String
        var bucket: String
    }

    @Test(
        "paragraphs and sentences are identified",
        .requiresSharedData(path),
        arguments: [("paragraph", 0.9), ("sentence", 0.9)]
    )
    func accuracy(bucket: String, floor: Double) throws {
        let lines = try String(contentsOf: try #require(SharedData.url(Self.path)), encoding: .utf8).split(
            separator: "\n")
        let decoder = JSONDecoder()
        let items = try lines.map { try decoder.decode(Item.self, from: Data($0.utf8)) }.filter { $0.bucket == bucket }
        #expect(items.count > 1000)
        let stage = LanguageStage()
        let right = items.count { stage.run(title: "", text: $0.text, declared: nil).code == $0.lang1 }
        let accuracy = Double(right) / Double(items.count)
        #expect(accuracy >= floor, "\(bucket): \(right) of \(items.count)")
    }
}

import Foundation
import Testing

@testable import PressworkPipeline

/// The 130 real pages of Mozilla Readability's test suite, read from `../shared/data` (never copied in).
@Suite("Readability test pages")
struct ReadabilityPagesTests {
    static let directory = TestSupport.sharedData?.appendingPathComponent("extraction/readability/test-pages")

    static let pages: [String] = {
        guard let directory, let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
            return []
        }
        return names.sorted()
    }()

    @Test(
        "every page yields text and its declared language",
        .enabled(if: !pages.isEmpty, "\(TestSupport.sharedDataMissing)"),
        arguments: pages
    )
    func page(name: String) throws {
        let folder = try #require(Self.directory).appendingPathComponent(name)
        let bytes = try TestSupport.readBytes(folder.appendingPathComponent("source.html"))
        let article = Article(id: name, source: "readability/\(name)", format: .html, bytes: bytes)
        let document = try TestSupport.pipeline.process(article, facts: TestSupport.facts)
        #expect(!document.text.isEmpty)
        #expect(document.wordCount > 0)

        let metadataURL = folder.appendingPathComponent("expected-metadata.json")
        guard let metadata = try? JSONSerialization.jsonObject(with: Data(contentsOf: metadataURL)) as? [String: Any],
            let lang = metadata["lang"] as? String, !lang.isEmpty
        else { return }
        // Three pages declare "en" but hold only Lorem ipsum, which CLD2 rightly calls Latin.
        let isLoremIpsum = document.text.contains("Lorem ipsum dolor sit amet")
        let expected = isLoremIpsum ? "la" : String(lang.lowercased().prefix { $0 != "-" && $0 != "_" })
        #expect(document.language.code == expected, "\(name): \(document.language)")
    }
}

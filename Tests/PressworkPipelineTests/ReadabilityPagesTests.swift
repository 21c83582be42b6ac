import Foundation
import PressworkTestSupport
import Testing

@testable import PressworkPipeline

/// The 130 real pages of Mozilla Readability's test suite, read from `../shared/data` (never copied in).
@Suite("Readability test pages")
struct ReadabilityPagesTests {
    static let path = "extraction/readability/test-pages"
    static let directory = SharedData.url(path)

    static let pages: [String] = {
        guard let directory, let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
            return []
        }
        return names.sorted()
    }()

    /// Pages the extractor still returns nothing for: none at present.
    static let knownMisses: Set<String> = []

    @Test(
        "every page yields text and its declared language",
        .requiresSharedData(path),
        arguments: pages
    )
    func page(name: String) throws {
        let folder = try #require(Self.directory).appendingPathComponent(name)
        let bytes = try TestSupport.readBytes(folder.appendingPathComponent("source.html"))
        let article = Article(id: name, source: "readability/\(name)", format: .html, bytes: bytes)
        if Self.knownMisses.contains(name) {
            withKnownIssue("extractor keeps no text on this page yet") {
                _ = try TestSupport.pipeline.process(article, facts: TestSupport.facts)
            }
            return
        }
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

    /// A floor well below the issue's target (0.95): the benchmark script measures the real figure.
    @Test(
        "mean main-text F1 against expected.html is at least 0.80",
        .requiresSharedData(path)
    )
    func meanF1() throws {
        var scores: [Double] = []
        for name in Self.pages {
            let folder = try #require(Self.directory).appendingPathComponent(name)
            let expectedHTML = try String(contentsOf: folder.appendingPathComponent("expected.html"), encoding: .utf8)
            let expected = try HTMLDocument.parse(expectedHTML) { root in
                root.map { HTMLDocument.textContent(of: $0) } ?? ""
            }
            let bytes = try TestSupport.readBytes(folder.appendingPathComponent("source.html"))
            let article = Article(id: name, source: "readability/\(name)", format: .html, bytes: bytes)
            let text = (try? TestSupport.pipeline.process(article, facts: TestSupport.facts).text) ?? ""
            scores.append(ShingleF1.score(expected: expected, predicted: text))
        }
        let mean = scores.reduce(0, +) / Double(max(scores.count, 1))
        #expect(mean >= 0.80, "mean F1 \(mean) over \(scores.count) pages")
    }
}

/// The F1 of 4-token shingles (tokens: runs of letters, digits and `_`), as the ScrapingHub benchmark
/// scores main text.
enum ShingleF1 {
    static func score(expected: String, predicted: String) -> Double {
        let gold = shingles(expected)
        let guess = shingles(predicted)
        if gold.isEmpty && guess.isEmpty { return 1 }
        var common = 0
        for (shingle, count) in guess { common += min(count, gold[shingle] ?? 0) }
        let goldCount = gold.values.reduce(0, +)
        let guessCount = guess.values.reduce(0, +)
        guard common > 0 else { return 0 }
        let precision = Double(common) / Double(guessCount)
        let recall = Double(common) / Double(goldCount)
        return 2 * precision * recall / (precision + recall)
    }

    static func shingles(_ text: String) -> [[Substring]: Int] {
        let tokens = text.split(whereSeparator: { (character: Character) in
            !(character.isLetter || character.isNumber || character == "_")
        })
        guard !tokens.isEmpty else { return [:] }
        guard tokens.count >= 4 else { return [tokens: 1] }
        var counts: [[Substring]: Int] = [:]
        for start in 0...(tokens.count - 4) { counts[Array(tokens[start..<start + 4]), default: 0] += 1 }
        return counts
    }
}

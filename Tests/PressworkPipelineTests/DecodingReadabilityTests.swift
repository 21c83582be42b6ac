import Foundation
import PressworkTestSupport
import Testing

@testable import PressworkPipeline

/// U+FFFD over the 130 real pages of Mozilla Readability's test suite (read from `../shared/data`).
@Suite("Decoding: Readability pages")
struct DecodingReadabilityTests {
    @Test(
        "no page decodes with replacement characters",
        .requiresSharedData(ReadabilityPagesTests.path)
    )
    func noReplacementCharacters() throws {
        let directory = try #require(ReadabilityPagesTests.directory)
        var withReplacement: [String] = []
        var sources: [String: Int] = [:]
        for name in ReadabilityPagesTests.pages {
            let url = directory.appendingPathComponent(name).appendingPathComponent("source.html")
            let article = Article(id: name, source: name, format: .html, bytes: try TestSupport.readBytes(url))
            let output = try DecodeStage(maxArticleBytes: 1 << 24).run(article)
            sources["\(output.charset.name)/\(output.charsetSource?.rawValue ?? "nil")", default: 0] += 1
            if output.text.unicodeScalars.contains("\u{FFFD}") { withReplacement.append(name) }
        }
        let pages = ReadabilityPagesTests.pages.count
        print(
            "U+FFFD in \(withReplacement.count) of \(pages) Readability pages; charsets: \(sources.sorted { $0.key < $1.key })"
        )
        #expect(withReplacement.isEmpty, "\(withReplacement)")
    }
}

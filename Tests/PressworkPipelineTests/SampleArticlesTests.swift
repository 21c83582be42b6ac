import Foundation
import PressworkTestSupport
import Testing

@testable import PressworkPipeline

/// The package's own sample articles (`Scripts/samples/`): each must process and come out in its language,
/// which its file name starts with (`kk-almaty-bike-lanes.txt`) or its JSON Lines `lang` gives.
@Suite("Sample articles")
struct SampleArticlesTests {
    static let directory = Checkout.root.appendingPathComponent("Scripts/samples")

    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".html") || $0.hasSuffix(".txt") }.sorted()
    }()

    @Test("the samples cover the intended languages and formats")
    func coverage() {
        let languages = Set(Self.files.map { String($0.prefix { $0 != "-" }) })
        #expect(languages == ["en", "ru", "zh", "kk", "de", "ar", "hi", "es"])
        #expect(Self.files.filter { $0.hasSuffix(".html") }.count >= 3)
        #expect(Self.files.filter { $0.hasSuffix(".txt") }.count >= 3)
    }

    @Test("each sample file processes in its language", arguments: files)
    func file(name: String) throws {
        let bytes = try TestSupport.readBytes(Self.directory.appendingPathComponent(name))
        let article = Article(id: name, source: "samples/\(name)", bytes: bytes)
        let document = try TestSupport.pipeline.process(article, facts: TestSupport.facts)
        let expected = String(name.prefix { $0 != "-" })
        #expect(document.language.code == expected, "\(document.language)")
        #expect(document.language.reliable)
        #expect(!document.title.isEmpty)
        #expect(document.paragraphs.count >= 4)
        #expect(document.wordCount >= 100)
        #expect(!document.text.contains("icon-"))
        #expect(!document.text.contains("©"), "the footer should be dropped")
        #expect(document.format == (name.hasSuffix(".html") ? .html : .text))
        #expect(document.charset == (name.hasPrefix("ru-") ? "windows-1251" : "utf-8"))
    }

    struct BatchLine: Decodable {
        var id: String
        var url: String?
        var lang: String?
        var text: String?
        var html: String?
    }

    @Test("each batch.jsonl line processes in its language")
    func batch() throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent("batch.jsonl"))
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 3)
        for (index, line) in lines.enumerated() {
            let entry = try JSONDecoder().decode(BatchLine.self, from: Data(line.utf8))
            let body = try #require(entry.html ?? entry.text)
            let article = Article(
                id: "job-\(index)",
                articleId: entry.id,
                source: "batch.jsonl#\(index + 1)",
                url: entry.url,
                declaredLanguage: entry.lang,
                format: entry.html == nil ? .text : .html,
                bytes: Array(body.utf8)
            )
            let document = try TestSupport.pipeline.process(article, facts: TestSupport.facts)
            #expect(document.language.code == entry.lang, "\(entry.id): \(document.language)")
            #expect(document.articleId == entry.id)
            #expect(!document.title.isEmpty)
            #expect(document.wordCount >= 50)
        }
    }
}

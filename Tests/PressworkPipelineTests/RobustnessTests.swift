import PressworkTestSupport
import Testing

@testable import PressworkPipeline

/// Nothing may crash a worker: random bytes and cut-off pages must end in a document or a typed error.
@Suite("Robustness")
struct RobustnessTests {
    @Test("random bytes", arguments: 0..<4)
    func randomBytes(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<100 {
            let count = Int.random(in: 0...3000, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            for format in [Article.Format.auto, .html, .text] {
                check(bytes, format: format)
            }
        }
    }

    @Test("random high bytes with few controls, as HTML and text")
    func randomHighBytes() {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<200 {
            let count = Int.random(in: 1...2000, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0x20...0xFF, using: &generator) }
            check(Array("<html><meta charset=\"shift_jis\"><p>".utf8) + bytes, format: .auto)
            check(bytes, format: .text, contentType: "text/plain; charset=utf-16")
            check(bytes, format: .html, contentType: "text/html; charset=gb18030")
        }
    }

    @Test("truncated HTML at every cut")
    func truncatedHTML() {
        let page = Array(HTMLTextStageTests.page.utf8) + Array("<p>Конец статьи &amp; 结束</p><![CDATA[x]]><!-- c".utf8)
        for cut in stride(from: 0, through: page.count, by: 7) {
            check(Array(page[..<cut]), format: .auto)
        }
    }

    @Test("pathological markup")
    func pathological() {
        let inputs = [
            "<", "<<<<>>>>", "<html", "<!--", "<![CDATA[", "<?xml version=\"1.0\"?>", "&#0;&#xD800;&#1114112;",
            "<p>" + String(repeating: "&amp;", count: 10_000), String(repeating: "</p>", count: 10_000) + "text",
            "<meta charset=\"\">", "<meta charset=", "<title>" + String(repeating: "x", count: 100_000),
            "<table>" + String(repeating: "<tr><td>", count: 5_000),
        ]
        for input in inputs {
            check(Array(input.utf8), format: .auto)
        }
    }

    private func check(_ bytes: [UInt8], format: Article.Format, contentType: String? = nil) {
        do {
            let document = try TestSupport.process(bytes, format: format, contentType: contentType)
            #expect(!document.text.isEmpty)
            #expect(document.text == document.paragraphs.joined(separator: "\n\n"))
            _ = document.jsonData()
        } catch {
            #expect([.undecodable, .notAnArticle, .parseFailure].contains(error.code), "\(error)")
        }
    }
}

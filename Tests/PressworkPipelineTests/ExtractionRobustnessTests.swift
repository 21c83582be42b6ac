import Foundation
import Testing

@testable import PressworkPipeline

/// Hostile and huge pages: no crash on a small thread stack, no hang, time linear in the input.
@Suite("Extraction: robustness")
struct ExtractionRobustnessTests {
    /// Runs `body` on a thread with a 256 KiB stack, as small as a worker thread's may be.
    static func onSmallStack<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.stackSize = 256 * 1024
        thread.start()
        done.wait()
        return box.value!
    }

    static func extract(_ html: String) -> ContentStage.Output? {
        onSmallStack { try? HTMLDocument.parse(html) { root in root.map { ContentStage().run($0) } } }
    }

    static let paragraph =
        "<p>The bridge reopened on Monday after six months of repairs, and drivers were glad of it.</p>"

    @Test("200,000 nested elements")
    func deepNesting() {
        let html =
            "<html><body>" + String(repeating: "<div>", count: 200_000) + Self.paragraph
            + String(repeating: "</div>", count: 200_000) + "</body></html>"
        let output = Self.extract(html)
        #expect(output != nil)
    }

    @Test("200,000 nested inline elements around text")
    func deepInline() {
        let html = "<p>" + String(repeating: "<span><b>", count: 100_000) + "deep text"
        #expect(Self.extract(html) != nil)
    }

    @Test("multi-megabyte attributes")
    func hugeAttributes() throws {
        let huge = String(repeating: "comment-", count: 500_000)
        let html = """
            <html><body><div class="\(huge)" id="\(huge)" style="\(String(repeating: "a", count: 3_000_000))">
            <article><a href="\(String(repeating: "x", count: 2_000_000))">link</a>\(String(repeating: Self.paragraph, count: 5))</article>
            </div></body></html>
            """
        let output = try #require(Self.extract(html))
        #expect(output.paragraphs.suffix(5).allSatisfy { $0.hasPrefix("The bridge reopened") })
    }

    @Test("200,000 sibling elements")
    func wideTree() throws {
        let html =
            "<html><body><div>" + String(repeating: "<span>word</span> ", count: 200_000) + "</div></body></html>"
        let output = try #require(Self.extract(html))
        #expect(output.paragraphs.count == 1)
    }

    /// Seconds to extract `html`, the fastest of three runs: a ratio of two such times cancels the machine's
    /// speed, the minimum its pauses.
    static func fastestSeconds(_ html: String) -> Double {
        let clock = ContinuousClock()
        return (0..<3).map { _ in
            let elapsed = clock.measure { _ = extract(html) }
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }.min()!
    }

    @Test("time grows linearly with the page")
    func linearTime() throws {
        func page(_ count: Int) -> String {
            let block =
                "<div class=\"c\"><h2>Part</h2>\(Self.paragraph)<ul><li><a href=\"/x\">related</a></li></ul></div>"
            return "<html><body><main>" + String(repeating: block, count: count) + "</main></body></html>"
        }
        _ = Self.fastestSeconds(page(500))
        let small = Self.fastestSeconds(page(2_000))
        let large = Self.fastestSeconds(page(16_000))
        // 8x the input: a quadratic pass would take 64x; allow generous noise on a shared machine.
        #expect(large < small * 24, "\(small) s for 2,000 blocks, \(large) s for 16,000")
    }

    @Test("nested unclosed buttons and nested <main>s with prose stay linear")
    func nestedRepairs() throws {
        // Each unclosed button is checked for a swallowed page, each <main> clears its ancestors, each
        // paragraph counts towards its ancestors' prose: none of these may walk the whole depth each time.
        func page(_ count: Int) -> String {
            "<html><body>" + String(repeating: "<button><div>\(Self.paragraph)<main>\(Self.paragraph)", count: count)
                + "</body></html>"
        }
        _ = Self.fastestSeconds(page(250))
        let small = Self.fastestSeconds(page(1_000))
        let large = Self.fastestSeconds(page(8_000))
        #expect(Self.extract(page(8_000)) != nil)
        #expect(large < small * 24, "\(small) s for 1,000 levels, \(large) s for 8,000")
    }

    @Test("deeply nested JSON in a script-rendered page is refused, not a crash")
    func deepJSON() {
        let json = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let html = "<html><body><div id=\"app\"></div><script type=\"application/json\">\(json)</script></body></html>"
        let paragraphs = Self.onSmallStack { EmbeddedText.paragraphs(articleBody: nil, html: Array(html.utf8)) }
        #expect(paragraphs.isEmpty)
    }

    @Test("a huge page of plain paragraphs")
    func hugePage() throws {
        let html =
            "<html><body><article>" + String(repeating: Self.paragraph, count: 40_000) + "</article></body></html>"
        let output = try #require(Self.extract(html))
        #expect(output.paragraphs.count == 40_000)
    }
}

/// A value handed from a thread to its waiter: written before the semaphore is signalled, read after the
/// wait returns, so never accessed concurrently (hence `@unchecked Sendable`).
final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}

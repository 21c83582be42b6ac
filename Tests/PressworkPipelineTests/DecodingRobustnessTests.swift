import Foundation
import Testing

@testable import PressworkPipeline

/// Broken and hostile input: decoding degrades, never crashes or hangs, and stays linear.
@Suite("Decoding: broken input")
struct DecodingRobustnessTests {
    static func run(_ bytes: [UInt8], contentType: String? = nil, format: Article.Format = .auto)
        throws(PipelineError) -> DecodeStage.Output
    {
        let article = Article(id: "t", source: "t", format: format, contentType: contentType, bytes: bytes)
        return try DecodeStage(maxArticleBytes: 1 << 24).run(article)
    }

    /// Bytes from a fixed-seed generator, so failures reproduce.
    static func randomHighBytes(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(0x80 | (state >> 57))
        }
    }

    @Test("truncated multibyte characters at the end", arguments: ["SHIFT_JIS", "EUC-JP", "GBK", "BIG5", "UTF-8"])
    func truncated(encoding: String) throws {
        let text = encoding == "BIG5" ? DecodingFixtures.traditionalChinese : DecodingFixtures.japanese
        let sourceText = encoding == "GBK" ? DecodingFixtures.simplifiedChinese : text
        let full = TestSupport.encode(sourceText, as: encoding)
        let bytes = Array(full.dropLast())
        let declared = try Self.run(bytes, contentType: "text/plain; charset=\(encoding)", format: .text)
        #expect(declared.charsetSource == .header)
        #expect(declared.text.hasPrefix(String(sourceText.prefix(20))))
        let detected = try Self.run(bytes, format: .text)
        #expect(detected.text.hasPrefix(String(sourceText.prefix(20))))
    }

    @Test("invalid sequences inside declared text become U+FFFD")
    func invalidSequences() throws {
        var bytes = TestSupport.encode(DecodingFixtures.japanese, as: "SHIFT_JIS")
        bytes.insert(contentsOf: [0x81, 0xFF, 0x20], at: 30)
        let output = try Self.run(bytes, contentType: "text/plain; charset=shift_jis", format: .text)
        #expect(output.charset.name == "shift_jis")
        #expect(output.text.contains("\u{FFFD}"))
        #expect(output.text.hasSuffix(String(DecodingFixtures.japanese.suffix(20))))
    }

    @Test(
        "a megabyte of random high bytes, undeclared and mislabelled, in time linear in its size",
        arguments: [nil, "text/html; charset=utf-8", "text/html; charset=shift_jis", "text/html; charset=koi8-r"])
    func randomHighBytes(contentType: String?) throws {
        let output = try Self.run(
            Self.randomHighBytes(count: 1 << 20, seed: 42), contentType: contentType, format: .html)
        #expect(!output.text.isEmpty)
        let (small, large) = try Self.timeQuarterAndWhole(contentType: contentType, format: .html)
        // Four times the input; a quadratic step would take sixteen times as long.
        #expect(large < small * 10 + .milliseconds(200), "256 KiB: \(small), 1 MiB: \(large)")
    }

    @Test("time grows linearly with size, as text")
    func linear() throws {
        let (small, large) = try Self.timeQuarterAndWhole(contentType: nil, format: .text)
        #expect(large < small * 10 + .milliseconds(200), "256 KiB: \(small), 1 MiB: \(large)")
    }

    /// Decoding times of 256 KiB and 1 MiB of random high bytes, each the fastest of three runs: a ratio of
    /// two times, not a time, so the machine's speed cancels out, and the minimum drops pauses from other load.
    static func timeQuarterAndWhole(contentType: String?, format: Article.Format) throws -> (Duration, Duration) {
        let clock = ContinuousClock()
        func fastest(_ count: Int) throws -> Duration {
            let bytes = randomHighBytes(count: count, seed: 7)
            return try (0..<3).map { _ in
                try clock.measure { _ = try run(bytes, contentType: contentType, format: format) }
            }.min()!
        }
        _ = try fastest(1 << 16)
        return (try fastest(1 << 18), try fastest(1 << 20))
    }

    @Test(
        "short and odd inputs never crash",
        arguments: [[0x80], [0xFF, 0xFE], [0xFE], [0xE3, 0x81], [0x00, 0x41], [0x1B, 0x24, 0x42]])
    func shortInputs(bytes: [UInt8]) {
        for contentType in [nil, "text/plain; charset=utf-16", "text/plain; charset=iso-2022-jp"] {
            do throws(PipelineError) {
                let output = try Self.run(bytes, contentType: contentType)
                #expect(output.charsetSource != nil)
            } catch {
                #expect(error.code == .undecodable)
            }
        }
    }
}

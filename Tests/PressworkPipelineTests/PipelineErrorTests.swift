import Testing

@testable import PressworkPipeline

@Suite("Pipeline errors")
struct PipelineErrorTests {
    @Test(
        "bad input fails with the right code, not retryable",
        arguments: [
            ("empty", [UInt8](), PipelineError.Code.undecodable),
            ("NUL garbage", [UInt8](repeating: 0, count: 4096), .undecodable),
            (
                "binary", [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] + [UInt8](repeating: 0, count: 64),
                .undecodable
            ),
            ("whitespace only", Array("  \n\t\n ".utf8), .notAnArticle),
            ("digits only", Array("12345 678 90".utf8), .notAnArticle),
            (
                "scripts only",
                Array("<html><head><title>T</title></head><body><script>var a = 1;</script></body></html>".utf8),
                .notAnArticle
            ),
        ]
    )
    func failures(label: String, bytes: [UInt8], code: PipelineError.Code) {
        #expect {
            _ = try TestSupport.process(bytes)
        } throws: { error in
            guard let error = error as? PipelineError else { return false }
            return error.code == code && !error.isRetryable
        }
    }

    @Test("too large is checked before anything else")
    func tooLarge() {
        let pipeline = Pipeline(configuration: .init(maxArticleBytes: 100))
        let article = Article(id: "t", source: "t", bytes: Array(String(repeating: "Large article. ", count: 10).utf8))
        #expect(throws: PipelineError.self) { try pipeline.process(article, facts: TestSupport.facts) }
        do {
            _ = try pipeline.process(article, facts: TestSupport.facts)
        } catch {
            #expect(error.code == .tooLarge)
            #expect(!error.isRetryable)
            #expect(error.description.hasPrefix("too-large: "))
        }
    }

    @Test("codes have stable names; only internal failures are retryable")
    func codes() {
        let codes: [PipelineError.Code] = [.undecodable, .notAnArticle, .tooLarge, .parseFailure, .internalFailure]
        #expect(codes.map(\.name) == ["undecodable", "not-an-article", "too-large", "parse-failure", "internal"])
        #expect(codes.map { PipelineError(code: $0, message: "m").isRetryable } == [false, false, false, false, true])
    }
}

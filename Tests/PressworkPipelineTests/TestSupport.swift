import Foundation
import Glibc
import PressworkTestSupport
import Testing

@testable import PressworkPipeline

/// Shared helpers for the pipeline tests.
enum TestSupport {
    static let facts = ProcessingFacts(
        worker: "test-worker",
        host: "test-host",
        attempts: 1,
        processedAt: "2024-07-03T09:41:07.250Z",
        durationMs: 1.5
    )

    static let pipeline = Pipeline()

    /// Runs the whole pipeline on bytes.
    static func process(
        _ bytes: [UInt8],
        format: Article.Format = .auto,
        contentType: String? = nil,
        declaredLanguage: String? = nil,
        url: String? = nil
    ) throws(PipelineError) -> ArticleDocument {
        let article = Article(
            id: "test",
            source: "test",
            url: url,
            declaredLanguage: declaredLanguage,
            format: format,
            contentType: contentType,
            bytes: bytes
        )
        return withoutTimings(try pipeline.process(article, facts: facts))
    }

    /// The document without its stage timings, which differ from run to run: tests compare content.
    static func withoutTimings(_ document: ArticleDocument) -> ArticleDocument {
        var document = document
        document.processing.stagesMs = nil
        return document
    }

    /// Runs the whole pipeline on a string given as UTF-8.
    static func process(
        _ text: String, format: Article.Format = .auto, url: String? = nil
    ) throws(PipelineError) -> ArticleDocument {
        try process(Array(text.utf8), format: format, url: url)
    }

    /// The string in another charset, through iconv (test data is written as readable Swift strings).
    static func encode(_ text: String, as charset: String) -> [UInt8] {
        let handle = iconv_open(charset, "UTF-8")
        precondition(Int(bitPattern: handle) != -1, "iconv does not know \(charset)")
        defer { iconv_close(handle) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        let written = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(source.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(destination.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = source.count
                var outLeft = destination.count
                let result = iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
                precondition(result != -1, "cannot encode test text as \(charset)")
                return destination.count - outLeft
            }
        }
        return Array(output[..<written])
    }

    static func readBytes(_ url: URL) throws -> [UInt8] {
        Array(try Data(contentsOf: url))
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only when `path` is in the team's shared data (`SharedData` decides where that is);
    /// otherwise it is skipped, saying what is missing.
    static func requiresSharedData(_ path: String) -> Self {
        .enabled(if: SharedData.has(path), "\(SharedData.absence(path))")
    }
}

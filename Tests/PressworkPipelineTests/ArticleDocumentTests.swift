import Foundation
import PressworkTestSupport
import Testing

@testable import PressworkPipeline

@Suite("Article document")
struct ArticleDocumentTests {
    static func document() throws -> ArticleDocument {
        let article = Article(
            id: "job-1",
            articleId: "a-17",
            source: "batch.jsonl#3",
            url: "https://example.org/news/1",
            declaredLanguage: "en",
            bytes: Array("Bridge reopens\n\nThe old river bridge reopened on Monday after six months.".utf8)
        )
        return TestSupport.withoutTimings(try TestSupport.pipeline.process(article, facts: TestSupport.facts))
    }

    @Test("stage timings are recorded and add up to no more than the whole")
    func stageTimings() throws {
        let started = ContinuousClock.now
        let article = Article(
            id: "t", source: "t", format: .html, bytes: Array("<p>Bridge reopens on Monday.</p>".utf8))
        let document = try TestSupport.pipeline.process(article, facts: TestSupport.facts)
        let elapsed = (ContinuousClock.now - started).components
        let wall = Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15
        let stages = try #require(document.processing.stagesMs)
        let parts = [stages.decode, stages.parse ?? -1, stages.extract, stages.metadata ?? -1, stages.language]
        #expect(parts.allSatisfy { $0 >= 0 })
        #expect(parts.reduce(0, +) + stages.analysis <= wall + 0.01)
    }

    @Test("JSON is compact, sorted and stable")
    func json() throws {
        let data = try Self.document().jsonData()
        let json = String(decoding: data, as: UTF8.self)
        #expect(!json.contains("\n  "))
        #expect(json.hasPrefix("{\"articleId\":\"a-17\",\"characterCount\":"))
        #expect(json.contains("\"url\":\"https://example.org/news/1\""))
        #expect(
            json.contains(
                "\"processing\":{\"attempts\":1,\"durationMs\":1.5,\"host\":\"test-host\",\"processedAt\":\"2024-07-03T09:41:07.250Z\",\"worker\":\"test-worker\"}"
            )
        )
        #expect(try Self.document().jsonData() == data)
        let decoded = try JSONDecoder().decode(ArticleDocument.self, from: data)
        #expect(decoded == (try Self.document()))
    }

    @Test("fields")
    func fields() throws {
        let document = try Self.document()
        #expect(document.schemaVersion == 1)
        #expect(document.title == "Bridge reopens")
        #expect(document.paragraphs == ["The old river bridge reopened on Monday after six months."])
        #expect(document.format == .text)
        #expect(document.wordCount == 10)
        #expect(document.language.code == "en")
        #expect(document.language.declared == "en")
        #expect((0...1).contains(document.language.confidence))
    }

    @Test("absent optionals are left out, not null")
    func optionals() throws {
        let document = try TestSupport.process("Bridge reopens\n\nThe old river bridge reopened on Monday.")
        let json = String(decoding: document.jsonData(), as: UTF8.self)
        #expect(!json.contains("null"))
        #expect(!json.contains("\"url\""))
        #expect(!json.contains("\"articleId\""))
        #expect(!json.contains("\"declared\""))
    }

    @Test("timestamps are ISO 8601 UTC with milliseconds")
    func timestamp() {
        let stamp = ProcessingFacts.timestamp(Date(timeIntervalSince1970: 1_720_000_000.25))
        #expect(stamp == "2024-07-03T09:46:40.250Z")
    }

    @Test("concurrent use from many threads gives identical documents")
    func concurrent() async throws {
        let page = Array(
            TestSupport.encode(
                "<html><head><meta charset=\"windows-1251\"><title>Мост</title></head><body><p>Старый мост через реку открылся в понедельник после ремонта.</p></body></html>",
                as: "WINDOWS-1251"
            )
        )
        let expected = try TestSupport.process(page)
        try await withThrowingTaskGroup(of: ArticleDocument.self) { group in
            for _ in 0..<64 {
                group.addTask { try TestSupport.process(page) }
            }
            for try await document in group {
                #expect(document == expected)
            }
        }
    }
}

@Suite("Document JSON writer")
struct DocumentJSONTests {
    static func foundationJSON(_ document: ArticleDocument) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return Array(try encoder.encode(document))
    }

    @Test("writes the bytes Foundation's JSONEncoder writes, for every sample and Readability page")
    func sameAsFoundation() throws {
        let samples = Checkout.root.appendingPathComponent("Scripts/samples")
        let sampleFiles = try FileManager.default.contentsOfDirectory(atPath: samples.path)
            .filter { $0.hasSuffix(".html") || $0.hasSuffix(".txt") }.sorted().map {
                samples.appendingPathComponent($0)
            }
        // The project's own samples always; real pages too when the shared data is there (not in a fresh clone).
        var pageFiles: [URL] = []
        if let pages = ReadabilityPagesTests.directory {
            pageFiles = try FileManager.default.contentsOfDirectory(atPath: pages.path).sorted().prefix(60).map {
                pages.appendingPathComponent($0).appendingPathComponent("source.html")
            }
        }
        let tokens = Pipeline(configuration: PipelineConfiguration(includeTokens: true))
        var documents: [ArticleDocument] = []
        var samplesProcessed = 0
        for (index, file) in (sampleFiles + pageFiles).enumerated() {
            let bytes = try TestSupport.readBytes(file)
            let article = Article(id: "t\(index)", source: file.lastPathComponent, bytes: bytes)
            // Some real pages are verdicts (no article), which is not what this test is about.
            guard
                let document = try? (index % 2 == 0 ? tokens : TestSupport.pipeline).process(
                    article, facts: TestSupport.facts)
            else { continue }
            documents.append(document)
            if index < sampleFiles.count { samplesProcessed += 1 }
        }
        #expect(sampleFiles.count >= 8, "Scripts/samples holds the project's sample articles")
        #expect(samplesProcessed == sampleFiles.count, "every sample article gives a document")
        var odd = try #require(documents.first)
        odd.title = "quote \" backslash \\ controls \u{1}\u{8}\u{C}\u{1F} tab\t slash / \u{2028} é 🙂"
        odd.processing.durationMs = .nan
        odd.language.confidence = 1e-7
        documents.append(odd)
        for document in documents {
            #expect(document.jsonBytes() == (try Self.foundationJSON(document)), "\(document.source)")
        }
    }
}

import Foundation
import PressworkClient
import PressworkProtocol
import Testing

@Suite("Reading files")
struct ArticleInputsReadTests {
    @Test("Files are read whole, as raw bytes, with their path and format")
    func files() throws {
        try withTemporaryDirectory { (directory) throws in
            let htmlBytes: [UInt8] = Array("<p>Привет</p>".utf8) + [0xFF, 0x00, 0xC0]
            let html = try write(htmlBytes, to: directory + "/a.html")
            let text = try write("plain\ntext\n", to: directory + "/b.TXT")
            let outcomes = readAll(try ArticleInputs.plan([html, text]))
            #expect(
                outcomes == [
                    .article(ArticleMeta(source: html, format: .html), body: htmlBytes),
                    .article(ArticleMeta(source: text, format: .text), body: Array("plain\ntext\n".utf8)),
                ])
        }
    }

    @Test("An oversized file is an input error; the other files are still read")
    func oversizedFile() throws {
        try withTemporaryDirectory { (directory) throws in
            let limit = 1_000
            let small = try write(String(repeating: "a", count: 10), to: directory + "/1.txt")
            let exact = try write(String(repeating: "b", count: limit), to: directory + "/2.txt")
            let over = try write(String(repeating: "c", count: limit + 1), to: directory + "/3.txt")
            let after = try write("<p>d</p>", to: directory + "/4.html")
            let outcomes = readAll(try ArticleInputs.plan([directory]), maxBytes: limit)
            #expect(outcomes.map(\.source) == [small, exact, over, after])
            #expect(outcomes.map(\.isFailure) == [false, false, true, false])
            if case .failure(_, let message) = outcomes[2] {
                #expect(message.contains("\(limit + 1)"))
                #expect(message.contains("\(limit)"))
            }
        }
    }

    @Test("An empty file is an input error")
    func emptyFile() throws {
        try withTemporaryDirectory { (directory) throws in
            let empty = try write("", to: directory + "/empty.html")
            let next = try write("x", to: directory + "/next.txt")
            let outcomes = readAll(try ArticleInputs.plan([empty, next]))
            #expect(outcomes.count == 2)
            #expect(outcomes.first?.source == empty)
            #expect(outcomes.first?.isFailure == true)
            #expect(outcomes.last == .article(ArticleMeta(source: next, format: .text), body: [0x78]))
        }
    }

    @Test("A file that disappears between planning and reading is an input error")
    func vanishedFile() throws {
        try withTemporaryDirectory { (directory) throws in
            let gone = try write("x", to: directory + "/gone.html")
            let batch = try write(#"{"text":"x"}"#, to: directory + "/gone.jsonl")
            let items = try ArticleInputs.plan([gone, batch])
            try FileManager.default.removeItem(atPath: gone)
            try FileManager.default.removeItem(atPath: batch)
            let outcomes = readAll(items)
            #expect(outcomes.map(\.source) == [gone, batch])
            #expect(outcomes.allSatisfy { $0.isFailure })
        }
    }

    @Test("An error thrown by the consumer stops the reading")
    func consumerThrows() throws {
        struct Stop: Error {}
        try withTemporaryDirectory { (directory) throws in
            let batch = try write(
                (1...10).map { #"{"text":"\#($0)"}"# }.joined(separator: "\n"), to: directory + "/b.jsonl")
            var seen = 0
            #expect(throws: Stop.self) {
                try ArticleInputs.read(try ArticleInputs.plan([batch]), maxBytes: 100) { _ in
                    seen += 1
                    if seen == 3 { throw Stop() }
                }
            }
            #expect(seen == 3)
        }
    }
}

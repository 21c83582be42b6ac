import Foundation
import PressworkClient
import PressworkProtocol
import Testing

/// Writes `content` as `batch.jsonl` in a fresh directory and reads it.
private func readBatch(_ content: [UInt8], maxBytes: Int = 1 << 20) throws -> (path: String, outcomes: [ReadOutcome]) {
    try withTemporaryDirectory { (directory) throws in
        let path = try write(content, to: directory + "/batch.jsonl")
        return (path, readAll(try ArticleInputs.plan([path]), maxBytes: maxBytes))
    }
}

private func readBatch(_ content: String, maxBytes: Int = 1 << 20) throws -> (path: String, outcomes: [ReadOutcome]) {
    try readBatch(Array(content.utf8), maxBytes: maxBytes)
}

@Suite("JSON Lines batches")
struct BatchReaderTests {
    @Test("Valid lines become articles with their fields and line numbers")
    func validLines() throws {
        let (path, outcomes) = try readBatch(
            [
                #"{"html":"<p>Сәлем</p>","id":"a-1","url":"https://example.com/kk/1","lang":"kk"}"#,
                #"{"text":"plain text","id":42}"#,
                #"{"text":"t","id":-7,"contentType":"text/plain; charset=utf-8"}"#,
                #"{"html":"<b>x</b>","id":null,"url":null,"lang":null,"extra":{"ignored":[1,2]}}"#,
                #"  {"text":"leading and trailing spaces"}  "#,
            ].joined(separator: "\n") + "\n")
        #expect(
            outcomes == [
                .article(
                    ArticleMeta(
                        articleId: "a-1", source: path + "#1", url: "https://example.com/kk/1", lang: "kk",
                        format: .html),
                    body: Array("<p>Сәлем</p>".utf8)),
                .article(
                    ArticleMeta(articleId: "42", source: path + "#2", format: .text), body: Array("plain text".utf8)),
                .article(
                    ArticleMeta(
                        articleId: "-7", source: path + "#3", format: .text, contentType: "text/plain; charset=utf-8"),
                    body: Array("t".utf8)),
                .article(ArticleMeta(source: path + "#4", format: .html), body: Array("<b>x</b>".utf8)),
                .article(
                    ArticleMeta(source: path + "#5", format: .text), body: Array("leading and trailing spaces".utf8)),
            ])
    }

    @Test("JSON escapes in the body are decoded")
    func escapes() throws {
        let (_, outcomes) = try readBatch(#"{"text":"line\nbreak \"quoted\" \u00e9 \ud83d\ude00 \/"}"#)
        #expect(outcomes.count == 1)
        if case .article(_, let body) = outcomes.first {
            #expect(String(decoding: body, as: UTF8.self) == "line\nbreak \"quoted\" é 😀 /")
        }
    }

    @Test(
        "An invalid line is an input error naming path#line, and the reading goes on",
        arguments: [
            "not json",
            "{",
            #"{"html":"<p>a</p>","text":"a"}"#,
            "{}",
            #"{"id":"only an id"}"#,
            #"{"html":5}"#,
            #"{"text":["a"]}"#,
            #"{"html":null}"#,
            #"{"html":""}"#,
            #"{"text":""}"#,
            "[1,2]",
            #""just a string""#,
            "42",
            "null",
            #"{"text":"a","id":[1]}"#,
            #"{"text":"a","id":{"n":1}}"#,
            #"{"text":"a","url":5}"#,
            #"{"text":"a","lang":["kk"]}"#,
            #"{"text":"a","contentType":{}}"#,
        ])
    func invalidLine(_ line: String) throws {
        let (path, outcomes) = try readBatch(#"{"text":"before"}"# + "\n" + line + "\n" + #"{"text":"after"}"# + "\n")
        #expect(outcomes.map(\.source) == [path + "#1", path + "#2", path + "#3"])
        #expect(outcomes.map(\.isFailure) == [false, true, false])
        if case .failure(_, let message) = outcomes[1] {
            #expect(!message.isEmpty)
        }
    }

    @Test(
        "A line with a wrong-typed html or text besides a valid one is an input error",
        .bug(id: "client-batch-wrong-type-ignored", "a non-string html or text is ignored when the other is a string"),
        arguments: [#"{"html":5,"text":"a"}"#, #"{"html":"<p>a</p>","text":false}"#])
    func wrongTypeBesideValidBody(_ line: String) throws {
        let (_, outcomes) = try readBatch(line + "\n")
        #expect(outcomes.map(\.isFailure) == [true])

    }

    @Test("A boolean id is not taken for a number", .bug(id: "client-batch-boolean-id"))
    func booleanId() throws {
        let (_, outcomes) = try readBatch(#"{"text":"a","id":true}"# + "\n")
        #expect(outcomes.map(\.isFailure) == [true])

    }

    @Test("Blank lines are skipped but still counted")
    func blankLines() throws {
        let (path, outcomes) = try readBatch("\n" + #"{"text":"a"}"# + "\n\n   \n\t\n" + #"{"text":"b"}"# + "\n\n")
        #expect(outcomes.map(\.source) == [path + "#2", path + "#6"])
        #expect(!outcomes.contains { $0.isFailure })
    }

    @Test("CRLF line endings are accepted")
    func crlf() throws {
        let (path, outcomes) = try readBatch(#"{"text":"a"}"# + "\r\n\r\n" + #"{"html":"<p>b</p>"}"# + "\r\n")
        #expect(
            outcomes == [
                .article(ArticleMeta(source: path + "#1", format: .text), body: [0x61]),
                .article(ArticleMeta(source: path + "#3", format: .html), body: Array("<p>b</p>".utf8)),
            ])
    }

    @Test("A final line without a newline is read")
    func finalLineWithoutNewline() throws {
        let (path, outcomes) = try readBatch(#"{"text":"a"}"# + "\n" + #"{"text":"last"}"#)
        #expect(outcomes.map(\.source) == [path + "#1", path + "#2"])
        #expect(outcomes.last == .article(ArticleMeta(source: path + "#2", format: .text), body: Array("last".utf8)))
    }

    @Test("A final invalid line without a newline is reported")
    func finalInvalidLine() throws {
        let (path, outcomes) = try readBatch(#"{"text":"a"}"# + "\n" + #"{"text":"#)
        #expect(outcomes.map(\.source) == [path + "#1", path + "#2"])
        #expect(outcomes.map(\.isFailure) == [false, true])
    }

    @Test("An empty batch, or one of blank lines, gives nothing", arguments: ["", "\n", "\n\n  \r\n"])
    func emptyBatch(_ content: String) throws {
        #expect(try readBatch(content).outcomes.isEmpty)
    }

    @Test("An article over the limit is an input error, and the following lines are read")
    func articleOverLimit() throws {
        let limit = 100
        let (path, outcomes) = try readBatch(
            [
                #"{"text":"\#(String(repeating: "a", count: limit))"}"#,
                #"{"text":"\#(String(repeating: "b", count: limit + 1))"}"#,
                #"{"html":"\#(String(repeating: "ж", count: limit / 2 + 1))"}"#,  // 102 bytes of UTF-8.
                #"{"text":"after"}"#,
            ].joined(separator: "\n"), maxBytes: limit)
        #expect(outcomes.map(\.source) == (1...4).map { path + "#\($0)" })
        #expect(outcomes.map(\.isFailure) == [false, true, true, false])
    }

    @Test("A line far longer than any article is reported, and the following lines are read")
    func hugeLine() throws {
        // Longer than the reader's 1 MiB chunks, so the reader must skip it rather than hold it.
        let limit = 1_000
        let huge = #"{"text":""# + String(repeating: "x", count: 3 << 20) + #""}"#
        let (path, outcomes) = try readBatch(
            [#"{"text":"first"}"#, huge, #"{"text":"third"}"#, "", #"{"text":"fifth"}"#].joined(separator: "\n") + "\n",
            maxBytes: limit)
        #expect(outcomes.map(\.source) == [path + "#1", path + "#2", path + "#3", path + "#5"])
        #expect(outcomes.map(\.isFailure) == [false, true, false, false])
        if case .failure(_, let message) = outcomes[1] {
            #expect(message.contains("\(limit)"))
        }
        #expect(outcomes[2] == .article(ArticleMeta(source: path + "#3", format: .text), body: Array("third".utf8)))
    }

    @Test("A huge final line without a newline is reported with its line number")
    func hugeFinalLine() throws {
        let huge = #"{"text":""# + String(repeating: "x", count: 2 << 20)
        let (path, outcomes) = try readBatch(#"{"text":"first"}"# + "\n" + huge, maxBytes: 1_000)
        #expect(outcomes.map(\.source) == [path + "#1", path + "#2"])
        #expect(outcomes.map(\.isFailure) == [false, true])
    }

    @Test("A 5,000-line batch is read in order, across the reader's chunk boundaries")
    func largeBatch() throws {
        let count = 5_000
        // About 2 MB, so lines straddle the 1 MiB read chunks; multi-byte characters too.
        let lines = (1...count).map { number in
            #"{"id":\#(number),"text":"статья \#(number) "# + String(repeating: "ž", count: number % 300) + #""}"#
        }
        let (path, outcomes) = try readBatch(lines.joined(separator: "\n") + "\n")
        #expect(outcomes.count == count)
        #expect(!outcomes.contains { $0.isFailure })
        for (index, outcome) in outcomes.enumerated() {
            let number = index + 1
            let expected = ReadOutcome.article(
                ArticleMeta(articleId: "\(number)", source: path + "#\(number)", format: .text),
                body: Array(("статья \(number) " + String(repeating: "ž", count: number % 300)).utf8))
            if outcome != expected {
                Issue.record("line \(number): \(outcome)")
                break
            }
        }
    }

    @Test("Batches and files can be mixed; each batch numbers its own lines")
    func mixedInputs() throws {
        try withTemporaryDirectory { (directory) throws in
            let first = try write(#"{"text":"1"}"# + "\n" + #"{"text":"2"}"#, to: directory + "/a.jsonl")
            let file = try write("<p>x</p>", to: directory + "/b.html")
            let second = try write(#"{"text":"3"}"#, to: directory + "/c.jsonl")
            let outcomes = readAll(try ArticleInputs.plan([directory]))
            #expect(outcomes.map(\.source) == [first + "#1", first + "#2", file, second + "#1"])
        }
    }
}

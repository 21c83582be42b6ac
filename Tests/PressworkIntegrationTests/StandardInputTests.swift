import Foundation
import PressworkTestSupport
import Testing

/// `-` reads standard input: JSON Lines when it starts with `{`, one article otherwise or with `--text`.
@Suite("Standard input: JSON Lines or one article")
struct StandardInputTests {
    static let story =
        "The council approved the new tram line on Monday after a long debate about its cost and route through the old town."

    func documents(_ result: CommandResult) -> [[String: Any]] {
        result.lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    @Test("a stream starting with '{' (after blanks or a byte order mark) is JSON Lines, and says so")
    func jsonLines() throws {
        let cluster = try TestCluster("stdin-jsonl")
        let lines = [
            #"{"id": "a", "text": "\#(Self.story)"}"#,
            "",
            #"{"id": "b", "html": "<html><body><article><p>\#(Self.story)</p></article></body></html>"}"#,
        ]
        for prefix in [[UInt8](), [0xEF, 0xBB, 0xBF], Array(" \n\t".utf8)] {
            let result = try cluster.run(
                ["process", "--json", "-"], input: prefix + Array(lines.joined(separator: "\n").utf8))
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("reading JSON Lines"))
            #expect(documents(result).count == 2, "\(result.stdout.prefix(400))")
        }
    }

    @Test("--text reads a stream starting with '{' as one text article; HTML on stdin stays one article")
    func oneArticle() throws {
        let cluster = try TestCluster("stdin-text")
        let braced = Array("{ \(Self.story) }".utf8)
        let forced = try cluster.run(["process", "--json", "--text", "-"], input: braced)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(!forced.stderr.contains("JSON Lines"))
        #expect(documents(forced).count == 1)
        #expect((documents(forced).first?["text"] as? String)?.contains("tram line") == true)

        let html = try cluster.run(
            ["process", "--json", "-"], input: Array("<html><body><p>\(Self.story)</p></body></html>".utf8))
        #expect(html.status == 0 && documents(html).count == 1, "\(html.stderr)")

        let misuse = try cluster.run(["process", "--text", "x.txt"])
        #expect(misuse.status == 2 && misuse.stderr.contains("--text applies to -"), "\(misuse.stderr)")
    }

    @Test("a JSON line without html, text or url is reported with its line number; nothing is submitted")
    func badLine() throws {
        let cluster = try TestCluster("stdin-bad")
        let result = try cluster.run(["submit", "-"], input: Array(#"{"id": "a", "lang": "kk"}"#.utf8))
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("stdin#1"), "\(result.stderr)")
        #expect(result.stderr.contains("html"), "\(result.stderr)")
    }
}

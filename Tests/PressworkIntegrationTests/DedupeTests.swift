import Foundation
import PressworkProtocol
import PressworkTestSupport
import Testing

/// `submit --dedupe` against a real cluster: each rule, duplicates within one submit, dead jobs.
@Suite("Submitting what the coordinator already has")
struct DedupeTests {
    static func jsonl(_ lines: [[String: String]], in cluster: TestCluster, name: String) throws -> String {
        let path = cluster.directory.appendingPathComponent(name).path
        let text = try lines.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
            .joined(separator: "\n")
        try (text + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func article(_ id: String, _ url: String, _ text: String) -> [String: String] {
        ["id": id, "url": url, "text": text]
    }

    @Test("each rule skips what is stored or queued, maps it to the existing job, and queues the rest")
    func rules() throws {
        let cluster = try TestCluster("dedupe")
        try cluster.startCoordinator()
        try cluster.startWorker("w1")
        let texts = (0..<3).map {
            "Harbour story \($0)\n\nThe harbour reopened on day \($0) after the storms, officials said."
        }
        let first = try Self.jsonl(
            [
                Self.article("a0", "https://example.com/news/0", texts[0]),
                Self.article("a1", "https://example.com/news/1", texts[1]),
            ], in: cluster, name: "first.jsonl")
        let original = try cluster.run(["submit", "--wait", first])
        #expect(original.status == 0, "\(original.stderr)")
        let ids = original.stdout.split(separator: "\n").map(String.init)
        #expect(ids.count == 2)

        // Same URL spelled differently, same id with other text, same text under another URL: one rule each.
        let second = try Self.jsonl(
            [
                Self.article("b0", "http://www.example.com/news/0/?utm_source=feed", "Something else entirely."),
                Self.article("a1", "https://example.com/other", "Other words again."),
                Self.article("c2", "https://example.com/copy", texts[1]),
                Self.article("c3", "https://example.com/news/2", texts[2]),
                Self.article("c3", "https://example.com/news/2", texts[2]),
            ], in: cluster, name: "second.jsonl")
        for (rule, duplicateOf) in [("url", [0: ids[0]]), ("article-id", [1: ids[1]]), ("content", [2: ids[1]])] {
            let result = try cluster.run(["submit", "--dedupe", rule, second])
            #expect(result.status == 0, "\(rule): \(result.stderr)")
            let jobs = result.stdout.split(separator: "\n").map(String.init)
            #expect(jobs.count == 5, "\(rule): \(result.stdout)")
            for (index, job) in duplicateOf { #expect(jobs[index] == job, "\(rule): article \(index)") }
            // The last two are the same article twice in one submit: one job for both.
            #expect(jobs[3] == jobs[4], "\(rule)")
            #expect(result.stderr.contains("second.jsonl#5 is job \(jobs[3])"), "\(rule): \(result.stderr)")
            // Later rules also find the jobs the earlier ones queued; the first sees only the original two.
            if rule == "url" {
                #expect(result.stderr.contains("2 of them already there"), "\(result.stderr)")
            }
        }
        // Without --dedupe everything is queued again.
        let plain = try cluster.run(["submit", second])
        #expect(Set(plain.stdout.split(separator: "\n")).count == 5, "\(plain.stdout)")
    }

    @Test("a dead job is not a duplicate: submitting it again is how it is retried")
    func deadIsNotDuplicate() throws {
        let cluster = try TestCluster("dedupe-dead")
        try cluster.startCoordinator(["--retries", "0"])
        try cluster.startWorker("w1")
        let junk = cluster.directory.appendingPathComponent("junk.txt").path
        try Data((0..<3_000).map { UInt8($0 % 251) }).write(to: URL(fileURLWithPath: junk))
        let dead = try cluster.run(["submit", "--wait", junk])
        #expect(dead.status == 1, "\(dead.stderr)")
        let again = try cluster.run(["submit", "--dedupe", "content", junk])
        #expect(again.status == 0 && !again.stderr.contains("duplicate"), "\(again.stderr)")
        #expect(again.stdout != dead.stdout)
        let unknown = try cluster.run(["submit", "--dedupe", "title", junk])
        #expect(unknown.status == 2, "\(unknown.stderr)")
    }
}

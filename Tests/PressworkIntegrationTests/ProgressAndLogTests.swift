import Foundation
import PressworkTestSupport
import Testing

/// `submit --wait` progress on stderr without a terminal, and `--log-format json`, with real processes.
@Suite("Progress and log formats", .serialized)
struct ProgressAndLogTests {
    @Test("submit --wait without a terminal: job ids on stdout, plain progress and a summary on stderr")
    func waitSummary() throws {
        let cluster = try TestCluster("wait-progress")
        try cluster.startCoordinator()
        try cluster.startWorker("w1")
        try cluster.waitForWorkers(["w1"])
        let inputs = cluster.directory.appendingPathComponent("inputs")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        for (index, article) in GeneratedArticles.make(count: 30).enumerated() {
            try Data(article.body).write(to: inputs.appendingPathComponent(String(format: "a%03d.txt", index)))
        }

        let result = try cluster.run(["submit", inputs.path, "--wait"], environment: ["NO_COLOR": ""])
        #expect(result.status == 0, "\(result.stderr)\n\(cluster.logs)")
        #expect(result.lines.count == 30)
        #expect(Set(result.lines).count == 30)
        #expect(result.lines.allSatisfy { !$0.contains(" ") && !$0.isEmpty }, "stdout holds only job ids")
        #expect(result.stderr.contains("waited for 30 jobs: 30 done, 0 dead in "), "\(result.stderr)")
        #expect(result.stderr.contains("/s mean)"))
        #expect(!result.stderr.contains("\r") && !result.stderr.contains("\u{1B}"), "no redraws or colours in a file")
        for line in result.stderr.split(separator: "\n") where line.hasPrefix("progress: ") {
            #expect(line.contains(" done, ") && line.contains(" failed, ") && line.contains(", eta "))
        }
    }

    @Test("coordinator --log-format json: stderr lines are JSON objects with the fixed fields")
    func jsonLogs() throws {
        let cluster = try TestCluster("json-logs")
        let coordinator = try cluster.startCoordinator(["--log-format", "json", "--log-level", "debug"])
        try cluster.startWorker("w1")
        try cluster.waitForWorkers(["w1"])
        try cluster.waitUntil(timeout: 30, "the coordinator logged") {
            coordinator.log.split(separator: "\n").count >= 2
        }
        let lines = coordinator.log.split(separator: "\n").prefix(5)
        for line in lines {
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
            let timestamp = try #require(object["timestamp"] as? String)
            #expect(wallSeconds(timestamp) != nil, "timestamp \(timestamp)")
            #expect(timestamp.hasSuffix("Z") && timestamp.count == 24)
            #expect(
                ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(
                    object["level"] as? String))
            #expect((object["label"] as? String)?.hasPrefix("presswork") == true)
            #expect(!((object["message"] as? String) ?? "").isEmpty)
            #expect(object.values.allSatisfy { $0 is String }, "every field is a string: \(line)")
        }
    }

    @Test("an unknown --log-format is a usage error (exit 2)")
    func unknownLogFormat() throws {
        let cluster = try TestCluster("log-format-usage")
        let result = try cluster.run(["coordinator", "--log-format", "xml", "--data", cluster.dataDirectory.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--log-format"), "\(result.stderr)")
    }
}

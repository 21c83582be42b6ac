import Foundation
import PressworkClient
import PressworkProtocol
import PressworkTestSupport
import Testing

/// Submits articles through the client library in SUBMITs of `batch` articles, under one batch id as
/// `presswork submit` does; returns the acknowledged job ids.
func submit(_ articles: [(meta: ArticleMeta, body: [UInt8])], to cluster: TestCluster, batch: Int = 100) throws
    -> [String]
{
    let client = try cluster.client()
    let batchId = "test-\(UInt32.random(in: 0...UInt32.max))"
    var ids: [String] = []
    for start in stride(from: 0, to: articles.count, by: batch) {
        ids += try client.submit(Array(articles[start..<min(articles.count, start + batch)]), batch: batchId)
    }
    return ids
}

/// Waits until every job is final; returns the states.
func waitForFinal(_ jobs: [String], in cluster: TestCluster, timeout: Double) throws -> [JobState] {
    var states: [JobState] = []
    try cluster.waitUntil(timeout: timeout, "\(jobs.count) jobs final") {
        states = try cluster.client(timeout: 5).states(of: jobs)
        return states.allSatisfy(\.isFinal)
    }
    return states
}

/// The result documents in the store, by the `presswork export` command, as (job id, document).
func exportedDocuments(_ cluster: TestCluster) throws -> [(id: String, document: [String: Any])] {
    let result = try cluster.run(["export"])
    #expect(result.status == 0, "export failed: \(result.stderr)")
    return try result.lines.map { line in
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        return (try #require(object["id"] as? String), object)
    }
}

/// Seconds since `start`, for the figures the tests print.
func seconds(since start: Date) -> String {
    String(format: "%.2f", Date().timeIntervalSince(start))
}

func wallSeconds(_ iso8601: String) -> Double? {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.date(from: iso8601)?.timeIntervalSince1970
}

import Foundation
import PressworkProtocol
import PressworkTestSupport
import Testing

/// `presswork reprocess` and `show --history` against a real cluster.
@Suite("Re-processing from the command line")
struct ReprocessCommandTests {
    static let samples = Checkout.root.appendingPathComponent("Scripts/samples").path

    @Test(
        "reprocess with a filter runs matching articles again; the new document replaces the old, kept in the history")
    func reprocessByFilter() throws {
        let cluster = try TestCluster("reprocess")
        try cluster.startCoordinator()
        try cluster.startWorker("w1")
        let submit = try cluster.run(["submit", "--wait", Self.samples])
        #expect(submit.status == 0, "\(submit.stderr)")
        let jobs = submit.stdout.split(separator: "\n").map(String.init)
        let kazakh = try cluster.run(["results", "--json", "--lang", "kk", "--fields", "id"])
        let kazakhJobs = kazakh.stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }.compactMap { $0["id"] as? String }
        #expect(!kazakhJobs.isEmpty && kazakhJobs.count < jobs.count)
        let job = try #require(kazakhJobs.first)
        let before = try #require(try cluster.client().show(job).document)

        let queued = try cluster.run(["reprocess", "--lang", "kk"])
        #expect(queued.status == 0, "\(queued.stderr)")
        #expect(queued.stdout.contains("queued \(kazakhJobs.count) job(s)"), "\(queued.stdout)")
        _ = try waitForFinal(kazakhJobs, in: cluster, timeout: 120)
        #expect(try cluster.client().states(of: kazakhJobs).allSatisfy { $0 == .done })

        let history = try cluster.run(["show", "--history", job])
        #expect(history.status == 0, "\(history.stderr)")
        let lines = history.stdout.split(separator: "\n").map { Data($0.utf8) }
        #expect(lines.count == 2, "\(history.stdout)")
        let current = try #require(try JSONSerialization.jsonObject(with: lines[0]) as? [String: Any])
        let previous = try #require(try JSONSerialization.jsonObject(with: lines[1]) as? [String: Any])
        let processing = try #require(current["processing"] as? [String: Any])
        #expect(processing["pipelineVersion"] as? String == PressworkVersion.current)
        #expect(previous["replacedAt"] is String && previous["storedAt"] is String)
        let old = try JSONSerialization.data(withJSONObject: try #require(previous["document"]), options: .sortedKeys)
        let original = try JSONSerialization.data(
            withJSONObject: try JSONSerialization.jsonObject(with: Data(before)), options: .sortedKeys)
        #expect(old == original, "the history holds the document as it was")
        #expect(current["processing"].map { "\($0)" } != previous["document"].map { "\($0)" })
        // Still one result per job: the old document is no longer among the results.
        let all = try cluster.run(["results", "--json", "--fields", "id"])
        #expect(all.stdout.split(separator: "\n").count == jobs.count)

        let unknown = try cluster.run(["reprocess", "no-such-job"])
        #expect(unknown.status == 1 && unknown.stdout.contains("1 not done"), "\(unknown.stdout)")
        let mixed = try cluster.run(["reprocess", job, "--lang", "kk"])
        #expect(mixed.status == 2, "\(mixed.stderr)")
    }
}

import Foundation
import PressworkProtocol
import PressworkTestSupport
import Testing

/// `presswork purge`, `--allow-purge`, `--keep-results` and `--keep-bodies` against a real cluster.
@Suite("Retention from the command line")
struct RetentionCommandTests {
    static let samples = Checkout.root.appendingPathComponent("Scripts/samples").path

    @Test("purge is refused unless allowed; allowed, it deletes what matches and status shows the store shrink")
    func purgeCommand() throws {
        let refusing = try TestCluster("purge-refused")
        try refusing.startCoordinator()
        let refused = try refusing.run(["purge", "--before", "0s"])
        #expect(refused.status == 1 && refused.stderr.contains("--allow-purge"), "\(refused.stderr)")

        let cluster = try TestCluster("purge")
        try cluster.startCoordinator(["--allow-purge"])
        try cluster.startWorker("w1")
        let submit = try cluster.run(["submit", "--wait", Self.samples])
        #expect(submit.status == 0, "\(submit.stderr)")
        let count = submit.stdout.split(separator: "\n").count
        let sizeBefore = try #require(try cluster.client().status().store?.bytes)
        // Nothing finished a day ago; then the Russian result only; then every body; then everything.
        #expect(try cluster.run(["purge", "--before", "1d"]).stderr.contains("purged 0 job(s)"))
        let russian = try cluster.run(["purge", "--before", "0s", "--lang", "ru"])
        #expect(russian.status == 0 && russian.stderr.contains("purged 1 job(s)"), "\(russian.stderr)")
        #expect(try cluster.run(["results", "--json"]).stdout.split(separator: "\n").count == count - 1)
        let bodies = try cluster.run(["purge", "--before", "0s", "--bodies-only"])
        #expect(
            bodies.stderr.contains("purged 0 job(s) with their results, \(count - 1) article body"), "\(bodies.stderr)")
        #expect(try cluster.run(["results", "--json"]).stdout.split(separator: "\n").count == count - 1)
        let all = try cluster.run(["purge", "--before", "0s"])
        #expect(all.stderr.contains("purged \(count - 1) job(s)"), "\(all.stderr)")
        #expect(try cluster.run(["results", "--json"]).stdout.isEmpty)
        let sizeAfter = try #require(try cluster.client().status().store?.bytes)
        #expect(sizeAfter < sizeBefore, "\(sizeBefore) → \(sizeAfter)")
        #expect(try cluster.run(["status"]).stdout.contains("store "))
    }

    @Test("--keep-results deletes finished jobs and results once they are older, on its own")
    func keepResults() throws {
        let cluster = try TestCluster("keep-results")
        try cluster.startCoordinator(["--keep-results", "2s"])
        try cluster.startWorker("w1")
        let submit = try cluster.run(["submit", "--wait", Self.samples + "/kk-almaty-bike-lanes.txt"])
        #expect(submit.status == 0, "\(submit.stderr)")
        let job = submit.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try cluster.waitUntil(timeout: 60, "the result deleted by retention") {
            try cluster.client().states(of: [job]) == [.unknown]
        }
        let invalid = try cluster.run(["coordinator", "--keep-bodies", "soon", "--data", cluster.dataDirectory.path])
        #expect(invalid.status == 2 && invalid.stderr.contains("keep-bodies"), "\(invalid.stderr)")
    }
}

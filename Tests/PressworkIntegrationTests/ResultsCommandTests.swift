import Foundation
import PressworkProtocol
import PressworkTestSupport
import Testing

/// `presswork results` and `presswork export` with filters, batches and cursors, against a real cluster
/// processing the project's sample articles.
@Suite("Results queries from the command line")
struct ResultsCommandTests {
    static let samples = Checkout.root.appendingPathComponent("Scripts/samples").path

    static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    static func field(_ line: String, _ name: String) -> String? {
        let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        return object?[name] as? String
    }

    @Test("filters, fields, batches in status, and an export cursor that survives a restart")
    func queriesAndCursors() throws {
        let cluster = try TestCluster("results")
        try cluster.startCoordinator()
        try cluster.startWorker("w1")
        let submit = try cluster.run(["submit", "--wait", "--batch", "samples-1", Self.samples])
        #expect(submit.status == 0, "\(submit.stderr)")
        #expect(submit.stderr.hasPrefix("batch samples-1\n"), "\(submit.stderr)")
        let submitted = Self.lines(submit.stdout)
        #expect(submitted.count >= 8)

        // Each language once; the two asked for, in storage order; fields in the order asked.
        let all = try cluster.run(["results", "--json"])
        #expect(Self.lines(all.stdout).count == submitted.count, "\(all.stderr)")
        let asian = try cluster.run(["results", "--json", "--lang", "kk,zh", "--fields", "language.code,title"])
        #expect(
            Self.lines(asian.stdout).map { Self.field($0, "language.code") ?? "?" } == ["kk", "zh"],
            "\(asian.stdout)")
        #expect(Self.lines(asian.stdout).allSatisfy { $0.hasPrefix(#"{"language.code":"#) })
        // Search in Chinese, two characters; combined with a language that does not match, nothing.
        let bus = try cluster.run(["results", "--json", "--search", "公交", "--fields", "id"])
        #expect(Self.lines(bus.stdout).count == 1, "\(bus.stdout)")
        let none = try cluster.run(["results", "--search", "公交", "--lang", "ru"])
        #expect(none.status == 0 && none.stdout.contains("no results match"), "\(none.stdout)")
        // Batches: the submit's own, and another.
        #expect(
            Self.lines(try cluster.run(["results", "--json", "--batch", "samples-1"]).stdout).count == submitted.count)
        #expect(try cluster.run(["results", "--json", "--batch", "other"]).stdout.isEmpty)
        let status = try cluster.run(["status"])
        #expect(status.stdout.contains("samples-1"), "\(status.stdout)")
        let batches = try cluster.client().status().batches
        #expect(batches?.first?.batch == "samples-1" && batches?.first?.done == submitted.count)
        // A table by default, limited.
        let table = try cluster.run(["results", "--limit", "2"])
        #expect(Self.lines(table.stdout).count == 3 && table.stdout.hasPrefix("ID"), "\(table.stdout)")

        // Export: everything, then the cursor; after a restart and a second batch, only what is new.
        let first = try cluster.run(["export"])
        #expect(Self.lines(first.stdout).count == submitted.count)
        let cursor = try #require(
            first.stderr.components(separatedBy: "next: --after ").last?.split(separator: "\n").first)
        try #require(cluster.coordinator).signal(SIGKILL)
        try cluster.startCoordinator()
        let second = try cluster.run(["submit", "--wait", Self.samples + "/kk-almaty-bike-lanes.txt"])
        #expect(second.status == 0, "\(second.stderr)")
        let generated = try #require(second.stderr.split(separator: "\n").first)
        #expect(generated.hasPrefix("batch ") && generated.count > 10, "\(second.stderr)")
        let later = try cluster.run(["export", "--after", String(cursor)])
        #expect(Self.lines(later.stdout).map { Self.field($0, "id") } == Self.lines(second.stdout), "\(later.stderr)")
        let filtered = try cluster.run(["export", "--after", String(cursor), "--lang", "zh"])
        #expect(filtered.stdout.isEmpty && filtered.stderr.contains("next: --after \(cursor)"), "\(filtered.stderr)")
    }

    @Test("--status lists queued, running and dead jobs, which have no result, with the job filters")
    func jobsWithoutResults() throws {
        let cluster = try TestCluster("results-status")
        try cluster.startCoordinator(["--retries", "0"])
        // No worker yet: both articles stay queued.
        let queued = try cluster.run(["submit", "--batch", "waiting", Self.samples + "/kk-almaty-bike-lanes.txt"])
        let junk = cluster.directory.appendingPathComponent("junk.txt")
        try Data((0..<3_000).map { UInt8($0 % 251) }).write(to: junk)
        let broken = try cluster.run(["submit", "--batch", "broken", junk.path])
        let waiting = try cluster.run(["results", "--status", "queued", "--json", "--fields", "id,state"])
        #expect(Self.lines(waiting.stdout).count == 2, "\(waiting.stdout)")
        #expect(Self.lines(waiting.stdout).allSatisfy { Self.field($0, "state") == "queued" })
        let onlyBatch = try cluster.run(["results", "--status", "queued", "--batch", "waiting", "--json"])
        #expect(Self.lines(onlyBatch.stdout).map { Self.field($0, "id") } == Self.lines(queued.stdout))
        try cluster.startWorker("w1")
        let brokenJob = Self.lines(broken.stdout)
        try cluster.waitUntil(timeout: 120, "the junk article dead") {
            try cluster.client().states(of: brokenJob) == [.dead]
        }
        let dead = try cluster.run(["results", "--status", "dead"])
        #expect(dead.stdout.contains(brokenJob.first ?? "?") && dead.stdout.hasPrefix("ID"), "\(dead.stdout)")
        #expect(dead.stdout.contains("STATE") && dead.stdout.contains("junk.txt"), "\(dead.stdout)")
        let mixed = try cluster.run(["results", "--status", "dead", "--lang", "en"])
        #expect(mixed.status == 2 && mixed.stderr.contains("lang filters results"), "\(mixed.stderr)")
    }

    @Test("bad filter values are refused with a clear message and exit status 2")
    func badFilters() throws {
        let cluster = try TestCluster("results-bad")
        try cluster.startCoordinator()
        for arguments in [
            ["results", "--since", "yesterday"], ["results", "--published-since", "12/01/2026"],
            ["results", "--limit", "0"], ["export", "--search", String(repeating: "x", count: 300)],
            ["submit", "--batch", "has space", Self.samples], ["results", "--status", "finished"],
        ] {
            let result = try cluster.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(!result.stderr.isEmpty)
        }
    }
}

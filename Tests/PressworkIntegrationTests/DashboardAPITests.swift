import Foundation
import PressworkProtocol
import PressworkTestSupport
import Testing

/// The dashboard's JSON API against a real coordinator and worker: lists, a job's page, actions through the
/// loop, credentials, the prefix and the cross-site guard.
@Suite("Dashboard API")
struct DashboardAPITests {
    static let action = "X-Requested-With: presswork"

    static func json(_ reply: HTTPReply) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any], "\(reply.body)")
    }

    @Test("jobs listed and filtered, a job's page, failures by code; retry, delete and cancel act after commit")
    func listsAndActions() throws {
        let cluster = try TestCluster("dashboard-api")
        try cluster.startCoordinator(["--http", "127.0.0.1:0", "--retries", "0"])
        let port = try #require(cluster.httpPort)
        try cluster.startWorker("w1", ["--chaos-fail", "flaky"])
        try cluster.waitForWorkers(["w1"])
        var files: [String] = []
        for (index, text) in [
            "Harbour vote\n\nThe harbour board met on Tuesday and put off the vote on the new pier again.",
            "Tram line\n\nThe council approved the tram line on Monday after a long debate about its cost.",
        ].enumerated() {
            let file = cluster.directory.appendingPathComponent(index == 0 ? "flaky-1.txt" : "story-\(index).txt")
            try text.write(to: file, atomically: true, encoding: .utf8)
            files.append(file.path)
        }
        let submitted = try cluster.run(["submit", "--batch", "api-test"] + files)
        let ids = submitted.lines
        try #require(ids.count == 2, "\(submitted)")
        let (flaky, story) = (ids[0], ids[1])
        #expect(try waitForFinal(ids, in: cluster, timeout: 60) == [.dead, .done])

        let all = try Self.json(try HTTPGet.request("/api/jobs", port: port))
        let listed = try #require(all["jobs"] as? [[String: Any]])
        #expect(listed.compactMap { $0["id"] as? String } == [story, flaky], "newest first")
        let dead = try Self.json(try HTTPGet.request("/api/jobs?state=dead&code=chaos", port: port))
        #expect((dead["jobs"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [flaky])
        let searched = try Self.json(try HTTPGet.request("/api/jobs?q=tram", port: port))
        #expect((searched["jobs"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [story], "words")
        let byBatch = try Self.json(try HTTPGet.request("/api/jobs?q=api-test&limit=1", port: port))
        #expect((byBatch["jobs"] as? [[String: Any]])?.count == 1 && byBatch["next"] is Int, "a page and its cursor")
        let next = try #require(byBatch["next"] as? Int)
        let second = try Self.json(try HTTPGet.request("/api/jobs?q=api-test&limit=1&after=\(next)", port: port))
        #expect((second["jobs"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [flaky])
        #expect(try HTTPGet.request("/api/jobs?state=nope", port: port).status == 400)
        let recent = try Self.json(
            try HTTPGet.request("/api/jobs?since=2020-01-01&until=2999-01-01T00:00:00Z", port: port))
        #expect((recent["jobs"] as? [Any])?.count == 2)
        let future = try Self.json(try HTTPGet.request("/api/jobs?since=2999-01-01", port: port))
        #expect((future["jobs"] as? [Any])?.isEmpty == true)
        #expect(try HTTPGet.request("/api/jobs?since=yesterday", port: port).status == 400)
        #expect(try HTTPGet.request("/api/jobs?limit=100000", port: port).status == 400)

        let page = try Self.json(try HTTPGet.request("/api/jobs/\(story)", port: port))
        #expect((page["job"] as? [String: Any])?["state"] as? String == "done")
        #expect((page["job"] as? [String: Any])?["batch"] as? String == "api-test")
        #expect((page["document"] as? [String: Any])?["title"] as? String == "Tram line")
        #expect(try HTTPGet.request("/api/jobs/0000000000000000", port: port).status == 404)
        #expect(try HTTPGet.request("/api/jobs/..%2Fetc", port: port).status == 400)
        let failures = try Self.json(try HTTPGet.request("/api/failures", port: port))
        let codes = try #require(failures["deadByCode"] as? [[String: Any]])
        #expect(codes.first?["code"] as? String == "chaos" && codes.first?["jobs"] as? Int == 1)

        // Actions need the header; a cross-site form cannot send it.
        #expect(try HTTPGet.request("/api/jobs/\(flaky)/retry", method: "POST", port: port).status == 403)
        #expect(try HTTPGet.request("/api/jobs/\(flaky)/retry", port: port).status == 405)
        // A worker without the chaos flag takes the retried job.
        try cluster.startWorker("w2")
        try cluster.waitForWorkers(["w1", "w2"])
        let drained = try HTTPGet.request(
            "/api/workers/w1/drain", method: "POST", headers: [Self.action], port: port)
        #expect(drained.status == 200, "\(drained.body)")
        #expect(try cluster.client().status().workers.first { $0.id == "w1" }?.state == .draining)
        let retried = try Self.json(
            try HTTPGet.request(
                "/api/jobs/retry", method: "POST", headers: [Self.action], body: #"{"code": "chaos"}"#, port: port))
        #expect(retried["matched"] as? Int == 1 && retried["changed"] as? Int == 1, "\(retried)")
        #expect(try waitForFinal([flaky], in: cluster, timeout: 60) == [.done])

        // Delete a finished job; an unfinished one is left alone.
        let deleted = try Self.json(
            try HTTPGet.request("/api/jobs/\(story)", method: "DELETE", headers: [Self.action], port: port))
        #expect(deleted["changed"] as? Int == 1)
        #expect(try HTTPGet.request("/api/jobs/\(story)", port: port).status == 404)
        #expect(try cluster.client().states(of: [story]) == [.unknown])

        // Cancel a queued job (no worker takes jobs now).
        _ = try HTTPGet.request("/api/workers/w2/drain", method: "POST", headers: [Self.action], port: port)
        let queued = try cluster.run(["submit", files[1]])
        let waiting = try #require(queued.lines.first)
        let running = try Self.json(try HTTPGet.request("/api/running", port: port))
        #expect((running["jobs"] as? [Any])?.isEmpty == true)
        let cancelled = try Self.json(
            try HTTPGet.request("/api/jobs/\(waiting)/cancel", method: "POST", headers: [Self.action], port: port))
        #expect(cancelled["changed"] as? Int == 1)
        #expect(try waitForFinal([waiting], in: cluster, timeout: 10) == [.cancelled])
        let history = try Self.json(try HTTPGet.request("/api/history?span=86400", port: port))
        #expect(history["intervalSeconds"] as? Double == 300)
    }

    @Test("--http-auth: job data and actions need credentials (bearer or basic); --http-prefix moves everything")
    func credentialsAndPrefix() throws {
        let cluster = try TestCluster("dashboard-auth")
        let auth = cluster.directory.appendingPathComponent("http-auth")
        try "# operators\nbearer 0123456789abcdef-token\nadmin:correct-horse-battery\n".write(
            to: auth, atomically: true, encoding: .utf8)
        try cluster.startCoordinator(
            ["--http", "127.0.0.1:0", "--http-prefix", "/presswork", "--http-auth", auth.path])
        let port = try #require(cluster.httpPort)
        try cluster.waitUntil(timeout: 30, "the endpoint answers") {
            try HTTPGet.request("/presswork/healthz", port: port).status == 200
        }
        #expect(try HTTPGet.request("/healthz", port: port).status == 404, "outside the prefix")
        let bare = try HTTPGet.request("/presswork", port: port)
        #expect(bare.status == 308 && bare.headers["location"] == "/presswork/")
        #expect(try HTTPGet.request("/presswork/", port: port).status == 200, "the page needs no credentials")
        #expect(try HTTPGet.request("/presswork/api/status", port: port).status == 200)

        let refused = try HTTPGet.request("/presswork/api/jobs", port: port)
        #expect(refused.status == 401 && refused.headers["www-authenticate"]?.hasPrefix("Basic") == true)
        let wrong = try HTTPGet.request(
            "/presswork/api/jobs", method: "GET", headers: ["Authorization: Bearer 0123456789abcdef-nope"], port: port)
        #expect(wrong.status == 401)
        let bearer = try HTTPGet.request(
            "/presswork/api/jobs", method: "GET", headers: ["Authorization: Bearer 0123456789abcdef-token"], port: port)
        #expect(bearer.status == 200, "\(bearer.body)")
        let basic = "Authorization: Basic " + Data("admin:correct-horse-battery".utf8).base64EncodedString()
        #expect(
            try HTTPGet.request("/presswork/api/failures", method: "GET", headers: [basic], port: port).status == 200)
        let unauthenticatedAction = try HTTPGet.request(
            "/presswork/api/workers/w1/drain", method: "POST", headers: [Self.action], port: port)
        #expect(unauthenticatedAction.status == 401)
        let unknownWorker = try HTTPGet.request(
            "/presswork/api/workers/w1/drain", method: "POST", headers: [Self.action, basic], port: port)
        #expect(unknownWorker.status == 404)

        // A bad credentials file stops the coordinator at start-up with a clear message.
        let broken = try TestCluster("dashboard-auth-broken")
        let weak = broken.directory.appendingPathComponent("weak")
        try "bearer short\n".write(to: weak, atomically: true, encoding: .utf8)
        let start = try broken.run(["coordinator", "--data", "d", "--http", "127.0.0.1:0", "--http-auth", weak.path])
        #expect(start.status == 2 && start.stderr.contains("16 characters"), "\(start)")
    }

    @Test("without --http-auth, job data and actions are served on loopback only")
    func offLoopbackNeedsCredentials() throws {
        let cluster = try TestCluster("dashboard-open")
        try cluster.startCoordinator(["--http", "0.0.0.0:0", "--insecure"])
        let port = try #require(cluster.httpPort)
        try cluster.waitUntil(timeout: 30, "the endpoint answers") {
            try HTTPGet.request("/healthz", port: port).status == 200
        }
        #expect(try HTTPGet.request("/api/status", port: port).status == 200)
        let jobs = try HTTPGet.request("/api/jobs", port: port)
        #expect(jobs.status == 403 && jobs.body.contains("--http-auth"), "\(jobs.body)")
    }
}

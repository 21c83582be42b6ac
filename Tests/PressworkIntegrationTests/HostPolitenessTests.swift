import Foundation
import PressworkProtocol
import PressworkTestSupport
import Testing

/// Per-host limits hold across the whole cluster, not per worker: the coordinator hands out the slots.
@Suite("Per-host politeness across the cluster")
struct HostPolitenessTests {
    static func page(_ path: String) -> LocalHTTPServer.Response {
        var response = LocalHTTPServer.Response.html(
            "<html><head><title>Page \(path)</title></head><body><article><p>The harbour board met on Tuesday to"
                + " discuss the ferry timetable for \(path), and the vote on the new pier was put off again.</p>"
                + "</article></body></html>")
        // Slow enough that jobs overlap when nothing holds them back.
        response.delay = 0.05
        return response
    }

    @Test("two workers, 200 URLs of one host: never more than 2 requests at once, and status shows the host")
    func concurrencyHolds() throws {
        let server = try LocalHTTPServer { path in
            path == "/robots.txt" ? .init(status: 404) : Self.page(path)
        }
        defer { server.stop() }
        let cluster = try TestCluster("host-concurrency")
        try cluster.startCoordinator(["--host-concurrency", "2"])
        for id in ["w1", "w2"] { try cluster.startWorker(id, concurrency: 3, ["--allow-private-networks"]) }
        try cluster.waitForWorkers(["w1", "w2"])
        let list = cluster.directory.appendingPathComponent("urls.txt")
        let urls = (1...200).map { server.url("/story/\($0)") }
        try Data(urls.joined(separator: "\n").utf8).write(to: list)
        let submitted = try cluster.run(["submit", "--urls", list.path])
        #expect(submitted.status == 0, "\(submitted)")
        let ids = submitted.lines
        try #require(ids.count == 200)

        // While they run, status shows the host with its two slots taken and the rest held back.
        var seen: ClusterStatus.Hosts.Host?
        try cluster.waitUntil(timeout: 60, "the host shows in status") {
            let hosts = try cluster.client().status().hosts
            seen = hosts?.busiest.first
            return (seen?.waiting ?? 0) > 0
        }
        #expect(seen?.host == "127.0.0.1" && seen!.running <= 2, "\(String(describing: seen))")
        let text = try cluster.run(["status"])
        #expect(text.stdout.contains("127.0.0.1"), "\(text.stdout)")

        let states = try waitForFinal(ids, in: cluster, timeout: 240)
        #expect(states.allSatisfy { $0 == .done }, "\(Set(states))")
        #expect(
            server.mostConcurrentRequests == 2, "at most 2, and the limit is used: \(server.mostConcurrentRequests)")
        let status = try cluster.client().status()
        #expect(status.workers.allSatisfy { $0.done > 0 }, "both workers fetched: \(status.workers.map(\.done))")
        #expect(status.hosts?.active == 0 && status.hosts?.waiting == 0, "\(String(describing: status.hosts))")
    }

    @Test("--host-delay spaces the requests to one host; another host is not held back by it")
    func delayPerHost() throws {
        let server = try LocalHTTPServer { path in
            path == "/robots.txt" ? .init(status: 404) : Self.page(path)
        }
        defer { server.stop() }
        let cluster = try TestCluster("host-delay")
        try cluster.startCoordinator(["--host-concurrency", "0", "--host-delay", "0.5"])
        try cluster.startWorker("w1", concurrency: 4, ["--allow-private-networks"])
        try cluster.waitForWorkers(["w1"])
        // Two names of the same server are two hosts to the coordinator.
        let urls = (1...6).flatMap {
            [server.url("/a/\($0)"), "http://localhost:\(server.port)/b/\($0)"]
        }
        let submitted = try cluster.run(["submit"] + urls)
        #expect(submitted.status == 0, "\(submitted)")
        let states = try waitForFinal(submitted.lines, in: cluster, timeout: 120)
        #expect(states.allSatisfy { $0 == .done }, "\(states)")

        let requests = zip(server.requests, server.arrivalTimes).filter { $0.0.path != "/robots.txt" }
        func arrivals(_ host: String) -> [Double] {
            requests.filter { $0.0.headers.lowercased().contains("host: \(host)") }.map(\.1)
        }
        let numeric = arrivals("127.0.0.1")
        let named = arrivals("localhost")
        #expect(numeric.count == 6 && named.count == 6, "\(numeric.count) + \(named.count)")
        for times in [numeric, named] {
            let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
            // Leases are 0.5 s apart; the request follows its lease within milliseconds.
            #expect(gaps.allSatisfy { $0 >= 0.4 }, "gaps \(gaps)")
        }
        // The hosts run side by side: six of each take about as long as six of one.
        let span = (requests.map(\.1).max() ?? 0) - (requests.map(\.1).min() ?? 0)
        #expect(span < 4.5, "12 requests over two hosts took \(span) s")
    }
}

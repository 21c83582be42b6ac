import Foundation
import PressworkClient
import PressworkProtocol
import PressworkTestSupport
import Testing
import ZeroMQ

/// Bad input from every side: garbage on the coordinator's port, bad files and options on the CLI.
@Suite("Hostile and bad input", .serialized)
struct HostileInputTests {
    @Test("garbage frames and raw bytes sent to the coordinator port leave it serving")
    func garbageLeavesTheCoordinatorServing() throws {
        let cluster = try TestCluster("garbage")
        try cluster.startCoordinator(["--max-article-bytes", "100000"])
        try cluster.startWorker("w1")
        try cluster.waitForWorkers(["w1"])

        // 1. Raw TCP bytes that are not ZMTP at all.
        for payload in [Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8), [UInt8](repeating: 0xFF, count: 4096), [0x00]]
        {
            try RawTCP.send(payload, port: cluster.port)
        }

        // 2. ZeroMQ peers sending malformed Presswork messages; each gets an ERROR back.
        let context = try ZMQContext()
        let peer = try ZMQSocket(context: context, type: .dealer)
        try peer.connect(cluster.endpoint)
        var generator = SeededGenerator(seed: 7)
        func frames(_ texts: String...) -> [[UInt8]] { texts.map { Array($0.utf8) } }
        var garbage: [[[UInt8]]] = [
            frames("hello"),
            frames("PWC1"),
            frames("PWC1", "SUBMIT", "{not json"),
            frames("PWC1", "SUBMIT", #"{"req":1,"articles":[{"source":"x","format":"text"}]}"#),
            frames("PWC9", "STATUS", #"{"req":2}"#),
            frames("PWW1", "RESULT", #"{"job":"nope","attempt":1}"#, "not a document"),
            frames("PWW1", "READY", #"{"worker":"x","slots":0,"host":"h","pid":1,"version":"0"}"#),
            frames("PWC1", "EXPLODE", #"{"req":3}"#),
        ]
        var manyFrames: [[UInt8]] = []
        for _ in 0..<2_000 { manyFrames.append([UInt8.random(in: 0...255, using: &generator)]) }
        garbage.append(manyFrames)
        for _ in 0..<200 {
            var message: [[UInt8]] = []
            for _ in 0..<Int.random(in: 1...5, using: &generator) {
                var frame: [UInt8] = []
                for _ in 0..<Int.random(in: 0...64, using: &generator) {
                    frame.append(UInt8.random(in: 0...255, using: &generator))
                }
                message.append(frame)
            }
            garbage.append(message)
        }
        for message in garbage { try peer.send(message, wait: true) }
        var errors = 0
        var poller = ZMQPoller([peer])
        let deadline = Date().addingTimeInterval(60)
        // Read until every message is answered or the deadline passes, not until the first quiet 200 ms: on a
        // loaded machine (or under a sanitizer) the coordinator can pause that long between replies.
        while Date() < deadline, errors < garbage.count {
            guard try poller.poll(milliseconds: 200)[0] else { continue }
            while let reply = try peer.receive(maxFrames: 16) {
                if reply.frames.count >= 2 && reply.frames[1] == Array("ERROR".utf8) { errors += 1 }
            }
        }
        peer.close()
        #expect(errors >= 8, "the named malformed messages are each answered with ERROR")

        // 3. An article over the coordinator's limit is refused with a clear error; nothing else is lost.
        let client = try cluster.client()
        let tooBig = #expect(throws: ClientError.self) {
            _ = try client.submit([
                (ArticleMeta(source: "huge.txt", format: .text), [UInt8](repeating: 0x61, count: 150_000))
            ])
        }
        #expect(tooBig?.remoteCode == "too-large")

        // Still serving: a real job goes through, and the garbage was counted.
        let ids = try client.submit(GeneratedArticles.make(count: 3))
        #expect(try waitForFinal(ids, in: cluster, timeout: 120).allSatisfy { $0 == .done })
        let status = try client.status()
        #expect(status.protocolCounters.malformedMessages >= 8)
        #expect(status.workers.map(\.id) == ["w1"])
        #expect(cluster.coordinator?.isRunning == true)
        print(
            "[figure] garbage: \(garbage.count) malformed messages and 3 raw TCP payloads; \(errors) ERROR replies; coordinator counted \(status.protocolCounters.malformedMessages) and kept serving"
        )
    }

    @Test("client commands against a coordinator that is not there exit 3 with a clear message")
    func unreachableCoordinator() throws {
        // No coordinator started: the cluster's endpoint is a port where nothing listens.
        let cluster = try TestCluster("unreachable")
        let sample = cluster.directory.appendingPathComponent("a.txt")
        try "Title\n\nSome text for nobody.".write(to: sample, atomically: true, encoding: .utf8)
        for arguments in [
            ["status", "--timeout", "1"], ["submit", sample.path, "--timeout", "1"], ["export", "--timeout", "1"],
        ] {
            // A command that waited for ever instead of giving up after its 1 s would be killed at the deadline.
            let result = try cluster.run(arguments, deadline: 60)
            #expect(result.status == 3, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("nothing accepts connections at \(cluster.endpoint)"), "\(result.stderr)")
        }
    }

    @Test("bad command lines and inputs exit 2 with a clear message; good inputs still go through")
    func badInputs() throws {
        let cluster = try TestCluster("bad-input")
        #expect(try cluster.run(["status", "--bogus"]).status == 2)
        #expect(try cluster.run(["coordinator", "--bind", "not-an-endpoint"]).status == 2)
        #expect(try cluster.run(["worker", "--concurrency", "0"]).status == 2)
        let slots = try cluster.run(["worker", "--slot-memory-limit", "-5"])
        #expect(slots.status == 2 && slots.stderr.contains("--slot-memory-limit"), "\(slots.stderr)")
        for (option, value) in [("--max-pending-mib-per-client", "0"), ("--min-free-disk-mib", "9223372036854775807")] {
            let result = try cluster.run(["coordinator", "--data", cluster.dataDirectory.path, option, value])
            #expect(result.status == 2 && result.stderr.contains(option), "\(option): \(result.stderr)")
        }
        let missing = try cluster.run(["submit", "/nonexistent/article.html"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/article.html: no such file or directory"))
        let unknownType = cluster.directory.appendingPathComponent("notes.pdf")
        try Data("%PDF".utf8).write(to: unknownType)
        let refused = try cluster.run(["submit", unknownType.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("unknown file type"))

        try cluster.startCoordinator()
        try cluster.startWorker("w1")
        try cluster.waitForWorkers(["w1"])
        let batch = cluster.directory.appendingPathComponent("batch.jsonl")
        try """
        {"id": 1, "text": "Erster Artikel\\n\\nDer Stadtrat hat am Dienstag einen neuen Haushalt beschlossen."}
        this line is not json
        {"id": 2, "html": "<html><head><title>Second</title></head><body><p>The council met on Tuesday evening and approved the budget.</p></body></html>", "lang": "en"}
        {"id": 3}
        """.write(to: batch, atomically: true, encoding: .utf8)
        let submitted = try cluster.run(["submit", batch.path, "--wait"])
        #expect(submitted.status == 2, "input errors make the exit status 2")
        #expect(submitted.lines.count == 2, "the two good lines were submitted")
        #expect(submitted.stderr.contains("batch.jsonl#2: not a JSON object"))
        #expect(submitted.stderr.contains("batch.jsonl#4: needs exactly one of"))
        #expect(submitted.stderr.contains("2 done, 0 dead"))

        let shown = try cluster.run(["show", submitted.lines[1]])
        #expect(shown.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(document["articleId"] as? String == "2")
        #expect(document["title"] as? String == "Second")
        #expect((document["language"] as? [String: Any])?["code"] as? String == "en")

        let unknownJob = try cluster.run(["show", "0000000000000000"])
        #expect(unknownJob.status == 1)
        #expect(unknownJob.stderr.contains("no job 0000000000000000"))

        let exported = cluster.directory.appendingPathComponent("out.jsonl")
        #expect(try cluster.run(["export", "--output", exported.path]).status == 0)
        #expect(try String(contentsOf: exported, encoding: .utf8).split(separator: "\n").count == 2)
        // --output writes in place: a symlink stays a symlink (its target gets the documents), and a
        // device stays a device, the failed write reported.
        let link = cluster.directory.appendingPathComponent("link.jsonl")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: exported)
        #expect(try cluster.run(["export", "--output", link.path]).status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == exported.path)
        #expect(try String(contentsOf: exported, encoding: .utf8).split(separator: "\n").count == 2)
        let full = try cluster.run(["export", "--output", "/dev/full"])
        #expect(full.status != 0 && full.stderr.contains("presswork:"), "\(full.stderr)")
        var info = stat()
        #expect(stat("/dev/full", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR, "/dev/full was replaced")

        let status = try cluster.run(["status", "--json"])
        let decoded = try JSONDecoder().decode(ClusterStatus.self, from: Data(status.stdout.utf8))
        #expect(decoded.queue.done == 2)
        #expect(decoded.workers.first?.id == "w1")
    }

    @Test("process runs the pipeline locally: one JSON line per input, errors as JSON too")
    func processLocally() throws {
        let cluster = try TestCluster("process")
        let good = cluster.directory.appendingPathComponent("kk.txt")
        try
            "Алматыда жаңа кітапхана ашылды\n\nҚала әкімдігі жаңа кітапхананың ашылғанын хабарлады. Кітапханада балаларға арналған бөлім бар."
            .write(
                to: good, atomically: true, encoding: .utf8)
        let empty = cluster.directory.appendingPathComponent("empty.html")
        try "<html><body><script>var x = 1;</script></body></html>".write(to: empty, atomically: true, encoding: .utf8)
        let result = try cluster.run(["process", "--json", good.path, empty.path])
        #expect(result.status == 1)
        #expect(result.lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(result.lines[0].utf8)) as? [String: Any])
        #expect((first["language"] as? [String: Any])?["code"] as? String == "kk")
        #expect(first["title"] as? String == "Алматыда жаңа кітапхана ашылды")
        let second = try #require(try JSONSerialization.jsonObject(with: Data(result.lines[1].utf8)) as? [String: Any])
        #expect(second["source"] as? String == empty.path)
        #expect((second["error"] as? [String: Any])?["code"] as? String == "not-an-article")
    }
}

/// Sends raw bytes to a TCP port and closes, as a port scanner or a confused HTTP client would.
enum RawTCP {
    static func send(_ bytes: [UInt8], port: Int) throws {
        guard let fd = LoopbackSocket.connect(port: port) else { throw TestClusterError("connect() failed") }
        defer { close(fd) }
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        usleep(100_000)
    }
}

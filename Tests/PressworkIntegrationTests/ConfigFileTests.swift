import Foundation
import PressworkProtocol
import PressworkTestSupport
import Testing

/// `--config FILE`, `PRESSWORK_*` variables and flags, in that order of precedence, with real processes.
@Suite("Configuration file", .serialized)
struct ConfigFileTests {
    static func write(_ text: String, in cluster: TestCluster, name: String = "presswork.toml") throws -> String {
        let path = cluster.directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("File < environment < flags, and --print-config says where each value came from")
    func precedence() throws {
        let cluster = try TestCluster("config-precedence")
        let path = try Self.write(
            """
            [coordinator]
            prefetch = 2
            retries = 5
            job-timeout = 60
            [worker]
            concurrency = 3
            """, in: cluster)
        let result = try cluster.run(
            ["coordinator", "--config", path, "--print-config", "--retries", "7"],
            environment: ["PRESSWORK_PREFETCH": "4", "PRESSWORK_RETRIES": "6"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = Set(result.lines)
        #expect(lines.contains("prefetch = 4  # environment"))
        #expect(lines.contains("retries = 7  # flag"))
        #expect(lines.contains("job-timeout = 60.0  # file"))
        #expect(lines.contains("heartbeat = 1.0  # default"))
        // A boolean the file turns on, the environment can turn off.
        let insecure = try Self.write("[coordinator]\ninsecure = true\n", in: cluster, name: "insecure.toml")
        let off = try cluster.run(
            ["coordinator", "--config", insecure, "--print-config"], environment: ["PRESSWORK_INSECURE": "false"])
        #expect(off.lines.contains("insecure = false  # environment"), "\(off.stdout)\(off.stderr)")
        let worker = try cluster.run(["worker", "--print-config"], environment: ["PRESSWORK_CONFIG": path])
        #expect(worker.lines.contains("concurrency = 3  # file"), "\(worker.stdout)\(worker.stderr)")
    }

    @Test(
        "Invalid configuration is refused at start with the key and the reason (exit status 2)",
        arguments: [
            ("[coordinator]\njob-timout = 5", [:], "job-timout: unknown key"),
            ("[coordinator]\njob-timeout = -5", [:], "job-timeout: '-5' must be greater than 0"),
            ("[coordinator]\nbind = \"localhost\"", [:], "bind: 'localhost' is not an endpoint"),
            ("[worker]\nconcurrency = \"4\"", [:], "concurrency: must be an integer, not a string"),
            ("[coordinator]\nprefetch = [1]", [:], "line 2: arrays and inline tables are not supported"),
            ("prefetch = 1", [:], "'prefetch' is outside a table"),
            ("[coordinatr]\nprefetch = 1", [:], "unknown table [coordinatr]"),
            ("[coordinator]", ["PRESSWORK_HEARTBEAT": "fast"], "PRESSWORK_HEARTBEAT: must be a number, got 'fast'"),
            ("[coordinator]", ["PRESSWORK_LOG_FORMAT": "xml"], "PRESSWORK_LOG_FORMAT: 'xml' must be text or json"),
        ] as [(String, [String: String], String)])
    func invalid(_ text: String, _ environment: [String: String], _ reason: String) throws {
        let cluster = try TestCluster("config-invalid")
        let path = try Self.write(text, in: cluster)
        let result = try cluster.run(
            ["coordinator", "--config", path, "--bind", cluster.endpoint, "--data", cluster.dataDirectory.path],
            environment: environment)
        #expect(result.status == 2)
        #expect(result.stderr.contains(reason), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cluster.dataDirectory.path), "nothing was started")
    }

    @Test("A configuration path that is not a readable text file is refused with a plain reason")
    func unreadableFiles() throws {
        let cluster = try TestCluster("config-files")
        let binary = cluster.directory.appendingPathComponent("binary.toml").path
        try Data([0x5B, 0xFF, 0xFE, 0x00, 0x5D]).write(to: URL(fileURLWithPath: binary))
        let bom = try Self.write("\u{FEFF}[coordinator]\nprefetch = 2\n", in: cluster, name: "bom.toml")
        for (path, reason) in [
            (cluster.directory.appendingPathComponent("missing.toml").path, "No such file or directory"),
            (cluster.directory.path, "is a directory, not a file"),
            ("/dev/zero", "is not a regular file"),
            (binary, "is not UTF-8 text"),
        ] {
            let result = try cluster.run(["coordinator", "--config", path, "--data", cluster.dataDirectory.path])
            #expect(result.status == 2)
            #expect(result.stderr.contains("configuration file \(path): \(reason)"), "\(result.stderr)")
        }
        let help = try cluster.run(["coordinator", "--help"], environment: ["PRESSWORK_CONFIG": binary])
        #expect(help.status == 0 && help.stdout.contains("--print-config"), "help is shown whatever the file holds")
        let withMark = try cluster.run(["coordinator", "--config", bom, "--print-config"])
        #expect(withMark.lines.contains("prefetch = 2  # file"), "a UTF-8 byte-order mark is skipped")
    }

    @Test("A coordinator and a worker run from one file; the worker's flags still win")
    func running() throws {
        let cluster = try TestCluster("config-running")
        defer { cluster.killAll() }
        let path = try Self.write(
            """
            # One file for both roles, as Deploy/presswork.toml is laid out.
            [coordinator]
            job-timeout = 30
            max-article-bytes = 100_000

            [worker]
            concurrency = 3
            tokens = true
            """, in: cluster)
        try cluster.startCoordinator(["--config", path])
        try cluster.startWorker("from-file", concurrency: 1, ["--config", path])
        try cluster.waitForWorkers(["from-file"])
        let status = try cluster.client().status()
        #expect(status.workers.first?.slots == 1, "--concurrency 1 on the command line beats the file's 3")
        let job = try submit(GeneratedArticles.make(count: 1), to: cluster)
        #expect(try waitForFinal(job, in: cluster, timeout: 120) == [.done])
        let document = try #require(try exportedDocuments(cluster).first?.document)
        #expect((document["tokens"] as? [Any])?.isEmpty == false, "tokens = true from the file reached the slots")
        // The coordinator took max-article-bytes from the file: a larger article is refused.
        let tooLarge = try? cluster.client().submit(
            [(ArticleMeta(source: "big.txt", format: .text), [UInt8](repeating: 0x61, count: 150_000))])
        #expect(tooLarge == nil)
    }
}

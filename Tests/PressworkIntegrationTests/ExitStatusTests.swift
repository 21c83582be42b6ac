import Foundation
import PressworkProtocol
import PressworkTestSupport
import Testing

/// The README's exit-status table, command by command: 0 ok, 1 job-level failures (and refused requests),
/// 2 usage or input errors, 3 the coordinator cannot be reached.
@Suite("Exit statuses")
struct ExitStatusTests {
    static let story = "Tram line\n\nThe council approved the tram line on Monday after a long debate about its cost."

    @Test("usage errors exit 2: no command, an unknown option, a missing or unusable input, in every command")
    func usage() throws {
        let cluster = try TestCluster("exit-usage")
        let missing = cluster.directory.appendingPathComponent("missing.txt").path
        let cases: [[String]] = [
            [], ["status", "--bogus"], ["submit", missing], ["process", missing], ["langid", missing],
            ["submit", "--feed", "ftp://x"], ["results", "--lang"], ["coordinator", "--prefetch", "0"],
        ]
        for arguments in cases {
            let result = try cluster.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result)")
            #expect(!result.stderr.isEmpty, "\(arguments) says why")
        }
        // Plain `presswork` shows the help.
        #expect(try cluster.run([]).stderr.contains("SUBCOMMANDS"))
    }

    @Test("a refused connection exits 3 at once; a silent peer is waited for until --timeout")
    func unreachable() throws {
        let cluster = try TestCluster("exit-unreachable")
        // A port nothing listens on.
        let closedPort = try ClosedPort()
        let closed = closedPort.port
        for command in [["status"], ["results"], ["export"], ["dead"], ["show", "0000000000000000"]] {
            let started = Date()
            let result = try cluster.run(command + ["--connect", "tcp://127.0.0.1:\(closed)", "--timeout", "10"])
            #expect(result.status == 3, "\(command): \(result)")
            #expect(Date().timeIntervalSince(started) < 3, "\(command) failed at once")
            #expect(result.stderr.contains("refused"), "\(result.stderr)")
        }
        // A listener that accepts and never speaks: the whole timeout.
        let (listener, port) = try LoopbackSocket.bindAnyPort(reuseAddress: false)
        defer { close(listener) }
        #expect(listen(listener, 8) == 0)
        let started = Date()
        let silent = try cluster.run(["status", "--connect", "tcp://127.0.0.1:\(port)", "--timeout", "1.5"])
        #expect(silent.status == 3, "\(silent)")
        #expect(Date().timeIntervalSince(started) >= 1.4, "waited for the timeout")
    }

    @Test(
        "job-level failures exit 1: a dead article in process, an unknown job, dead --retry of a job that is not dead")
    func jobFailures() throws {
        let cluster = try TestCluster("exit-jobs")
        try cluster.startCoordinator()
        try cluster.startWorker("w1")
        let good = cluster.directory.appendingPathComponent("good.txt")
        try Self.story.write(to: good, atomically: true, encoding: .utf8)
        let junk = cluster.directory.appendingPathComponent("junk.txt")
        try Data((0..<3_000).map { UInt8($0 % 251) }).write(to: junk)

        #expect(try cluster.run(["process", good.path]).status == 0)
        #expect(try cluster.run(["process", junk.path]).status == 1)
        #expect(try cluster.run(["langid", "--text", "Алматыда жаңа кітапхана ашылды"]).status == 0)

        let submitted = try cluster.run(["submit", "--wait", good.path])
        #expect(submitted.status == 0, "\(submitted)")
        let done = try #require(submitted.lines.first)
        #expect(try cluster.run(["submit", "--wait", junk.path]).status == 1, "a dead job after --wait")
        #expect(try cluster.run(["show", done]).status == 0)
        #expect(try cluster.run(["show", "0000000000000000"]).status == 1)

        let retried = try cluster.run(["dead", "--retry", done, "0000000000000001"])
        #expect(retried.status == 1, "\(retried)")
        #expect(retried.stderr.contains("\(done) is done, not dead"), "\(retried.stderr)")
        #expect(retried.stderr.contains("0000000000000001: no such job"), "\(retried.stderr)")
        #expect(try cluster.run(["dead", "--retry"]).status == 0, "retrying every dead job is fine")
    }

    @Test("a directory that cannot be listed inside the tree is reported, and exits 2, with the rest submitted")
    func unreadableDirectory() throws {
        let cluster = try TestCluster("exit-unreadable")
        try cluster.startCoordinator()
        let tree = cluster.directory.appendingPathComponent("tree")
        let locked = tree.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try Self.story.write(to: tree.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try Self.story.write(to: locked.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
        for directory in [cluster.directory, tree] {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: locked.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked.path) }
        // Root reads any directory: run the command as an ordinary user then.
        let asUser = getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
        for command in ["submit", "process"] {
            let result = try Self.run(asUser, cluster: cluster, [command, tree.path])
            #expect(result.status == 2, "\(command): \(result)")
            #expect(result.stderr.contains("locked") && result.stderr.contains("cannot list"), "\(result.stderr)")
            #expect(result.stdout.split(separator: "\n").count == 1, "a.txt went through: \(result.stdout)")
        }
    }

    /// Runs presswork through `prefix` (setpriv), with the cluster's endpoint.
    static func run(_ prefix: [String], cluster: TestCluster, _ arguments: [String]) throws -> CommandResult {
        guard !prefix.isEmpty else { return try cluster.run(arguments) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: prefix[0])
        process.arguments = Array(prefix.dropFirst()) + [cluster.executable.path] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PRESSWORK_CONNECT"] = cluster.endpoint
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: "/tmp")
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}

import Foundation
import PressworkClient
import ZeroMQ

/// A local cluster of real `presswork` processes on loopback, in a temporary directory. The coordinator binds
/// port 0 and the cluster reads the port it was given from its log, so suites running in parallel never race
/// for a port; a restarted coordinator binds the same port again, where its workers reconnect.
public final class TestCluster: @unchecked Sendable {
    // @unchecked: used from one test at a time; the process table is only touched by that test.
    public let directory: URL
    public let executable: URL
    /// Where nothing listens: the cluster's endpoint until a coordinator has started.
    private let closedPort: ClosedPort
    /// The port the coordinator reported binding, once one has started.
    public private(set) var coordinatorPort: Int?
    /// The port of the coordinator's HTTP endpoint, when it was started with `--http` (port 0 is fine).
    public private(set) var httpPort: Int?
    public private(set) var coordinator: ManagedProcess?
    public private(set) var workers: [String: ManagedProcess] = [:]
    /// CURVE keys for `client()`, when the coordinator runs with CURVE.
    public var clientCredentials: CurveClientCredentials?
    /// Added to the environment of every command started by `run` and `start` (e.g. `PRESSWORK_KEY`).
    public var commandEnvironment: [String: String] = [:]

    /// The coordinator's port; before one has started, a port where nothing listens (connections are refused).
    public var port: Int { coordinatorPort ?? closedPort.port }
    public var endpoint: String { "tcp://127.0.0.1:\(port)" }
    public var dataDirectory: URL { directory.appendingPathComponent("data") }

    public init(_ name: String) throws {
        executable = try Self.locateExecutable()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "presswork-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        closedPort = try ClosedPort()
    }

    deinit {
        killAll()
        // Each cluster leaves a store and logs behind; keep them only when asked (to debug a failure).
        if ProcessInfo.processInfo.environment["PRESSWORK_KEEP_TEST_DIRS"] == nil {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// Starts (or restarts) the coordinator and waits until it answers `STATUS`. The first start binds port 0
    /// on loopback; later ones bind the port the first was given.
    /// - Parameter bind: the endpoint to bind instead (port 0 is fine; it must still be reachable on loopback).
    @discardableResult
    public func startCoordinator(_ extra: [String] = [], bind: String? = nil) throws -> ManagedProcess {
        let process = try ManagedProcess(
            name: "coordinator-\(Int(Date().timeIntervalSince1970 * 1000) % 100_000)", executable: executable,
            arguments: [
                "coordinator", "--bind", bind ?? "tcp://127.0.0.1:\(coordinatorPort ?? 0)", "--data",
                dataDirectory.path,
            ] + extra,
            directory: directory)
        coordinator = process
        let wantsHTTP = extra.contains("--http")
        httpPort = nil
        try waitUntil(timeout: 60, "coordinator reports its ports") {
            guard process.isRunning else { throw TestClusterError("coordinator exited:\n\(process.log)") }
            let log = process.log
            guard let port = Self.reportedPort(in: log, message: "coordinator listening", scheme: "tcp") else {
                return false
            }
            coordinatorPort = port
            guard wantsHTTP else { return true }
            httpPort = Self.reportedPort(in: log, message: "HTTP endpoint listening", scheme: "http")
            return httpPort != nil
        }
        try waitUntil(timeout: 60, "coordinator answers STATUS") {
            guard process.isRunning else { throw TestClusterError("coordinator exited:\n\(process.log)") }
            return (try? client(timeout: 2).status()) != nil
        }
        return process
    }

    /// The port in the `SCHEME://HOST:PORT` endpoint of the last log line that holds `message`, in the text or
    /// the JSON log format.
    static func reportedPort(in log: String, message: String, scheme: String) -> Int? {
        guard let line = log.split(separator: "\n").last(where: { $0.contains(message) }) else { return nil }
        // JSON may write "/" as "\/".
        let plain = line.replacingOccurrences(of: "\\", with: "")
        guard let start = plain.range(of: "\(scheme)://") else { return nil }
        let endpoint = plain[start.upperBound...].prefix { !$0.isWhitespace && $0 != "\"" && $0 != "," }
        guard let colon = endpoint.lastIndex(of: ":") else { return nil }
        return Int(endpoint[endpoint.index(after: colon)...])
    }

    /// Starts a worker with a fixed id.
    /// - Parameter connect: the endpoint to connect to, when not the coordinator's own (e.g. a proxy).
    @discardableResult
    public func startWorker(
        _ id: String, concurrency: Int = 2, connect: String? = nil, _ extra: [String] = [],
        environment: [String: String] = [:]
    ) throws -> ManagedProcess {
        let process = try ManagedProcess(
            name: "worker-\(id)", executable: executable,
            arguments: ["worker", "--connect", connect ?? endpoint, "--id", id, "--concurrency", String(concurrency)]
                + extra,
            directory: directory, environment: environment)
        workers[id] = process
        return process
    }

    /// Waits until the coordinator lists exactly these workers as up.
    public func waitForWorkers(_ ids: Set<String>, timeout: Double = 20) throws {
        try waitUntil(timeout: timeout, "workers \(ids.sorted()) registered") {
            let status = try client(timeout: 2).status()
            return Set(status.workers.filter { $0.state == "up" }.map(\.id)) == ids
        }
    }

    /// A client connection to the coordinator.
    public func client(timeout: Double = 10) throws -> CoordinatorClient {
        guard let endpoint = Endpoint(endpoint) else { throw TestClusterError("bad endpoint \(self.endpoint)") }
        return try CoordinatorClient(endpoint: endpoint, timeout: timeout, curve: clientCredentials)
    }

    /// Runs a `presswork` command (with `PRESSWORK_CONNECT` set to this cluster) to completion.
    /// - Parameters:
    ///   - deadline: seconds after which the command is killed and the test fails; generous, it only turns a
    ///     hang into a failure.
    ///   - input: its standard input (none when nil).
    public func run(
        _ arguments: [String], environment: [String: String] = [:], input: [UInt8]? = nil, deadline: Double = 300
    ) throws -> CommandResult {
        try start(arguments, environment: environment, input: input).finish(within: deadline)
    }

    /// Starts a `presswork` command in the background; `finish()` waits for it.
    public func start(_ arguments: [String], environment: [String: String] = [:], input: [UInt8]? = nil) throws
        -> BackgroundCommand
    {
        var env = commandEnvironment.merging(environment) { $1 }
        env["PRESSWORK_CONNECT"] = env["PRESSWORK_CONNECT"] ?? endpoint
        return try BackgroundCommand(
            executable: executable, arguments: arguments, directory: directory, environment: env, input: input)
    }

    /// SIGKILLs every process of the cluster.
    public func killAll() {
        coordinator?.signal(SIGKILL)
        for worker in workers.values { worker.signal(SIGKILL) }
        _ = coordinator?.waitForExit(timeout: 5)
        for worker in workers.values { _ = worker.waitForExit(timeout: 5) }
    }

    /// The logs of every process, for a failing test's message.
    public var logs: String {
        ([coordinator].compactMap { $0 } + workers.values.sorted { $0.name < $1.name }).map {
            "== \($0.name)\n\($0.log.suffix(4000))"
        }
        .joined(separator: "\n")
    }

    /// Polls `condition` every 100 ms until it is true or `timeout` seconds pass.
    public func waitUntil(timeout: Double, _ what: String, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var lastError: (any Error)?
        while Date() < deadline {
            do {
                if try condition() { return }
            } catch let error as TestClusterError {
                throw error
            } catch {
                lastError = error
            }
            usleep(100_000)
        }
        throw TestClusterError(
            "timed out after \(timeout) s waiting for: \(what) (last error: \(lastError.map { "\($0)" } ?? "none"))\n\(logs)"
        )
    }

    static func locateExecutable() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["PRESSWORK_BIN"] { return URL(fileURLWithPath: path) }
        var candidates: [URL] = []
        let argv0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = argv0.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(directory.appendingPathComponent("presswork"))
            directory = directory.deletingLastPathComponent()
        }
        if let found = candidates.first(where: {
            FileManager.default.isExecutableFile(atPath: $0.path) && !$0.hasDirectoryPath
        }) {
            return found
        }
        throw TestClusterError("cannot find the presswork executable near \(argv0.path); set PRESSWORK_BIN")
    }
}

/// A client command running in the background, its output collected in files.
public struct BackgroundCommand: Sendable {
    let process: Process
    let out: URL
    let err: URL

    init(executable: URL, arguments: [String], directory: URL, environment: [String: String], input: [UInt8]?) throws {
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let name = UUID().uuidString
        out = directory.appendingPathComponent("cmd-\(name).out")
        err = directory.appendingPathComponent("cmd-\(name).err")
        // A failure shows in the FileHandles that open them next.
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        if let input {
            let file = directory.appendingPathComponent("cmd-\(name).in")
            try Data(input).write(to: file)
            process.standardInput = try FileHandle(forReadingFrom: file)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
    }

    public var pid: Int32 { process.processIdentifier }

    /// Sends it a signal (SIGTERM to ask a long-running command to stop).
    public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// What it printed so far (status -1 while it runs).
    public var output: CommandResult { result(status: process.isRunning ? -1 : process.terminationStatus) }

    /// Waits for it to exit; past `seconds`, kills it and throws (a hung command fails its test, never stalls it).
    public func finish(within seconds: Double = 300) throws -> CommandResult {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let output = result(status: -1)
            throw TestClusterError(
                "\(process.arguments ?? []) still running after \(seconds) s; killed\n\(output.stderr.suffix(4000))")
        }
        process.waitUntilExit()
        return result(status: process.terminationStatus)
    }

    private func result(status: Int32) -> CommandResult {
        CommandResult(
            status: status, stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}

/// A finished command.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
    public var lines: [String] { stdout.split(separator: "\n").map(String.init) }
}

public struct TestClusterError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

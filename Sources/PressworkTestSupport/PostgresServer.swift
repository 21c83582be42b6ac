import Foundation
import Glibc

/// A real PostgreSQL server for one test, in a temporary directory: its own cluster (`initdb`), on 127.0.0.1 at a
/// free port, with a Unix socket in that directory and fsync off. The superuser `presswork` logs in over TCP with
/// a password (SCRAM), as a deployed store would; `stop()`, `kill()` and `restart()` act on the same data
/// directory and port, for tests of a database that goes away under a client.
///
/// PostgreSQL refuses to run as root; when the tests do (here and in CI), `initdb` and `postgres` run as the
/// `postgres` system user through `setpriv`, which owns the temporary directory.
public final class PostgresServer {
    /// The superuser, whose password is `password`.
    public let user = "presswork"
    /// A fresh random password.
    public let password: String
    /// The database created for the test.
    public let database: String
    /// The TCP port on 127.0.0.1, kept across restarts.
    public private(set) var port: Int
    /// Holds the data directory (`data/`), the socket, and the server's log.
    public let directory: URL

    private let installation: PostgresInstallation
    private var postmaster: Process?
    private let logURL: URL

    /// `postgres://presswork:PASSWORD@127.0.0.1:PORT/DATABASE`.
    public var url: String { "postgres://\(user):\(password)@127.0.0.1:\(port)/\(database)" }
    /// Whether the server process is running.
    public var isRunning: Bool { postmaster?.isRunning ?? false }
    /// Everything the server logged (all its starts).
    public var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// Why no server can be started here (no PostgreSQL binaries, or root without a `postgres` user), or nil.
    public static var unavailableReason: String? {
        guard case .failure(let error) = PostgresInstallation.located else { return nil }
        return error.description
    }

    /// Creates a cluster, starts it and creates `database` in it. Takes about a second.
    /// - Throws: `PostgresServerError` when PostgreSQL is unavailable (see `unavailableReason`) or does not start.
    public static func start(database: String = "presswork_test") throws -> PostgresServer {
        let installation = try PostgresInstallation.located.get()
        let server = try PostgresServer(installation: installation, database: database)
        try server.initialize()
        // A port picked free may be taken before the server binds it: then another one.
        var attempts = 0
        while true {
            attempts += 1
            do {
                try server.launch()
                break
            } catch let error as PostgresServerError where error.portTaken && attempts < 5 {
                server.port = try freePort()
            }
        }
        try server.runClient(
            "createdb",
            [
                "--host", server.directory.path, "--port", String(server.port),
                "--username", server.user, database,
            ])
        return server
    }

    private init(installation: PostgresInstallation, database: String) throws {
        self.installation = installation
        self.database = database
        password = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        port = try Self.freePort()
        // As root, the postgres user must reach the directory: $TMPDIR may be private to root.
        let base = installation.runAs == nil ? FileManager.default.temporaryDirectory : URL(fileURLWithPath: "/tmp")
        directory = base.appendingPathComponent("presswork-pg-\(UUID().uuidString.prefix(8))")
        logURL = directory.appendingPathComponent("postgres.log")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        try installation.giveAway(directory)
    }

    deinit {
        if isRunning {
            try? stop()
            if isRunning { kill() }
        }
        if ProcessInfo.processInfo.environment["PRESSWORK_KEEP_TEST_DIRS"] == nil {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// Stops the server as an administrator would (fast shutdown: SIGINT, open sessions are ended with 57P01).
    public func stop(timeout: Double = 30) throws {
        guard let postmaster, postmaster.isRunning else { return }
        Glibc.kill(postmaster.processIdentifier, SIGINT)
        guard Self.wait(for: postmaster, timeout: timeout) else {
            throw PostgresServerError("the server did not stop within \(timeout) s\n\(log.suffix(4000))")
        }
    }

    /// Kills the server and every backend with SIGKILL, as a crash would: the next start runs crash recovery.
    public func kill() {
        guard let postmaster, postmaster.isRunning else { return }
        let pid = postmaster.processIdentifier
        // Stopped, the postmaster forks no backend between the listing and the kill.
        Glibc.kill(pid, SIGSTOP)
        let children = Self.children(of: pid)
        Glibc.kill(pid, SIGKILL)
        for child in children { Glibc.kill(child, SIGKILL) }
        _ = Self.wait(for: postmaster, timeout: 10)
        // Backends still attached to shared memory would stop the next start.
        let deadline = Date().addingTimeInterval(10)
        while children.contains(where: Self.isAlive) && Date() < deadline { usleep(10_000) }
    }

    /// Freezes the server and every backend with SIGSTOP, as a hung disk or a paused process would: connections
    /// stay open, the kernel still accepts bytes, nothing answers. `resume()` thaws it.
    public func pause() {
        guard let postmaster, postmaster.isRunning else { return }
        let pid = postmaster.processIdentifier
        Glibc.kill(pid, SIGSTOP)
        for child in Self.children(of: pid) { Glibc.kill(child, SIGSTOP) }
    }

    /// Thaws a server `pause()` froze.
    public func resume() {
        guard let postmaster, postmaster.isRunning else { return }
        let pid = postmaster.processIdentifier
        for child in Self.children(of: pid) { Glibc.kill(child, SIGCONT) }
        Glibc.kill(pid, SIGCONT)
    }

    /// Stops the server if it runs (`stop()`), then starts it again on the same data directory and port.
    public func restart() throws {
        try stop()
        try launch()
    }

    // MARK: - Starting

    private var dataDirectory: URL { directory.appendingPathComponent("data") }

    private func initialize() throws {
        let passwordFile = directory.appendingPathComponent("password")
        try Data(password.utf8).write(to: passwordFile)
        try installation.giveAway(passwordFile)
        defer { try? FileManager.default.removeItem(at: passwordFile) }
        try runServerTool(
            "initdb",
            [
                "--pgdata", dataDirectory.path, "--username", user, "--pwfile", passwordFile.path,
                "--auth-local", "trust", "--auth-host", "scram-sha-256", "--encoding", "UTF8", "--no-locale",
                "--no-sync",
            ])
    }

    /// Starts `postgres` and waits until its log says it accepts connections.
    private func launch() throws {
        let logStart = log.utf8.count
        let process = Process()
        let arguments = [
            installation.binary("postgres").path, "-D", dataDirectory.path, "-p", String(port),
            "-k", directory.path, "-c", "listen_addresses=127.0.0.1",
            // No fsync: a cluster starts and commits fast, and what committed still survives a SIGKILL of the
            // server (not of the machine), as commits still write their WAL before returning.
            "-c", "fsync=off", "-c", "full_page_writes=off",
            "-c", "shared_buffers=16MB", "-c", "max_connections=30", "-c", "lc_messages=C",
        ]
        let command = installation.command(arguments)
        process.executableURL = command.executable
        process.arguments = command.arguments
        process.environment = Self.environment
        let logHandle = try FileHandle(forWritingTo: logURL)
        logHandle.seekToEndOfFile()
        process.standardOutput = logHandle
        process.standardError = logHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try? logHandle.close()
        postmaster = process
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let output = String(decoding: log.utf8.dropFirst(logStart), as: UTF8.self)
            if output.contains("database system is ready to accept connections") { return }
            if !process.isRunning {
                var error = PostgresServerError("postgres exited with status \(process.terminationStatus):\n\(output)")
                error.portTaken = output.contains("could not bind") || output.contains("Address already in use")
                throw error
            }
            usleep(20_000)
        }
        kill()
        throw PostgresServerError("postgres not ready after 60 s:\n\(log.suffix(4000))")
    }

    /// Runs one of the server's programs (as the postgres user when root) to completion.
    private func runServerTool(_ name: String, _ arguments: [String]) throws {
        let (executable, fullArguments) = installation.command([installation.binary(name).path] + arguments)
        try run(executable, fullArguments, name: name)
    }

    /// Runs a client program as the current user, over the Unix socket (where the superuser needs no password).
    private func runClient(_ name: String, _ arguments: [String]) throws {
        try run(installation.binary(name), arguments, name: name)
    }

    private func run(_ executable: URL, _ arguments: [String], name: String) throws {
        let output = directory.appendingPathComponent("\(name).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = Self.environment
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        guard Self.wait(for: process, timeout: 120) else {
            Glibc.kill(process.processIdentifier, SIGKILL)
            throw PostgresServerError("\(name) still running after 120 s; killed")
        }
        guard process.terminationStatus == 0 else {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            throw PostgresServerError("\(name) failed with status \(process.terminationStatus):\n\(text.suffix(4000))")
        }
    }

    // MARK: - Processes

    /// The environment without PG* variables, which would override the arguments (PGHOST, PGOPTIONS...).
    private static let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }

    /// A loopback port free at the time of asking.
    private static func freePort() throws -> Int {
        let (descriptor, port) = try LoopbackSocket.bindAnyPort(reuseAddress: false)
        close(descriptor)
        return port
    }

    /// Waits for `process` to exit; false if it still runs after `timeout` seconds.
    private static func wait(for process: Process, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        return !process.isRunning
    }

    /// The processes whose parent is `pid` (from /proc).
    private static func children(of pid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { parent(of: $0) == pid }
    }

    /// The parent in /proc/PID/stat: the fourth field, after the name in parentheses (which may hold spaces).
    private static func parent(of pid: Int32) -> Int32? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let nameEnd = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: nameEnd)...].split(separator: " ")
        return fields.count > 1 ? Int32(fields[1]) : nil
    }

    /// Whether `pid` exists and is not a zombie (a zombie holds no shared memory).
    private static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let nameEnd = stat.lastIndex(of: ")")
        else { return false }
        return stat[stat.index(after: nameEnd)...].split(separator: " ").first != "Z"
    }
}

/// A test server that could not be started or stopped.
public struct PostgresServerError: Error, CustomStringConvertible, Sendable {
    public var description: String
    /// The server could not bind its port (another process took it after it was picked).
    var portTaken = false
    public init(_ description: String) { self.description = description }
}

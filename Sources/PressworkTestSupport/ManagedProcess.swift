import Foundation

/// A real `presswork` process started by a test, with its output in a log file.
public final class ManagedProcess: @unchecked Sendable {
    // @unchecked: Foundation's Process is thread-safe for the calls used here (pid, isRunning, wait).
    public let name: String
    public let process: Process
    public let logURL: URL

    init(name: String, executable: URL, arguments: [String], directory: URL, environment: [String: String] = [:]) throws
    {
        self.name = name
        logURL = directory.appendingPathComponent("\(name).log")
        // A failure shows in the FileHandle that opens it next.
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        try process.run()
    }

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }

    /// Sends a signal (SIGKILL to crash it, SIGTERM to stop it gracefully).
    public func signal(_ signal: Int32) {
        if process.isRunning { kill(process.processIdentifier, signal) }
    }

    /// Waits for the process to exit; nil if it is still running after `timeout` seconds.
    public func waitForExit(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Everything the process printed so far.
    public var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

import Foundation

/// gzip as the system's `gzip` writes it, for tests that need compressed files made by another program.
public enum GzipCommand {
    /// `bytes` compressed by `/bin/gzip -n` (one member, no name or time stamp).
    public static func compress(_ bytes: [UInt8]) throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("data")
        try Data(bytes).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-n", file.path]
        try process.run()
        process.waitUntilExit()
        return [UInt8](try Data(contentsOf: directory.appendingPathComponent("data.gz")))
    }
}

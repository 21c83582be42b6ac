import Foundation
import Glibc

/// Where PostgreSQL's programs are on this machine, and how to run the server's: as the `postgres` system user
/// when the tests run as root, which `initdb` and `postgres` refuse to be.
struct PostgresInstallation: Sendable {
    /// Holds initdb, postgres, createdb.
    let binDirectory: URL
    /// The user and group to run the server as, when running as root.
    let runAs: (uid: uid_t, gid: gid_t)?
    /// util-linux's setpriv, which switches user and then execs (no child process left between).
    let setpriv: URL?

    /// This machine's installation, or why there is none; looked up once.
    static let located: Result<PostgresInstallation, PostgresServerError> = locate()

    /// The environment variable naming the directory of PostgreSQL's programs, when not the one found.
    static let binDirectoryKey = "PRESSWORK_POSTGRES_BINDIR"

    func binary(_ name: String) -> URL { binDirectory.appendingPathComponent(name) }

    /// The executable and arguments that run `argv` as the server's user.
    func command(_ argv: [String]) -> (executable: URL, arguments: [String]) {
        guard let runAs, let setpriv else { return (URL(fileURLWithPath: argv.first ?? ""), Array(argv.dropFirst())) }
        return (setpriv, ["--reuid=\(runAs.uid)", "--regid=\(runAs.gid)", "--clear-groups", "--"] + argv)
    }

    /// Makes the server's user the owner of `url`, when running as root.
    func giveAway(_ url: URL) throws {
        guard let runAs else { return }
        guard chown(url.path, runAs.uid, runAs.gid) == 0 else {
            throw PostgresServerError("cannot give \(url.path) to the postgres user: errno \(errno)")
        }
    }

    private static func locate() -> Result<PostgresInstallation, PostgresServerError> {
        let environment = ProcessInfo.processInfo.environment
        let wanted = ["initdb", "postgres", "createdb"]
        let complete = { (directory: URL) in
            wanted.allSatisfy {
                FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent($0).path)
            }
        }
        var candidates: [URL] = []
        if let directory = environment[binDirectoryKey] {
            candidates = [URL(fileURLWithPath: directory)]
        } else {
            // Debian keeps the server's programs out of PATH, under its version; pg_config names them.
            if let directory = pgConfigBinDirectory() { candidates.append(directory) }
            let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
            for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
                candidates.append(URL(fileURLWithPath: "/usr/lib/postgresql/\(version)/bin"))
            }
            candidates += searchPath(environment).map { URL(fileURLWithPath: $0) }
        }
        guard let binDirectory = candidates.first(where: complete) else {
            let looked =
                environment[binDirectoryKey].map { "\(binDirectoryKey)=\($0)" }
                ?? "pg_config --bindir, /usr/lib/postgresql/*/bin, PATH"
            return .failure(
                PostgresServerError(
                    "PostgreSQL's server programs (\(wanted.joined(separator: ", "))) are not installed (looked in "
                        + "\(looked)); install postgresql (Scripts/install-deps.sh) to run "
                        + "these tests"))
        }
        guard getuid() == 0 else {
            return .success(PostgresInstallation(binDirectory: binDirectory, runAs: nil, setpriv: nil))
        }
        guard let user = getpwnam("postgres") else {
            return .failure(
                PostgresServerError(
                    "running as root, which PostgreSQL refuses, and there is no postgres user to run it as"))
        }
        let runAs = (uid: user.pointee.pw_uid, gid: user.pointee.pw_gid)
        guard let setpriv = findExecutable("setpriv", in: ["/usr/bin", "/bin"] + searchPath(environment)) else {
            return .failure(
                PostgresServerError(
                    "running as root, and setpriv (util-linux) is missing to run PostgreSQL as the postgres user"))
        }
        return .success(PostgresInstallation(binDirectory: binDirectory, runAs: runAs, setpriv: setpriv))
    }

    private static func findExecutable(_ name: String, in directories: [String]) -> URL? {
        directories.map { URL(fileURLWithPath: $0).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    private static func searchPath(_ environment: [String: String]) -> [String] {
        (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
    }

    /// `pg_config --bindir`, when pg_config is on PATH.
    private static func pgConfigBinDirectory() -> URL? {
        guard let pgConfig = findExecutable("pg_config", in: searchPath(ProcessInfo.processInfo.environment)) else {
            return nil
        }
        let process = Process()
        let pipe = Pipe()
        process.executableURL = pgConfig
        process.arguments = ["--bindir"]
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        // One short line: it fits the pipe's buffer, so reading after the exit cannot block the writer.
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let path = output.trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && !path.isEmpty ? URL(fileURLWithPath: path) : nil
    }
}

import Foundation

/// The team's folder of real third-party data (`../shared/data` beside the checkout), which tests read
/// and never copy. A user's fresh clone has no such folder; this one type decides where it is, so every test
/// that needs it skips the same way, with the same message, when it is absent.
public enum SharedData {
    /// Environment variable naming the folder. When set, it is the only place looked at: a path that does
    /// not exist hides the data, as a fresh clone would (`.ci/run` does this to prove the tests skip).
    public static let environmentKey = "PRESSWORK_SHARED_DATA"

    /// The folder, or nil when it is absent.
    public static let root: URL? = locate(
        environment: ProcessInfo.processInfo.environment, packageRoot: Checkout.root)

    /// A file or folder inside the shared data, or nil when the data or that entry is absent.
    public static func url(_ relativePath: String) -> URL? {
        guard let url = root?.appendingPathComponent(relativePath),
            FileManager.default.fileExists(atPath: url.path)
        else { return nil }
        return url
    }

    /// Whether `relativePath` is there to read.
    public static func has(_ relativePath: String) -> Bool { url(relativePath) != nil }

    /// Why a test that needs `relativePath` is skipped.
    public static func absence(_ relativePath: String) -> String {
        if let root {
            return "\(relativePath) is not in the shared data at \(root.path)"
        }
        if let named = ProcessInfo.processInfo.environment[environmentKey] {
            return "the shared data is hidden (\(environmentKey)=\(named) does not exist); needs \(relativePath)"
        }
        return "../shared/data is absent (a fresh clone); set \(environmentKey) to the folder to run this test"
    }

    /// `$PRESSWORK_SHARED_DATA` if set (nil when it does not exist); else the nearest `shared/data` beside
    /// the package or one of its ancestors (`../shared/data` in the team's layout).
    static func locate(environment: [String: String], packageRoot: URL) -> URL? {
        let fileManager = FileManager.default
        if let path = environment[environmentKey] {
            return fileManager.fileExists(atPath: path) ? URL(fileURLWithPath: path) : nil
        }
        var directory = packageRoot
        while directory.path != "/" {
            let candidate = directory.deletingLastPathComponent().appendingPathComponent("shared/data")
            if fileManager.fileExists(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }
}

import Foundation

/// An exclusive `flock` on `DIR/coordinator.lock`, held for the coordinator's life, so two coordinators
/// never share one journal. The kernel releases it when the process dies, even by SIGKILL.
public final class DataDirectoryLock: Sendable {
    private let descriptor: Int32

    public init(directory: String) throws(ConfigurationError) {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent("coordinator.lock")
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ConfigurationError("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw ConfigurationError("another coordinator is using the data directory \(directory)")
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }
}

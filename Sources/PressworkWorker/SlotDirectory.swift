import Foundation

/// The private directories of the slot sockets, `TMPDIR/presswork-worker-PID-XXXXXX` (mode 0700).
///
/// A worker removes its own when it stops; one killed with SIGKILL cannot, so each new worker first
/// removes those whose worker is gone: the PID in the name is no live process *and* nothing listens on
/// the socket. The second check keeps a directory that a worker in another PID namespace (a container
/// sharing this `/tmp`) still uses.
enum SlotDirectory {
    static let prefix = "presswork-worker-"

    /// Creates this worker's directory, after removing stale ones; returns its path.
    static func create(in parent: String = NSTemporaryDirectory()) throws -> String {
        removeStale(in: parent)
        var template = Array((parent + "/" + prefix + "\(getpid())-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw ChildProcessError(
                "cannot create a directory for the slot socket: \(String(cString: strerror(errno)))")
        }
        return String(cString: made)
    }

    /// Removes the directory and its socket.
    static func remove(_ directory: String) {
        unlink(directory + "/slots")
        rmdir(directory)
    }

    /// Removes the directories of dead workers of this user; returns how many.
    @discardableResult
    static func removeStale(in parent: String) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return 0 }
        var removed = 0
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = pid_t(rest[..<dash]), pid > 0, pid != getpid()
            else { continue }
            let directory = parent + "/" + name
            var info = stat()
            guard lstat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == geteuid() else {
                continue
            }
            guard kill(pid, 0) == -1, errno == ESRCH, !isListening(directory + "/slots") else { continue }
            remove(directory)
            if access(directory, F_OK) != 0 { removed += 1 }
        }
        return removed
    }

    /// Whether a process accepts connections on the Unix socket at `path`.
    static func isListening(_ path: String) -> Bool {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
            buffer[bytes.count] = 0
        }
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
    }
}

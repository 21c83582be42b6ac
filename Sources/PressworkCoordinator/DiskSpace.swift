import Foundation

/// Free space on a file system, to refuse work before the disk fills up (SQLite then fails every write).
enum DiskSpace {
    /// Bytes available to this process on the file system holding `path` (or its directory), or nil if
    /// that cannot be read.
    static func available(at path: String) -> Int? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 || statvfs((path as NSString).deletingLastPathComponent, &info) == 0 else {
            return nil
        }
        return Int(info.f_bavail) * Int(info.f_frsize)
    }
}

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// The one owner of a read-only file descriptor. Reads go through `pread`, so every read names its offset
/// and a resynchronisation can go back without a seek state to keep right.
final class FileInput {
    private let descriptor: Int32

    init(path: String) throws(WARCError) {
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC) } while fd < 0 && errno == EINTR
        guard fd >= 0 else {
            let code = errno
            throw WARCError(.cannotOpen, "cannot open \(path): \(String(cString: strerror(code)))", errno: code)
        }
        descriptor = fd
    }

    // Closing a descriptor opened read-only cannot lose data, so a failure has nothing to report.
    deinit { close(descriptor) }

    /// Reads up to `count` bytes at `offset` into `buffer`; returns 0 at the end of the file.
    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int64) throws(WARCError) -> Int {
        while true {
            let got = pread(descriptor, buffer, count, off_t(offset))
            if got >= 0 { return got }
            let code = errno
            if code == EINTR { continue }
            throw WARCError(.cannotRead, "read failed: \(String(cString: strerror(code)))", errno: code)
        }
    }
}

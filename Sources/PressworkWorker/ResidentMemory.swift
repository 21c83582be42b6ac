import Foundation

/// Resident memory read from `/proc` (Linux).
enum ResidentMemory {
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// This process's resident bytes now, nil where `/proc` is unavailable.
    static func current() -> Int? { of(path: "/proc/self/statm") }

    /// Resident bytes from a `statm` file ("size resident shared ..." in pages; a read costs microseconds).
    static func of(path: String) -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * pageSize
    }
}

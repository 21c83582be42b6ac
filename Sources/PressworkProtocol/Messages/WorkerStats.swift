/// The optional header of a worker's `HEARTBEAT`: its vital signs, for `status` and `/metrics`.
/// Every field is optional so that workers and coordinators of different versions understand each other.
public struct WorkerStats: Codable, Sendable, Hashable {
    /// Resident memory of the worker process, in bytes.
    public var rssBytes: Int?

    public init(rssBytes: Int? = nil) {
        self.rssBytes = rssBytes
    }
}

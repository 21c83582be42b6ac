/// `READY`: a worker registers, announcing how many jobs it can run at once.
public struct Ready: Codable, Sendable, Hashable {
    /// The worker's id; also its ZeroMQ routing id.
    public var worker: String
    /// Processing slots: the coordinator never has more jobs outstanding at this worker.
    public var slots: Int
    /// Host name of the worker's machine.
    public var host: String
    /// Process id of the worker on its host.
    public var pid: Int32
    /// The worker's Presswork version.
    public var version: String
    /// Jobs the worker is still running from before this registration (after a reconnect); they
    /// occupy slots until reported. Absent means 0.
    public var busy: Int?

    public init(worker: String, slots: Int, host: String, pid: Int32, version: String, busy: Int? = nil) {
        self.worker = worker
        self.slots = slots
        self.host = host
        self.pid = pid
        self.version = version
        self.busy = busy
    }
}

/// `READY`: a worker registers, announcing how many jobs it can run at once.
public struct Ready: Codable, Sendable, Hashable {
    /// The worker's id, shown in `STATUS` (1–128 letters, digits and `. _ - : @`). It is not the
    /// routing id: workers connect with an unguessable one, so no peer can take over their connection.
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
    /// A worker that reconnects while draining registers so its reports are accepted, but takes no jobs.
    public var draining: Bool?
    /// Body encodings the worker reads besides plain bytes (`zstd`); absent: plain bytes only.
    public var encodings: [String]?
    /// How the worker fetches articles submitted by URL; absent from workers before 0.4.
    public var fetching: Fetching?

    /// A worker's fetch policy, shown in `STATUS` so an operator sees who ignores robots.txt.
    public struct Fetching: Codable, Sendable, Hashable {
        /// The User-Agent its requests send (at most `maxUserAgentBytes`).
        public var userAgent: String
        /// Whether it obeys robots.txt.
        public var robots: Bool
        /// Whether it fetches from loopback, private and other special addresses.
        public var privateNetworks: Bool

        public init(userAgent: String, robots: Bool, privateNetworks: Bool) {
            self.userAgent = userAgent
            self.robots = robots
            self.privateNetworks = privateNetworks
        }

        public static let maxUserAgentBytes = 512
    }

    public init(
        worker: String, slots: Int, host: String, pid: Int32, version: String, busy: Int? = nil,
        draining: Bool? = nil
    ) {
        self.worker = worker
        self.slots = slots
        self.host = host
        self.pid = pid
        self.version = version
        self.busy = busy
        self.draining = draining
    }

    /// The most bytes of `host`.
    public static let maxHostBytes = 255
    /// The most bytes of `version`.
    public static let maxVersionBytes = 64
    /// The most bytes of `worker`.
    public static let maxWorkerBytes = 128

    /// Whether `id` is a valid worker id: 1–128 ASCII letters, digits and `. _ - : @`.
    public static func isValidWorkerId(_ id: String) -> Bool {
        let bytes = id.utf8
        return (1...maxWorkerBytes).contains(bytes.count)
            && bytes.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5a).contains(byte) || (0x61...0x7a).contains(byte)
                    || Array(".-_:@".utf8).contains(byte)
            }
    }
}

/// Why a client command could not do its work. The CLI maps `code` to its exit status.
public struct ClientError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Hashable, Sendable { case unreachable, refused, badReply, badInput }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }
        /// No reply from the coordinator within the timeout (exit status 3).
        public static let unreachable = Code(.unreachable)
        /// The coordinator answered `ERROR` (exit status 1).
        public static let refused = Code(.refused)
        /// The reply could not be decoded: a different protocol or version (exit status 3).
        public static let badReply = Code(.badReply)
        /// A path, file or line given to the command cannot be used (exit status 2).
        public static let badInput = Code(.badInput)
        public var description: String { kind.rawValue }
    }

    public var code: Code
    public var message: String
    /// For `.refused`: the coordinator's error code, e.g. `unknown-job`.
    public var remoteCode: String?
    /// For `.unreachable`: whether the request went out (so the coordinator may have acted on it) before
    /// the reply failed to come.
    public var requestWasSent = false

    public init(_ code: Code, _ message: String, remoteCode: String? = nil) {
        self.code = code
        self.message = message
        self.remoteCode = remoteCode
    }

    public var description: String { message }

    /// The coordinator is up but its store (a PostgreSQL database) is out of reach: try again later.
    public var isStoreUnavailable: Bool { code == .refused && remoteCode == "store-unavailable" }
}

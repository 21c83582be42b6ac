/// Why a WARC file could not be opened or read at all. Problems inside the file are not errors: they are
/// `WARCEvent.skipped` events, and reading goes on.
public struct WARCError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Hashable, Sendable { case cannotOpen, cannotRead, badArgument }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }
        /// The file does not exist or may not be opened.
        public static let cannotOpen = Code(.cannotOpen)
        /// `read` failed (an I/O error, not a malformed file).
        public static let cannotRead = Code(.cannotRead)
        /// A start offset or limit out of range.
        public static let badArgument = Code(.badArgument)
        public var description: String { kind.rawValue }
    }

    public var code: Code
    public var message: String
    /// The `errno` behind the failure, when there is one.
    public var errno: Int32?

    public init(_ code: Code, _ message: String, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    public var description: String { message }
}

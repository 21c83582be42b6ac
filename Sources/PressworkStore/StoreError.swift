/// A failure of the embedded store. The coordinator treats it as fatal for the request at hand, never silently.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Hashable, Sendable { case open, schema, io, corrupt }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }
        /// The data directory or database file could not be created or opened.
        public static let open = Code(.open)
        /// The database was written by a newer Presswork, or migrating it failed.
        public static let schema = Code(.schema)
        /// A read or write failed (disk full, I/O error, locked by another process).
        public static let io = Code(.io)
        /// Stored data could not be read back (e.g. a JSON column that is not JSON).
        public static let corrupt = Code(.corrupt)
        public var description: String { kind.rawValue }
    }

    public var code: Code
    public var message: String
    /// The underlying error, when there is one.
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        if let cause { return "\(message): \(cause)" }
        return message
    }
}

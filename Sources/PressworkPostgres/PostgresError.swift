/// A failure of a PostgreSQL connection or statement: what kind, the server's SQLSTATE when it sent one, and
/// its message. Messages never hold the connection's password.
public struct PostgresError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added; switch with a default.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Kind: Hashable, Sendable {
            case connectionFailed, connectionLost, uniqueViolation, serializationFailure, deadlockDetected
            case query, invalidParameter, decoding, closed, misuse
        }
        fileprivate let kind: Kind

        /// No connection could be made: a bad URL, a refused or unreachable port, authentication, timeout.
        public static let connectionFailed = Code(kind: .connectionFailed)
        /// The connection broke during a call (server restart or crash, admin shutdown): `reset()` and retry.
        public static let connectionLost = Code(kind: .connectionLost)
        /// A unique constraint was violated (SQLSTATE 23505).
        public static let uniqueViolation = Code(kind: .uniqueViolation)
        /// A serializable transaction could not be serialized (SQLSTATE 40001): retry the transaction.
        public static let serializationFailure = Code(kind: .serializationFailure)
        /// The transaction was chosen as a deadlock victim (SQLSTATE 40P01): retry the transaction.
        public static let deadlockDetected = Code(kind: .deadlockDetected)
        /// Any other error the server reported for a statement (syntax, other constraints, types...).
        public static let query = Code(kind: .query)
        /// A parameter that cannot be sent, e.g. text holding a NUL byte.
        public static let invalidParameter = Code(kind: .invalidParameter)
        /// A result value is not of the type asked for, or the row or column does not exist.
        public static let decoding = Code(kind: .decoding)
        /// The connection was used after `close()`.
        public static let closed = Code(kind: .closed)
        /// A call the connection's state does not allow, e.g. a transaction inside a transaction.
        public static let misuse = Code(kind: .misuse)

        public var description: String {
            switch kind {
            case .connectionFailed: "connection-failed"
            case .connectionLost: "connection-lost"
            case .uniqueViolation: "unique-violation"
            case .serializationFailure: "serialization-failure"
            case .deadlockDetected: "deadlock-detected"
            case .query: "query"
            case .invalidParameter: "invalid-parameter"
            case .decoding: "decoding"
            case .closed: "closed"
            case .misuse: "misuse"
            }
        }
    }

    /// The classified failure.
    public var code: Code
    /// The five-character SQLSTATE the server sent (e.g. "23505"), nil when the failure is not the server's.
    public var sqlState: String?
    /// The primary message, from the server or libpq (one line, no trailing newline).
    public var message: String
    /// The server's detail line, when it gave one (for a unique violation: the key that already exists).
    public var detail: String?

    /// Creates an error; `message` is taken as it is, so it must not hold secrets.
    public init(code: Code, message: String, sqlState: String? = nil, detail: String? = nil) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
    }

    /// Whether running the same transaction again may succeed: serialization failures, deadlocks, and a lost
    /// connection once `reset()` has reconnected.
    public var isTransient: Bool {
        code == .serializationFailure || code == .deadlockDetected || code == .connectionLost
    }

    public var description: String {
        var text = "PostgreSQL \(code)"
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        text += ": \(message)"
        if let detail { text += " (\(detail))" }
        return text
    }

    /// The code for a server error's SQLSTATE: class 08 (connection exception) and the 57P0x shutdown codes mean
    /// the connection is gone.
    static func code(sqlState: String?) -> Code {
        switch sqlState {
        case "23505": .uniqueViolation
        case "40001": .serializationFailure
        case "40P01": .deadlockDetected
        case "57P01", "57P02", "57P03": .connectionLost
        case let state? where state.hasPrefix("08"): .connectionLost
        default: .query
        }
    }
}

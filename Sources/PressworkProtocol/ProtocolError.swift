/// Why a message could not be decoded. The receiver counts it, replies `ERROR` where it can, and drops it.
public struct ProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of decoding failure; also the `code` string sent back in an `ERROR` reply.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Hashable, Sendable {
            case malformed, unsupportedVersion = "unsupported-version", unknownCommand = "unknown-command"
            case tooLarge = "too-large"
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// Missing frames, bad JSON, wrong field types, frame counts that do not match.
        public static let malformed = Code(.malformed)
        /// The first frame names a role or version this side does not speak.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// The command frame names no command of this role.
        public static let unknownCommand = Code(.unknownCommand)
        /// A frame or the whole message is over a protocol limit.
        public static let tooLarge = Code(.tooLarge)

        /// The wire name of the code, as sent in `ERROR` replies.
        public var description: String { kind.rawValue }
    }

    /// The failure kind.
    public var code: Code
    /// What exactly was wrong, for logs and `ERROR` replies. Never contains article bodies.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

/// `ERROR`: the coordinator could not act on a message (PROTOCOL.md section 10).
public struct ErrorReply: Codable, Sendable, Hashable {
    /// The request number it answers, when the request could be read that far.
    public var req: UInt64?
    /// A machine-readable code, one of ``Code/all`` from this coordinator. Clients must treat codes they
    /// do not know as failures.
    public var code: Code
    /// What was wrong, for people.
    public var message: String

    public init(req: UInt64? = nil, code: Code, message: String) {
        self.req = req
        self.code = code
        self.message = message
    }

    /// The `code` of an `ERROR`: every code this coordinator sends, each with when it is sent (PROTOCOL.md's
    /// table in section 10.1 lists the same codes; a test holds them together). A peer's unknown code
    /// decodes too, as itself.
    public struct Code: RawRepresentable, Codable, Sendable, Hashable, ExpressibleByStringLiteral,
        CustomStringConvertible
    {
        public var rawValue: String

        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }
        public var description: String { rawValue }

        /// Missing frames, a frame count that does not match, bad JSON, a missing or mistyped field, an
        /// out-of-range value, a `RESULT` that is not a JSON object, a submission key outside 1–64 bytes.
        public static let malformed: Code = "malformed"
        /// The first frame is not `PWW1` or `PWC1`.
        public static let unsupportedVersion: Code = "unsupported-version"
        /// The command frame is not a command of the sender's role.
        public static let unknownCommand: Code = "unknown-command"
        /// A frame, an article or the whole message is over a protocol limit.
        public static let tooLarge: Code = "too-large"
        /// `SHOW` of a job the journal does not hold.
        public static let unknownJob: Code = "unknown-job"
        /// Under CURVE, the sender's key is not admitted for the role it speaks.
        public static let forbidden: Code = "forbidden"
        /// A `SUBMIT` would give the client more unfinished jobs or bytes than the coordinator allows.
        public static let tooManyPending: Code = "too-many-pending"
        /// A `SUBMIT` would leave the data directory's disk with less free space than allowed.
        public static let storageFull: Code = "storage-full"
        /// A `SUBMIT`'s idempotency key was accepted before for a different number of articles.
        public static let keyReused: Code = "key-reused"
        /// The coordinator could not read its store for the request.
        public static let `internal`: Code = "internal"
        /// The coordinator's store (a PostgreSQL database) cannot be reached: nothing new is accepted until it
        /// can; what was acknowledged is kept. Try again later.
        public static let storeUnavailable: Code = "store-unavailable"

        /// Every code this coordinator sends, in PROTOCOL.md's order.
        public static let all: [Code] = [
            .malformed, .unsupportedVersion, .unknownCommand, .tooLarge, .unknownJob, .forbidden, .tooManyPending,
            .storageFull, .keyReused, .internal, .storeUnavailable,
        ]
    }
}

extension ProtocolError.Code {
    /// The ``ErrorReply`` code that reports this decoding failure.
    public var reply: ErrorReply.Code { ErrorReply.Code(rawValue: description) }
}

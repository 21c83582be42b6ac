/// `ERROR`: a request or message was refused. The message it answers is dropped; the peer stays connected.
public struct ErrorReply: Codable, Sendable, Hashable {
    /// The request number it answers, when the request could be read that far.
    public var req: UInt64?
    /// A machine-readable code: `malformed`, `unsupported-version`, `unknown-command`, `too-large`,
    /// `unknown-job`, `internal`. Clients must treat unknown codes as failures.
    public var code: String
    /// What was wrong, for people.
    public var message: String

    public init(req: UInt64? = nil, code: String, message: String) {
        self.req = req
        self.code = code
        self.message = message
    }
}

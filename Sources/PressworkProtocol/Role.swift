/// The first frame of every message: which role the sender speaks and in which protocol version.
public enum Role: String, Sendable, Hashable, CaseIterable {
    /// A worker process talking to the coordinator, or the coordinator talking to a worker.
    case worker = "PWW1"
    /// A client (CLI, script) talking to the coordinator, or the coordinator replying to it.
    case client = "PWC1"

    /// The frame bytes.
    public var frame: [UInt8] { Array(rawValue.utf8) }

    /// Reads the role frame; a `PWW`/`PWC` frame with another version is `unsupportedVersion`.
    public static func decode(_ frame: [UInt8]) throws(ProtocolError) -> Role {
        let text = String(decoding: frame, as: UTF8.self)
        if let role = Role(rawValue: text) { return role }
        if frame.count == 4 && (text.hasPrefix("PWW") || text.hasPrefix("PWC")) {
            throw ProtocolError(
                .unsupportedVersion, "protocol \(text) is not supported; this side speaks PWW1 and PWC1")
        }
        throw ProtocolError(.unsupportedVersion, "first frame is not a Presswork role and version (PWW1 or PWC1)")
    }
}

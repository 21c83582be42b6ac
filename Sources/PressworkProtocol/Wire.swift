/// Frame-level helpers shared by the decoders.
enum Wire {
    /// Splits off the command frame (ASCII upper-case, at most 16 bytes).
    static func command(
        _ frames: ArraySlice<[UInt8]>
    ) throws(ProtocolError) -> (String, ArraySlice<[UInt8]>) {
        guard let first = frames.first else { throw ProtocolError(.malformed, "no command frame") }
        guard first.count <= 16, !first.isEmpty, first.allSatisfy({ (65...90).contains($0) || $0 == 95 }) else {
            throw ProtocolError(.unknownCommand, "command frame is not an upper-case word")
        }
        return (String(decoding: first, as: UTF8.self), frames.dropFirst())
    }

    static func expect(_ frames: ArraySlice<[UInt8]>, count: Int, command: String) throws(ProtocolError) {
        guard frames.count == count else {
            throw ProtocolError(
                .malformed, "\(command) has \(frames.count) frames after the command, expected \(count)")
        }
    }
}

/// What arrives at the coordinator's ROUTER socket, after the routing id.
public enum Inbound: Sendable, Hashable {
    case worker(WorkerCommand)
    case client(ClientRequest)

    /// Decodes a message by its role frame.
    public static func decode(_ frames: ArraySlice<[UInt8]>) throws(ProtocolError) -> Inbound {
        guard let first = frames.first else { throw ProtocolError(.malformed, "empty message") }
        switch try Role.decode(first) {
        case .worker: return .worker(try WorkerCommand.decode(frames.dropFirst()))
        case .client: return .client(try ClientRequest.decode(frames.dropFirst()))
        }
    }
}

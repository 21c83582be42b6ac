import Foundation
import PressworkFuzzSupport
import PressworkProtocol

// libFuzzer target: arbitrary bytes as one ZeroMQ multipart message, fed to every decoder that reads
// network input (the coordinator's `Inbound`, the worker's `CoordinatorCommand`, the client's
// `ClientReply`), and everything that decodes is encoded and decoded again.
//
// Input layout: frames, each a 2-byte big-endian length and that many bytes (the last one cut short if
// the input ends). Scripts/fuzz.sh writes its seeds in this layout from one-frame-a-line text files.
//
// Built with `-DPRESSWORK_FUZZ` (Scripts/fuzz.sh) `main` runs libFuzzer; a plain `swift build` makes a
// `main` that replays files instead: `presswork-fuzz-protocol crash-123 ...`.

/// Splits the input into frames; at most `ProtocolLimits.maxFrames`, as the sockets enforce.
func frames(_ input: UnsafeBufferPointer<UInt8>) -> [[UInt8]] {
    var frames: [[UInt8]] = []
    var index = 0
    while index < input.count, frames.count < ProtocolLimits.maxFrames {
        let length = index + 1 < input.count ? Int(input[index]) << 8 | Int(input[index + 1]) : 0
        let start = min(index + 2, input.count)
        let end = min(start + length, input.count)
        frames.append(Array(input[start..<end]))
        index = end
    }
    return frames
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let message = frames(UnsafeBufferPointer(start: data, count: size))
    let body = message[...]

    // The coordinator: routing id, then role, command, header and bodies.
    if let routingId = message.first { _ = PeerKey.key(for: routingId) }
    _ = ClientRequest.requestNumber(in: body)
    if let inbound = try? Inbound.decode(body) {
        switch inbound {
        case .worker(let command):
            let again = try? WorkerCommand.decode(command.frames()[...].dropFirst())
            precondition(again == command, "WorkerCommand \(command.name) does not survive a round trip")
        case .client(let request):
            let again = try? ClientRequest.decode(request.frames()[...].dropFirst())
            precondition(again == request, "ClientRequest \(request.name) does not survive a round trip")
        }
    }
    // The worker reading the coordinator.
    if let command = try? CoordinatorCommand.decode(message) {
        let again = try? CoordinatorCommand.decode(command.frames())
        precondition(again == command, "CoordinatorCommand \(command.name) does not survive a round trip")
    }
    // The client reading the coordinator's replies.
    if let reply = try? ClientReply.decode(message) {
        let again = try? ClientReply.decode(reply.frames())
        precondition(again == reply, "ClientReply \(reply.name) does not survive a round trip")
    }
    // The slots' reports, which the worker decodes again to log them (WorkerLoop.report).
    _ = try? WorkerCommand.decode(body.dropFirst())
    return 0
}

@main
enum FuzzMain {
    static func main() {
        FuzzDriver.main { data, size in fuzz(data!, size) }
    }
}

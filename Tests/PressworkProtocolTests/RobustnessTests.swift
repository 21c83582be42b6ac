import PressworkProtocol
import PressworkTestSupport
import Testing

/// Builds random and mutated messages.
struct MessageFuzzer {
    var random: SeededGenerator

    /// Frames that make a random message more likely to get past the first checks.
    static let tokens: [[UInt8]] =
        [
            "PWW1", "PWC1", "PWW2", "READY", "HEARTBEAT", "RESULT", "FAILED", "DRAINING", "DISCONNECT", "JOB", "ERROR",
            "SUBMIT", "ACCEPTED", "STATUS", "SHOW", "EXPORT", "DEAD", "RETRY", "JOBS", "{}", "[]", "null",
            #"{"req":1}"#, #"{"count":1,"req":1}"#, #"{"reason":"x"}"#,
        ].map { Array($0.utf8) }

    /// Valid messages of every kind, to mutate.
    static let valid: [[[UInt8]]] = (workerGoldenCases + clientGoldenCases).map(\.expected)

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }

    mutating func randomBytes() -> [UInt8] {
        (0..<int(0...48)).map { _ in UInt8.random(in: 0...255, using: &random) }
    }

    mutating func randomFrame() -> [UInt8] {
        int(0...2) == 0 ? randomBytes() : Self.tokens.randomElement(using: &random)!
    }

    /// A message of 0–6 random frames.
    mutating func randomMessage() -> [[UInt8]] {
        (0..<int(0...6)).map { _ in randomFrame() }
    }

    /// A valid message, mutated one to three times.
    mutating func mutatedMessage() -> [[UInt8]] {
        var message = Self.valid.randomElement(using: &random)!
        for _ in 0..<int(1...3) {
            mutate(&message)
        }
        return message
    }

    private mutating func mutate(_ message: inout [[UInt8]]) {
        switch int(0...7) {
        case 0:  // Truncate the frame list.
            message = Array(message.prefix(int(0...message.count)))
        case 1:  // Truncate one frame.
            guard !message.isEmpty else { return }
            let index = int(0...message.count - 1)
            message[index] = Array(message[index].prefix(int(0...message[index].count)))
        case 2:  // Swap two frames.
            guard message.count >= 2 else { return }
            message.swapAt(int(0...message.count - 1), int(0...message.count - 1))
        case 3, 4:  // Flip a few bytes.
            guard !message.isEmpty else { return }
            let index = int(0...message.count - 1)
            guard !message[index].isEmpty else { return }
            for _ in 0..<int(1...4) {
                let position = int(0...message[index].count - 1)
                message[index][position] ^= UInt8.random(in: 1...255, using: &random)
            }
        case 5:  // Duplicate a frame.
            guard !message.isEmpty else { return }
            let index = int(0...message.count - 1)
            message.insert(message[index], at: index)
        case 6:  // Drop a frame.
            guard !message.isEmpty else { return }
            message.remove(at: int(0...message.count - 1))
        default:  // Insert a random frame.
            message.insert(randomFrame(), at: int(0...message.count))
        }
    }
}

@Suite("Robustness")
struct RobustnessTests {
    @Test("Random and mutated messages never crash the decoders", arguments: [0x5EED_0001 as UInt64])
    func fuzz(seed: UInt64) {
        var fuzzer = MessageFuzzer(random: SeededGenerator(seed: seed))
        var decoded = 0
        var refused = 0
        for number in 0..<2_000 {
            let message = number.isMultiple(of: 2) ? fuzzer.randomMessage() : fuzzer.mutatedMessage()
            let context: Comment = "seed \(seed), case \(number)"

            do {
                let inbound = try Inbound.decode(message[...])
                decoded += 1
                // Whatever decodes must encode to something that decodes to the same value.
                let again: [[UInt8]] =
                    switch inbound {
                    case .worker(let command): command.frames()
                    case .client(let request): request.frames()
                    }
                #expect(try Inbound.decode(again[...]) == inbound, context)
            } catch {
                refused += 1
                #expect(!error.message.isEmpty, context)
            }

            do {
                let command = try CoordinatorCommand.decode(message)
                decoded += 1
                #expect(try CoordinatorCommand.decode(command.frames()) == command, context)
            } catch {
                refused += 1
            }

            do {
                let reply = try ClientReply.decode(message)
                decoded += 1
                #expect(try ClientReply.decode(reply.frames()) == reply, context)
            } catch {
                refused += 1
            }

            _ = ClientRequest.requestNumber(in: message[...])
        }
        #expect(decoded + refused == 6_000)
        // The mutations leave a fair share of messages valid; a fuzzer that never gets past the
        // role frame would prove little.
        #expect(decoded > 50, "only \(decoded) messages decoded")
        #expect(refused > 3_000)
    }

    @Test("The generator is deterministic")
    func deterministic() {
        var first = SeededGenerator(seed: 42)
        var second = SeededGenerator(seed: 42)
        #expect((0..<10).map { _ in first.next() } == (0..<10).map { _ in second.next() })
    }
}

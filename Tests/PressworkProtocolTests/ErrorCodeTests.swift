import Foundation
import PressworkProtocol
import PressworkTestSupport
import Testing

/// The `ERROR` codes in one place: the type lists what the coordinator sends, PROTOCOL.md documents the same.
@Suite("Error codes")
struct ErrorCodeTests {
    @Test("PROTOCOL.md's table in section 10.1 lists exactly the codes of ErrorReply.Code, in order")
    func documentedCodes() throws {
        let protocolText = try String(
            contentsOf: Checkout.root.appendingPathComponent("Sources/PressworkProtocol/PROTOCOL.md"), encoding: .utf8)
        let section = try #require(protocolText.range(of: "### 10.1 ErrorReply"))
        let end = protocolText.range(of: "### 10.2", range: section.upperBound..<protocolText.endIndex)
        let table = protocolText[section.upperBound..<(end?.lowerBound ?? protocolText.endIndex)]
        let codes = table.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `") else { return nil }
            let cell = line.dropFirst(3)
            guard let close = cell.firstIndex(of: "`") else { return nil }
            return String(cell[..<close])
        }
        // The first table describes the fields (req, code, message); the second the codes.
        let documented = Array(codes.drop { ["req", "code", "message"].contains($0) })
        #expect(documented == ErrorReply.Code.all.map(\.rawValue))
    }

    @Test("a code travels as a plain JSON string, and a code this side does not know decodes as itself")
    func wireForm() throws {
        let reply = ErrorReply(req: 7, code: .tooManyPending, message: "slow down")
        let json = try JSONEncoder().encode(reply)
        #expect(String(decoding: json, as: UTF8.self).contains(#""code":"too-many-pending""#))
        let future = try JSONDecoder().decode(
            ErrorReply.self, from: Data(#"{"code":"quota-exceeded","message":"later"}"#.utf8))
        #expect(future.code.rawValue == "quota-exceeded" && !ErrorReply.Code.all.contains(future.code))
    }

    @Test("decoding failures report the ERROR code of the same name")
    func protocolErrorCodes() {
        #expect(ProtocolError.Code.malformed.reply == .malformed)
        #expect(ProtocolError.Code.unsupportedVersion.reply == .unsupportedVersion)
        #expect(ProtocolError.Code.unknownCommand.reply == .unknownCommand)
        #expect(ProtocolError.Code.tooLarge.reply == .tooLarge)
    }
}

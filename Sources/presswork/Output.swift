import Foundation
import PressworkProtocol

/// Writing for people (tables, stderr messages) and for scripts (stable JSON).
enum Output {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// A message on stderr; it often quotes the coordinator or a file name, so control characters in it
    /// are shown escaped.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("presswork: " + PeerText.escaped(text) + "\n").utf8))
    }

    static func raw(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// Pretty, key-sorted JSON of an `Encodable` value.
    static func json<T: Encodable>(_ value: T) {
        if let data = try? StableJSON.encode(value, pretty: true) {
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
    }

    /// One compact JSON line (JSON Lines output).
    static func jsonLine<T: Encodable>(_ value: T) {
        if let data = try? StableJSON.encode(value, pretty: false) {
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
    }

    /// Re-indents a JSON document for reading; falls back to the bytes as they are.
    static func prettyJSON(_ bytes: [UInt8]) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)),
            let data = try? JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: data, as: UTF8.self)
    }
}

import Foundation
import PressworkProtocol

/// Writing for people (tables, stderr messages) and for scripts (stable JSON).
enum Output {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("presswork: " + text + "\n").utf8))
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

    /// A plain-text table with left-aligned columns.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func format(_ row: [String]) -> String {
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return ([format(header)] + rows.map(format)).joined(separator: "\n")
    }

    static func seconds(_ value: Double) -> String {
        if value < 10 { return String(format: "%.1fs", value) }
        if value < 3600 { return "\(Int(value))s" }
        return String(format: "%.1fh", value / 3600)
    }
}

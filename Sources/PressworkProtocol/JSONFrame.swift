import Foundation

/// JSON control frames: compact UTF-8 with sorted keys, so the bytes on the wire are stable.
enum JSONFrame {
    static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain structs cannot fail: no floats that are NaN, no custom encoders that throw.
        return Array(try! encoder.encode(value))
    }

    /// The hot headers (jobs, results, submits) are written by hand: Foundation's encoder was a tenth of
    /// the coordinator's time per job. The bytes are the same (`FastJSONTests` holds them to it).
    static func encode<T: Encodable & JSONWritable>(_ value: T) -> [UInt8] {
        value.jsonBytes()
    }

    static func decode<T: Decodable>(_ type: T.Type, _ frame: [UInt8], command: String) throws(ProtocolError) -> T {
        try checkSize(frame, command: command)
        return try foundationDecode(type, frame, command: command)
    }

    /// The hot headers are read without Foundation when `JSONObjectReader` takes them; anything it leaves
    /// (including every malformed header) goes to `JSONDecoder`, for its result or its precise error.
    static func decode<T: Decodable & JSONReadable>(_ type: T.Type, _ frame: [UInt8], command: String)
        throws(ProtocolError) -> T
    {
        try checkSize(frame, command: command)
        if let value = T.fastDecode(frame) { return value }
        return try foundationDecode(type, frame, command: command)
    }

    private static func checkSize(_ frame: [UInt8], command: String) throws(ProtocolError) {
        guard frame.count <= ProtocolLimits.maxHeaderBytes else {
            throw ProtocolError(
                .tooLarge, "\(command) header is \(frame.count) bytes, over \(ProtocolLimits.maxHeaderBytes)")
        }
    }

    private static func foundationDecode<T: Decodable>(_ type: T.Type, _ frame: [UInt8], command: String)
        throws(ProtocolError) -> T
    {
        do {
            return try JSONDecoder().decode(T.self, from: Data(frame))
        } catch let error as DecodingError {
            throw ProtocolError(.malformed, "\(command) header: \(Self.describe(error))")
        } catch {
            throw ProtocolError(.malformed, "\(command) header is not valid JSON")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "missing field '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case .dataCorrupted(let context):
            context.codingPath.isEmpty
                ? "not valid JSON"
                : "invalid value at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        @unknown default: "invalid"
        }
    }
}

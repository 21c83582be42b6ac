import Foundation

/// The JSON that `--json` output and the coordinator's `/api/status` print: key-sorted, slashes as they
/// are, so scripts see one stable shape whichever way they ask.
public enum StableJSON {
    /// Encodes `value`, pretty-printed for people or as one compact line.
    public static func encode<T: Encodable>(_ value: T, pretty: Bool) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}

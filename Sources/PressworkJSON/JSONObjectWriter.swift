/// A small JSON object writer (result documents, control headers): compact, keys sorted, the same bytes Foundation's
/// `JSONEncoder` writes with `.sortedKeys` and `.withoutEscapingSlashes` (integral numbers without `.0`,
/// controls escaped, everything else as UTF-8) at a fraction of its cost: Foundation's encoder took more
/// CPU than language detection. Tests hold the two to the same output.
public struct JSONObjectWriter {
    public init() {}

    private var members: [(key: String, value: [UInt8])] = []

    /// Adds a member whose value is already JSON.
    public mutating func raw(_ key: String, _ json: [UInt8]) {
        members.append((key, json))
    }

    public mutating func string(_ key: String, _ value: String?) {
        guard let value else { return }
        var json: [UInt8] = []
        JSONBytes.appendString(value, to: &json)
        raw(key, json)
    }

    public mutating func int(_ key: String, _ value: Int?) {
        guard let value else { return }
        raw(key, Array(String(value).utf8))
    }

    public mutating func double(_ key: String, _ value: Double?) {
        guard let value else { return }
        raw(key, Array(JSONBytes.number(value).utf8))
    }

    public mutating func bool(_ key: String, _ value: Bool?) {
        guard let value else { return }
        raw(key, Array((value ? "true" : "false").utf8))
    }

    public mutating func object(_ key: String, _ build: (inout JSONObjectWriter) -> Void) {
        var nested = JSONObjectWriter()
        build(&nested)
        raw(key, nested.bytes())
    }

    /// An array member, absent when `values` is nil.
    public mutating func array<Element>(
        _ key: String, _ values: [Element]?, _ element: (Element, inout [UInt8]) -> Void
    ) {
        guard let values else { return }
        var json: [UInt8] = [0x5B]
        for (index, value) in values.enumerated() {
            if index > 0 { json.append(0x2C) }
            element(value, &json)
        }
        json.append(0x5D)
        raw(key, json)
    }

    /// The object, members sorted by key as `JSONEncoder`'s `.sortedKeys` orders them.
    public func bytes() -> [UInt8] {
        var json: [UInt8] = [0x7B]
        for (index, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { json.append(0x2C) }
            JSONBytes.appendString(member.key, to: &json)
            json.append(0x3A)
            json += member.value
        }
        json.append(0x7D)
        return json
    }
}

extension JSONBytes {
    /// A number as `JSONEncoder` writes it: integral values without a fraction, others in Swift's shortest
    /// round-tripping form; NaN and infinities as strings (what ``ArticleDocument/jsonData()`` asks for).
    public static func number(_ value: Double) -> String {
        if value.isNaN { return "\"NaN\"" }
        if value.isInfinite { return value < 0 ? "\"-Infinity\"" : "\"Infinity\"" }
        if value == value.rounded(), abs(value) < 1e16 {
            return value == 0 && value.sign == .minus ? "-0" : String(Int64(value))
        }
        return value.description
    }
}

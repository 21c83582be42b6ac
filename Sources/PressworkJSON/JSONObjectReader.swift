/// A strict reader for the small JSON objects of control messages, without Foundation.
///
/// It accepts only what RFC 8259 allows and only what it can decode exactly as Foundation's
/// `JSONDecoder` would: anything else (a duplicate key, an integer written as `1.0`, nesting deeper than
/// `maxDepth`, bytes that are not UTF-8) makes `parse` return nil, and callers then decode with
/// `JSONDecoder`, which either agrees or gives the precise error. So this is a fast path, never a second
/// set of rules.
public struct JSONObjectReader {
    public typealias Value = JSONValue

    /// Nesting deeper than this is left to `JSONDecoder`.
    public static let maxDepth = 8

    public let members: [String: Value]

    /// Parses `bytes` as one JSON object, surrounding whitespace allowed; nil if it is anything else.
    public static func parse(_ bytes: [UInt8]) -> JSONObjectReader? {
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(buffer, badText: .reject, maxDepth: maxDepth + 1)
            return (try? scanner.document()).flatMap(object)
        }
    }

    /// A reader of an object's members; nil for another value or a repeated key (which one wins is
    /// `JSONDecoder`'s business).
    public static func object(_ value: Value) -> JSONObjectReader? {
        guard case .object(let list) = value else { return nil }
        var members: [String: Value] = [:]
        for (key, member) in list {
            guard members.updateValue(member, forKey: key) == nil else { return nil }
        }
        return JSONObjectReader(members: members)
    }

    public init(members: [String: Value]) {
        self.members = members
    }

    // Typed access. `nil` means "not what the type needs" (the caller falls back); an absent or null
    // optional member is `.some(nil)`, as `decodeIfPresent` has it.

    public func string(_ key: String) -> String? { members[key].flatMap(Self.string) }
    public func int(_ key: String) -> Int? { members[key].flatMap(Self.int) }
    public func double(_ key: String) -> Double? { members[key].flatMap(Self.double) }
    public func uint64(_ key: String) -> UInt64? { members[key].flatMap(Self.integerText).flatMap { UInt64($0) } }
    public func bool(_ key: String) -> Bool? {
        if case .bool(let value)? = members[key] { return value }
        return nil
    }
    public func object(_ key: String) -> JSONObjectReader? { members[key].flatMap(Self.object) }
    public func array(_ key: String) -> [Value]? {
        if case .array(let value)? = members[key] { return value }
        return nil
    }

    public func optional<T>(_ key: String, _ read: (Value) -> T?) -> T?? {
        guard let value = members[key], value != .null else { return .some(nil) }
        return read(value).map { .some($0) }
    }

    public static func string(_ value: Value) -> String? {
        if case .string(let text) = value { return text }
        return nil
    }

    public static func int(_ value: Value) -> Int? { integerText(value).flatMap { Int($0) } }

    /// Plain integer text only (`-12`); `1.0` or `1e2` go to `JSONDecoder`, whose rules for them differ.
    private static func integerText(_ value: Value) -> String? {
        guard case .number(let text) = value, !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
        else { return nil }
        return text
    }

    public static func double(_ value: Value) -> Double? {
        guard case .number(let text) = value, let number = Double(text), number.isFinite else { return nil }
        return number
    }

}

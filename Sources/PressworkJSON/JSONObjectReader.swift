/// A strict reader for the small JSON objects of control messages, without Foundation.
///
/// It accepts only what RFC 8259 allows and only what it can decode exactly as Foundation's
/// `JSONDecoder` would: anything else (a duplicate key, an integer written as `1.0`, nesting deeper than
/// `maxDepth`, bytes that are not UTF-8) makes `parse` return nil, and callers then decode with
/// `JSONDecoder`, which either agrees or gives the precise error. So this is a fast path, never a second
/// set of rules.
public struct JSONObjectReader {
    /// A parsed value. Numbers keep their text: whether `7` is an `Int` or a `Double` is the reader's call.
    public enum Value: Equatable {
        case null
        case bool(Bool)
        case number(String)
        case string(String)
        case array([Value])
        case object([String: Value])
    }

    /// Nesting deeper than this is left to `JSONDecoder`.
    public static let maxDepth = 8

    public let members: [String: Value]

    /// Parses `bytes` as one JSON object, surrounding whitespace allowed; nil if it is anything else.
    public static func parse(_ bytes: [UInt8]) -> JSONObjectReader? {
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = Scanner(bytes: buffer)
            scanner.skipWhitespace()
            guard case .object(let members)? = scanner.value(depth: 0) else { return nil }
            scanner.skipWhitespace()
            return scanner.position == buffer.count ? JSONObjectReader(members: members) : nil
        }
    }

    public init(members: [String: Value]) {
        self.members = members
    }

    // Typed access. `nil` means "not what the type needs" (the caller falls back); an absent or null
    // optional member is `.some(nil)`, as `decodeIfPresent` has it.

    public func string(_ key: String) -> String? { members[key].flatMap(Self.string) }
    public func int(_ key: String) -> Int? { members[key].flatMap(Self.int) }
    public func double(_ key: String) -> Double? { members[key].flatMap(Self.double) }
    public func uint64(_ key: String) -> UInt64? {
        guard case .number(let text)? = members[key], !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
        else { return nil }
        return UInt64(text)
    }
    public func bool(_ key: String) -> Bool? {
        if case .bool(let value)? = members[key] { return value }
        return nil
    }
    public func object(_ key: String) -> JSONObjectReader? {
        if case .object(let value)? = members[key] { return JSONObjectReader(members: value) }
        return nil
    }
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

    /// Plain integer text only (`-12`); `1.0` or `1e2` go to `JSONDecoder`, whose rules for them differ.
    public static func int(_ value: Value) -> Int? {
        guard case .number(let text) = value, !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
        else { return nil }
        return Int(text)
    }

    public static func double(_ value: Value) -> Double? {
        guard case .number(let text) = value, let number = Double(text), number.isFinite else { return nil }
        return number
    }

    public static func object(_ value: Value) -> JSONObjectReader? {
        if case .object(let members) = value { return JSONObjectReader(members: members) }
        return nil
    }
}

extension JSONObjectReader {
    fileprivate struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        mutating func skipWhitespace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }

        mutating func value(depth: Int) -> Value? {
            guard depth <= JSONObjectReader.maxDepth, position < bytes.count else { return nil }
            switch bytes[position] {
            case 0x7B: return object(depth: depth)
            case 0x5B: return array(depth: depth)
            case 0x22: return string().map(Value.string)
            case 0x74: return literal("true", .bool(true))
            case 0x66: return literal("false", .bool(false))
            case 0x6E: return literal("null", .null)
            default: return number()
            }
        }

        private mutating func object(depth: Int) -> Value? {
            position += 1
            var members: [String: Value] = [:]
            skipWhitespace()
            if position < bytes.count, bytes[position] == 0x7D {
                position += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard position < bytes.count, bytes[position] == 0x22, let key = string() else { return nil }
                skipWhitespace()
                guard position < bytes.count, bytes[position] == 0x3A else { return nil }
                position += 1
                skipWhitespace()
                guard let value = value(depth: depth + 1) else { return nil }
                // A repeated key: which one wins is JSONDecoder's business.
                guard members.updateValue(value, forKey: key) == nil else { return nil }
                skipWhitespace()
                guard position < bytes.count else { return nil }
                if bytes[position] == 0x2C {
                    position += 1
                } else if bytes[position] == 0x7D {
                    position += 1
                    return .object(members)
                } else {
                    return nil
                }
            }
        }

        private mutating func array(depth: Int) -> Value? {
            position += 1
            var elements: [Value] = []
            skipWhitespace()
            if position < bytes.count, bytes[position] == 0x5D {
                position += 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                guard let element = value(depth: depth + 1) else { return nil }
                elements.append(element)
                skipWhitespace()
                guard position < bytes.count else { return nil }
                if bytes[position] == 0x2C {
                    position += 1
                } else if bytes[position] == 0x5D {
                    position += 1
                    return .array(elements)
                } else {
                    return nil
                }
            }
        }

        private mutating func literal(_ word: StaticString, _ value: Value) -> Value? {
            let count = word.utf8CodeUnitCount
            guard position + count <= bytes.count else { return nil }
            for index in 0..<count where bytes[position + index] != word.utf8Start[index] { return nil }
            position += count
            return value
        }

        /// RFC 8259 number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
        private mutating func number() -> Value? {
            let start = position
            if peek(0x2D) { position += 1 }
            guard position < bytes.count else { return nil }
            if bytes[position] == 0x30 {
                position += 1
            } else if digits() == 0 {
                return nil
            }
            if peek(0x2E) {
                position += 1
                guard digits() > 0 else { return nil }
            }
            if peek(0x65) || peek(0x45) {
                position += 1
                if peek(0x2B) || peek(0x2D) { position += 1 }
                guard digits() > 0 else { return nil }
            }
            return .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self))
        }

        private func peek(_ byte: UInt8) -> Bool { position < bytes.count && bytes[position] == byte }

        private mutating func digits() -> Int {
            let start = position
            while position < bytes.count, (0x30...0x39).contains(bytes[position]) { position += 1 }
            return position - start
        }

        /// A string at `position` (which holds the opening quote); nil on raw controls, bad escapes,
        /// lone surrogates or bytes that are not UTF-8.
        mutating func string() -> String? {
            position += 1
            let start = position
            // The common case: no escapes, one validated copy.
            while position < bytes.count {
                let byte = bytes[position]
                if byte == 0x22 {
                    defer { position += 1 }
                    return String(validating: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                }
                if byte == 0x5C || byte < 0x20 { break }
                position += 1
            }
            var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                switch byte {
                case 0x22:
                    return String(validating: out, as: UTF8.self)
                case 0x5C:
                    guard position < bytes.count else { return nil }
                    let escape = bytes[position]
                    position += 1
                    switch escape {
                    case 0x22, 0x5C, 0x2F: out.append(escape)
                    case 0x62: out.append(0x08)
                    case 0x66: out.append(0x0C)
                    case 0x6E: out.append(0x0A)
                    case 0x72: out.append(0x0D)
                    case 0x74: out.append(0x09)
                    case 0x75:
                        guard let scalar = unicodeEscape() else { return nil }
                        out.append(contentsOf: String(Character(scalar)).utf8)
                    default: return nil
                    }
                case 0..<0x20:
                    return nil
                default:
                    out.append(byte)
                }
            }
            return nil
        }

        /// After `\u`: four hex digits, or a surrogate pair written as two escapes.
        private mutating func unicodeEscape() -> Unicode.Scalar? {
            guard let high = hex4() else { return nil }
            if (0xD800...0xDBFF).contains(high) {
                guard position + 1 < bytes.count, bytes[position] == 0x5C, bytes[position + 1] == 0x75 else {
                    return nil
                }
                position += 2
                guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
            }
            return Unicode.Scalar(high)
        }

        private mutating func hex4() -> UInt32? {
            guard position + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[position]
                position += 1
                let digit: UInt32
                switch byte {
                case 0x30...0x39: digit = UInt32(byte - 0x30)
                case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
                case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
                default: return nil
                }
                value = value << 4 | digit
            }
            return value
        }
    }
}

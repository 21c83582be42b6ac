/// A JSON value as a scanner reads it: numbers keep their text (the reader decides whether `7` is an `Int`
/// or a `Double`), objects keep their members in order, duplicates included (the reader decides which wins).
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    public static func == (left: JSONValue, right: JSONValue) -> Bool {
        switch (left, right) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.elementsEqual(b) { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }
}

/// Where and why a text is not JSON.
public struct JSONSyntaxError: Error, Equatable, Sendable {
    public var reason: String
    /// Byte offset in the input.
    public var offset: Int

    public init(reason: String, offset: Int) {
        self.reason = reason
        self.offset = offset
    }
}

/// An RFC 8259 scanner over bytes, without Foundation, shared by the strict header reader
/// (`JSONObjectReader`) and the line reader of `presswork langid --jsonl`.
public struct JSONScanner {
    /// What to do with string contents that are not text: a lone surrogate escape or bytes that are not
    /// UTF-8. `replace` puts U+FFFD, as Swift's `String(decoding:)` does; `reject` is an error.
    public enum BadText: Sendable {
        case replace, reject
    }

    let bytes: UnsafeBufferPointer<UInt8>
    let badText: BadText
    let maxDepth: Int
    public private(set) var index = 0

    public init(_ bytes: UnsafeBufferPointer<UInt8>, badText: BadText, maxDepth: Int) {
        self.bytes = bytes
        self.badText = badText
        self.maxDepth = maxDepth
    }

    /// Exactly one value, surrounding whitespace allowed.
    public mutating func document() throws(JSONSyntaxError) -> JSONValue {
        skipSpace()
        let value = try value(depth: 0)
        skipSpace()
        guard index == bytes.count else { throw JSONSyntaxError(reason: "text after the value", offset: index) }
        return value
    }

    public var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    public mutating func skipSpace() {
        while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
        guard peek == byte else {
            throw JSONSyntaxError(reason: "expected '\(Character(Unicode.Scalar(byte)))'", offset: index)
        }
        index += 1
    }

    public mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth < maxDepth else { throw JSONSyntaxError(reason: "nested too deeply", offset: index) }
        guard let next = peek else { throw JSONSyntaxError(reason: "expected a value", offset: index) }
        switch next {
        case 0x22: return .string(try string())
        case 0x2D, 0x30...0x39: return .number(try number())
        case 0x74: return try literal("true", .bool(true))
        case 0x66: return try literal("false", .bool(false))
        case 0x6E: return try literal("null", .null)
        case 0x5B: return try array(depth: depth)
        case 0x7B: return try object(depth: depth)
        default: throw JSONSyntaxError(reason: "expected a value", offset: index)
        }
    }

    private mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        index += 1
        var members: [(key: String, value: JSONValue)] = []
        skipSpace()
        if peek == 0x7D {
            index += 1
            return .object(members)
        }
        while true {
            skipSpace()
            let key = try string()
            skipSpace()
            try expect(0x3A)  // :
            skipSpace()
            members.append((key, try value(depth: depth + 1)))
            skipSpace()
            if peek == 0x2C {
                index += 1
                continue
            }
            try expect(0x7D)  // }
            return .object(members)
        }
    }

    private mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        index += 1
        var elements: [JSONValue] = []
        skipSpace()
        if peek == 0x5D {
            index += 1
            return .array(elements)
        }
        while true {
            skipSpace()
            elements.append(try value(depth: depth + 1))
            skipSpace()
            if peek == 0x2C {
                index += 1
                continue
            }
            try expect(0x5D)  // ]
            return .array(elements)
        }
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) throws(JSONSyntaxError) -> JSONValue {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw JSONSyntaxError(reason: "expected a value", offset: index) }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw JSONSyntaxError(reason: "expected a value", offset: index)
        }
        index += count
        return value
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, returned as written.
    mutating func number() throws(JSONSyntaxError) -> String {
        let start = index
        if peek == 0x2D { index += 1 }
        guard let first = peek, (0x30...0x39).contains(first) else {
            throw JSONSyntaxError(reason: "bad number", offset: index)
        }
        if first == 0x30 { index += 1 } else { digits() }
        if peek == 0x2E {
            index += 1
            guard digits() > 0 else { throw JSONSyntaxError(reason: "bad number", offset: index) }
        }
        if peek == 0x65 || peek == 0x45 {
            index += 1
            if peek == 0x2B || peek == 0x2D { index += 1 }
            guard digits() > 0 else { throw JSONSyntaxError(reason: "bad number", offset: index) }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    @discardableResult
    private mutating func digits() -> Int {
        let start = index
        while let byte = peek, (0x30...0x39).contains(byte) { index += 1 }
        return index - start
    }

    /// A string at `index` (its opening quote), escapes decoded.
    mutating func string() throws(JSONSyntaxError) -> String {
        try expect(0x22)
        let start = index
        // The common case: no escapes, one copy.
        while let byte = peek, byte != 0x22, byte != 0x5C {
            guard byte >= 0x20 else { throw JSONSyntaxError(reason: "control character in a string", offset: index) }
            index += 1
        }
        guard let stop = peek else { throw JSONSyntaxError(reason: "unterminated string", offset: start - 1) }
        var decoded = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        if stop == 0x22 {
            index += 1
            return try text(decoded, at: start)
        }
        while true {
            guard let byte = peek else { throw JSONSyntaxError(reason: "unterminated string", offset: start - 1) }
            index += 1
            switch byte {
            case 0x22: return try text(decoded, at: start)
            case 0x5C:
                guard let escape = peek else {
                    throw JSONSyntaxError(reason: "unterminated string", offset: start - 1)
                }
                index += 1
                switch escape {
                case 0x22, 0x5C, 0x2F: decoded.append(escape)
                case 0x62: decoded.append(0x08)
                case 0x66: decoded.append(0x0C)
                case 0x6E: decoded.append(0x0A)
                case 0x72: decoded.append(0x0D)
                case 0x74: decoded.append(0x09)
                case 0x75: decoded += try unicodeEscape()
                default: throw JSONSyntaxError(reason: "bad escape", offset: index - 1)
                }
            default:
                guard byte >= 0x20 else {
                    throw JSONSyntaxError(reason: "control character in a string", offset: index - 1)
                }
                // Copy the run up to the next quote or escape at once (HTML is mostly escapes and runs).
                let run = index - 1
                while let next = peek, next >= 0x20, next != 0x22, next != 0x5C { index += 1 }
                decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
            }
        }
    }

    private func text(_ bytes: [UInt8], at offset: Int) throws(JSONSyntaxError) -> String {
        switch badText {
        case .replace: return String(decoding: bytes, as: UTF8.self)
        case .reject:
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw JSONSyntaxError(reason: "string is not UTF-8", offset: offset)
            }
            return text
        }
    }

    /// After `\u`: four hex digits, or a surrogate pair written as two escapes; the character's UTF-8.
    private mutating func unicodeEscape() throws(JSONSyntaxError) -> [UInt8] {
        var scalar = try hex4()
        if (0xD800..<0xDC00).contains(scalar), peek == 0x5C, index + 1 < bytes.count, bytes[index + 1] == 0x75 {
            let save = index
            index += 2
            let low = try hex4()
            if (0xDC00..<0xE000).contains(low) {
                scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
            } else {
                index = save
            }
        }
        guard let character = Unicode.Scalar(scalar) else {
            // A lone surrogate is no character.
            guard badText == .replace else {
                throw JSONSyntaxError(reason: "lone surrogate in a \\u escape", offset: index - 6)
            }
            return Array("\u{FFFD}".utf8)
        }
        return Array(String(character).utf8)
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw JSONSyntaxError(reason: "bad \\u escape", offset: index) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw JSONSyntaxError(reason: "bad \\u escape", offset: index)
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}

/// A reader for one JSON object per line whose values the caller needs are strings or numbers: the
/// input of `presswork langid --jsonl`. Nested values are checked and skipped; anything malformed is an
/// error with a reason, never a crash. No Foundation: JSONDecoder costs more than language detection.
struct FlatJSONObject {
    /// A value the caller may want back exactly as written: a string (decoded) or a number (its text).
    enum Value: Equatable {
        case string(String)
        case number(String)
        case other
    }

    struct Error: Swift.Error, Equatable {
        var reason: String
        var offset: Int
    }

    /// The object's members, in order, later duplicates winning on lookup.
    private(set) var members: [(key: String, value: Value)] = []

    /// Parses `bytes`, which must hold exactly one object (surrounding whitespace allowed).
    init(_ bytes: UnsafeBufferPointer<UInt8>) throws(Error) {
        var parser = Parser(bytes: bytes)
        parser.skipSpace()
        try parser.expect(0x7B)  // {
        parser.skipSpace()
        if parser.peek == 0x7D {
            parser.index += 1
        } else {
            while true {
                parser.skipSpace()
                let key = try parser.string()
                parser.skipSpace()
                try parser.expect(0x3A)  // :
                parser.skipSpace()
                members.append((key, try parser.value(depth: 0)))
                parser.skipSpace()
                if parser.peek == 0x2C {
                    parser.index += 1
                    continue
                }
                try parser.expect(0x7D)
                break
            }
        }
        parser.skipSpace()
        guard parser.index == bytes.count else { throw Error(reason: "text after the object", offset: parser.index) }
    }

    subscript(key: String) -> Value? {
        members.last { $0.key == key }?.value
    }

    /// The string member `key`, if it is one.
    func string(_ key: String) -> String? {
        if case .string(let value)? = self[key] { return value }
        return nil
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipSpace() {
            while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
        }

        mutating func expect(_ byte: UInt8) throws(Error) {
            guard peek == byte else {
                throw Error(reason: "expected '\(Character(Unicode.Scalar(byte)))'", offset: index)
            }
            index += 1
        }

        /// Nested arrays and objects are skipped; this deep is no longer a flat record.
        static let maximumDepth = 64

        mutating func value(depth: Int) throws(Error) -> Value {
            guard depth < Self.maximumDepth else { throw Error(reason: "nested too deeply", offset: index) }
            guard let next = peek else { throw Error(reason: "expected a value", offset: index) }
            switch next {
            case 0x22: return .string(try string())
            case 0x2D, 0x30...0x39: return .number(try number())
            case 0x74: try literal("true")
            case 0x66: try literal("false")
            case 0x6E: try literal("null")
            case 0x5B, 0x7B:
                let close: UInt8 = next == 0x5B ? 0x5D : 0x7D
                index += 1
                skipSpace()
                if peek == close {
                    index += 1
                    return .other
                }
                while true {
                    skipSpace()
                    if close == 0x7D {
                        _ = try string()
                        skipSpace()
                        try expect(0x3A)
                        skipSpace()
                    }
                    _ = try value(depth: depth + 1)
                    skipSpace()
                    if peek == 0x2C {
                        index += 1
                        continue
                    }
                    try expect(close)
                    break
                }
            default: throw Error(reason: "expected a value", offset: index)
            }
            return .other
        }

        mutating func literal(_ word: StaticString) throws(Error) {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count,
                memcmpEqual(word.utf8Start, bytes.baseAddress! + index, count)
            else { throw Error(reason: "expected a value", offset: index) }
            index += count
        }

        private func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
            for offset in 0..<count where a[offset] != b[offset] { return false }
            return true
        }

        mutating func number() throws(Error) -> String {
            let start = index
            if peek == 0x2D { index += 1 }
            guard let first = peek, first >= 0x30 && first <= 0x39 else {
                throw Error(reason: "bad number", offset: index)
            }
            if first == 0x30 { index += 1 } else { digits() }
            if peek == 0x2E {
                index += 1
                guard digits() > 0 else { throw Error(reason: "bad number", offset: index) }
            }
            if peek == 0x65 || peek == 0x45 {
                index += 1
                if peek == 0x2B || peek == 0x2D { index += 1 }
                guard digits() > 0 else { throw Error(reason: "bad number", offset: index) }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        }

        @discardableResult
        mutating func digits() -> Int {
            let start = index
            while let byte = peek, byte >= 0x30 && byte <= 0x39 { index += 1 }
            return index - start
        }

        /// A string; escapes decoded, lone surrogates and invalid UTF-8 replaced by U+FFFD.
        mutating func string() throws(Error) -> String {
            try expect(0x22)
            let start = index
            // Fast path: no escapes.
            while let byte = peek, byte != 0x22, byte != 0x5C {
                guard byte >= 0x20 else { throw Error(reason: "control character in a string", offset: index) }
                index += 1
            }
            guard let stop = peek else { throw Error(reason: "unterminated string", offset: start - 1) }
            var decoded = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            if stop == 0x22 {
                index += 1
                return String(decoding: decoded, as: UTF8.self)
            }
            while true {
                guard let byte = peek else { throw Error(reason: "unterminated string", offset: start - 1) }
                index += 1
                switch byte {
                case 0x22: return String(decoding: decoded, as: UTF8.self)
                case 0x5C:
                    guard let escape = peek else { throw Error(reason: "unterminated string", offset: start - 1) }
                    index += 1
                    switch escape {
                    case 0x22, 0x5C, 0x2F: decoded.append(escape)
                    case 0x62: decoded.append(0x08)
                    case 0x66: decoded.append(0x0C)
                    case 0x6E: decoded.append(0x0A)
                    case 0x72: decoded.append(0x0D)
                    case 0x74: decoded.append(0x09)
                    case 0x75:
                        var scalar = try hex4()
                        if (0xD800..<0xDC00).contains(scalar), peek == 0x5C, index + 1 < bytes.count,
                            bytes[index + 1] == 0x75
                        {
                            let save = index
                            index += 2
                            let low = try hex4()
                            if (0xDC00..<0xE000).contains(low) {
                                scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
                            } else {
                                index = save
                            }
                        }
                        // A lone surrogate is no character: U+FFFD, as invalid UTF-8 gets.
                        decoded.append(contentsOf: String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8)
                    default: throw Error(reason: "bad escape", offset: index - 1)
                    }
                default:
                    guard byte >= 0x20 else { throw Error(reason: "control character in a string", offset: index - 1) }
                    decoded.append(byte)
                }
            }
        }

        mutating func hex4() throws(Error) -> UInt32 {
            guard index + 4 <= bytes.count else { throw Error(reason: "bad \\u escape", offset: index) }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt32
                switch byte {
                case 0x30...0x39: digit = UInt32(byte - 0x30)
                case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
                case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
                default: throw Error(reason: "bad \\u escape", offset: index)
                }
                value = value << 4 | digit
                index += 1
            }
            return value
        }
    }
}

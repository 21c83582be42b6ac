import Foundation

/// A reader for the part of TOML 1.0 a configuration file needs: `[table]` headers, `key = value` lines
/// with bare keys, basic and literal strings, integers, floats and booleans, and `#` comments. Anything
/// else (arrays, inline tables, dotted keys, multi-line strings, dates) is refused with its line number
/// rather than misread.
public enum TOML {
    /// A value as written in the file.
    public enum Value: Equatable, Sendable, CustomStringConvertible {
        case string(String)
        case integer(Int)
        case float(Double)
        case boolean(Bool)

        public var description: String {
            switch self {
            case .string(let text): TOML.quoted(text)
            case .integer(let number): String(number)
            case .float(let number): String(number)
            case .boolean(let flag): flag ? "true" : "false"
            }
        }

        /// What kind of value this is, for error messages.
        public var kind: String {
            switch self {
            case .string: "a string"
            case .integer: "an integer"
            case .float: "a float"
            case .boolean: "a boolean"
            }
        }
    }

    /// One assignment, with where it was made.
    public struct Entry: Equatable, Sendable {
        public var table: String?
        public var key: String
        public var value: Value
        public var line: Int
    }

    /// A parse error with its 1-based line number.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// The assignments of `text` in file order; keys before any table header have a nil table.
    public static func parse(_ text: String) throws(ParseError) -> [Entry] {
        var entries: [Entry] = []
        var table: String?
        var seen: Set<String> = []
        var tables: Set<String> = []
        // Split on bytes: as Characters, "\r\n" is one grapheme and would not split on "\n".
        for (index, rawLine) in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            var scanner = LineScanner(Array(rawLine), line: number)
            scanner.skipSpaces()
            if scanner.atEndOrComment { continue }
            if scanner.peek == UInt8(ascii: "[") {
                scanner.advance()
                scanner.skipSpaces()
                let name = try scanner.bareKey()
                scanner.skipSpaces()
                try scanner.expect("]", "a table header ends with ']'")
                try scanner.expectEnd()
                guard tables.insert(name).inserted else {
                    throw ParseError(line: number, reason: "table [\(name)] is defined twice")
                }
                table = name
                continue
            }
            let key = try scanner.bareKey()
            scanner.skipSpaces()
            if scanner.peek == UInt8(ascii: ".") {
                throw ParseError(line: number, reason: "dotted keys are not supported; use a [table] header")
            }
            try scanner.expect("=", "expected '=' after the key '\(key)'")
            scanner.skipSpaces()
            let value = try scanner.value()
            try scanner.expectEnd()
            let path = (table.map { $0 + "." } ?? "") + key
            guard seen.insert(path).inserted else {
                throw ParseError(line: number, reason: "'\(key)' is set twice\(table.map { " in [\($0)]" } ?? "")")
            }
            entries.append(Entry(table: table, key: key, value: value, line: number))
        }
        return entries
    }

    /// `text` as a TOML basic string.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += String(format: "\\u%04X", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

private struct LineScanner {
    let bytes: [UInt8]
    let line: Int
    var position = 0

    init(_ bytes: [UInt8], line: Int) {
        // A Windows line ending is whitespace, not part of the value.
        self.bytes = bytes.last == 0x0D ? Array(bytes.dropLast()) : bytes
        self.line = line
    }

    var peek: UInt8? { position < bytes.count ? bytes[position] : nil }
    var atEndOrComment: Bool { peek == nil || peek == UInt8(ascii: "#") }

    mutating func advance() { position += 1 }

    mutating func skipSpaces() {
        while let byte = peek, byte == 0x20 || byte == 0x09 { position += 1 }
    }

    func error(_ reason: String) -> TOML.ParseError { TOML.ParseError(line: line, reason: reason) }

    mutating func expect(_ character: Character, _ reason: String) throws(TOML.ParseError) {
        guard peek == character.asciiValue else { throw error(reason) }
        position += 1
    }

    mutating func expectEnd() throws(TOML.ParseError) {
        skipSpaces()
        guard atEndOrComment else { throw error("unexpected text after the value") }
    }

    mutating func bareKey() throws(TOML.ParseError) -> String {
        let start = position
        while let byte = peek, byte.isBareKeyByte { position += 1 }
        guard position > start else {
            if peek == UInt8(ascii: "\"") || peek == UInt8(ascii: "'") {
                throw error("quoted keys are not supported")
            }
            throw error("expected a key (letters, digits, '-' and '_')")
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    mutating func value() throws(TOML.ParseError) -> TOML.Value {
        guard let byte = peek else { throw error("missing value") }
        switch byte {
        case UInt8(ascii: "\""):
            if bytes[position...].starts(with: Array("\"\"\"".utf8)) {
                throw error("multi-line strings are not supported")
            }
            return .string(try basicString())
        case UInt8(ascii: "'"):
            if bytes[position...].starts(with: Array("'''".utf8)) {
                throw error("multi-line strings are not supported")
            }
            position += 1
            let start = position
            while let next = peek, next != UInt8(ascii: "'") { position += 1 }
            guard peek != nil else { throw error("unterminated string") }
            defer { position += 1 }
            return .string(String(decoding: bytes[start..<position], as: UTF8.self))
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            throw error("arrays and inline tables are not supported")
        default:
            let start = position
            while let next = peek, next != 0x20, next != 0x09, next != UInt8(ascii: "#") { position += 1 }
            let word = String(decoding: bytes[start..<position], as: UTF8.self)
            return try scalar(word)
        }
    }

    private func scalar(_ word: String) throws(TOML.ParseError) -> TOML.Value {
        if word == "true" { return .boolean(true) }
        if word == "false" { return .boolean(false) }
        // Underscores may separate digits (1_000), never lead, trail or double.
        if word.contains("_") {
            let parts = word.split(separator: "_", omittingEmptySubsequences: false)
            guard parts.allSatisfy({ $0.last?.isNumber == true }),
                parts.dropFirst().allSatisfy({ $0.first?.isNumber == true })
            else { throw error("'\(word)' is not a valid number") }
        }
        let digits = word.replacingOccurrences(of: "_", with: "")
        let unsigned = digits.hasPrefix("+") || digits.hasPrefix("-") ? String(digits.dropFirst()) : digits
        if !unsigned.isEmpty, unsigned.allSatisfy(\.isASCIIDigit) {
            guard unsigned == "0" || !unsigned.hasPrefix("0") else { throw error("'\(word)' has a leading zero") }
            guard let number = Int(digits) else { throw error("'\(word)' does not fit in a 64-bit integer") }
            return .integer(number)
        }
        if unsigned == "inf" || unsigned == "nan" {
            throw error("'\(word)' is not a finite number")
        }
        let isFloat =
            unsigned.first?.isASCIIDigit == true && unsigned.last?.isASCIIDigit == true
            && unsigned.allSatisfy { $0.isASCIIDigit || "eE.+-".contains($0) }
        if isFloat, let number = Double(digits), number.isFinite { return .float(number) }
        if word.hasPrefix("0x") || word.hasPrefix("0o") || word.hasPrefix("0b") {
            throw error("'\(word)': hexadecimal, octal and binary integers are not supported")
        }
        throw error("'\(word)' is not a value: strings need quotes, e.g. \"\(word)\"")
    }

    private mutating func basicString() throws(TOML.ParseError) -> String {
        position += 1
        var out: [UInt8] = []
        while let byte = peek {
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: out, as: UTF8.self) else { throw error("string is not UTF-8") }
                return text
            case UInt8(ascii: "\\"):
                guard let escape = peek else { throw error("unterminated string") }
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(escape)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let count = escape == UInt8(ascii: "u") ? 4 : 8
                    guard position + count <= bytes.count,
                        let code = UInt32(
                            String(decoding: bytes[position..<position + count], as: UTF8.self), radix: 16),
                        let scalar = Unicode.Scalar(code)
                    else { throw error("invalid \\u escape") }
                    position += count
                    out += Array(String(Character(scalar)).utf8)
                default: throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))'")
                }
            case 0..<0x20 where byte != 0x09:
                throw error("control character in a string")
            default:
                out.append(byte)
            }
        }
        throw error("unterminated string")
    }
}

extension UInt8 {
    fileprivate var isBareKeyByte: Bool {
        (0x30...0x39).contains(self) || (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) || self == 0x2D
            || self == 0x5F
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

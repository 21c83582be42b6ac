import PressworkJSON

/// A reader for one JSON object per line whose values the caller needs are strings or numbers: the
/// input of `presswork langid --jsonl`. Nested values are checked and kept opaque; anything malformed is an
/// error with a reason, never a crash. No Foundation: JSONDecoder costs more than language detection.
struct FlatJSONObject {
    /// A value the caller may want back exactly as written: a string (decoded) or a number (its text).
    enum Value: Equatable {
        case string(String)
        case number(String)
        case other
    }

    typealias Error = JSONSyntaxError

    /// Nested arrays and objects this deep are no longer a flat record.
    static let maximumDepth = 64

    /// The object's members, in order, later duplicates winning on lookup.
    private(set) var members: [(key: String, value: Value)] = []

    /// Parses `bytes`, which must hold exactly one object (surrounding whitespace allowed). Lone surrogate
    /// escapes and invalid UTF-8 in strings become U+FFFD, as elsewhere in the pipeline.
    init(_ bytes: UnsafeBufferPointer<UInt8>) throws(Error) {
        var scanner = JSONScanner(bytes, badText: .replace, maxDepth: Self.maximumDepth + 1)
        scanner.skipSpace()
        guard scanner.peek == 0x7B else { throw Error(reason: "expected '{'", offset: scanner.index) }
        guard case .object(let list) = try scanner.value(depth: 0) else { return }
        scanner.skipSpace()
        guard scanner.index == bytes.count else { throw Error(reason: "text after the object", offset: scanner.index) }
        members = list.map { member in
            switch member.value {
            case .string(let text): (member.key, .string(text))
            case .number(let text): (member.key, .number(text))
            default: (member.key, .other)
            }
        }
    }

    subscript(key: String) -> Value? {
        members.last { $0.key == key }?.value
    }

    /// The string member `key`, if it is one.
    func string(_ key: String) -> String? {
        if case .string(let value)? = self[key] { return value }
        return nil
    }
}

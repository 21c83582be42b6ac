/// The named fields of a WARC record header (or an HTTP message head), in file order, duplicates kept.
/// Names are matched without regard to ASCII case; values are trimmed of surrounding spaces and tabs.
public struct WARCHeaderFields: Sendable, Hashable {
    /// One `Name: value` field as it appears in the file (name spelled as written).
    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// All fields, in file order.
    public private(set) var fields: [Field]

    public init(_ fields: [Field] = []) { self.fields = fields }

    /// The first value of the field named `name` (any case), or nil.
    public subscript(name: String) -> String? {
        fields.first { Self.sameName($0.name, name) }?.value
    }

    /// Every value of the field named `name` (any case), in file order.
    public func values(_ name: String) -> [String] {
        fields.filter { Self.sameName($0.name, name) }.map(\.value)
    }

    public var count: Int { fields.count }

    mutating func append(name: String, value: String) { fields.append(Field(name: name, value: value)) }

    /// Appends a folded continuation line to the last field's value (a fold before any field is dropped);
    /// false when the value would grow past `limit` bytes.
    mutating func continueLast(with text: String, limit: Int) -> Bool {
        guard let last = fields.indices.last else { return true }
        guard fields[last].value.utf8.count + 1 + text.utf8.count <= limit else { return false }
        fields[last].value += fields[last].value.isEmpty ? text : " " + text
        return true
    }

    static func sameName(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { lowercased($0) == lowercased($1) }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
}

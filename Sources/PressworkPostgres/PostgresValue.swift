import CPostgres

#if canImport(Glibc)
    import Glibc
#endif

/// A statement parameter; SQL NULL is `nil` in the parameter list.
public enum PostgresValue: Sendable, Hashable {
    /// Text of unspecified type, so the server may read it as `text`, `varchar`, `jsonb`, `timestamptz`...
    /// PostgreSQL text cannot hold NUL bytes: such a string is refused.
    case text(String)
    /// A `bigint` (it converts to smaller integer columns on assignment and compares with them).
    case int(Int64)
    /// A `double precision`, infinities and NaN included.
    case double(Double)
    /// A `boolean`.
    case bool(Bool)
    /// A `bytea`, sent in binary so that megabytes of body are not hex-escaped on the way.
    case bytes([UInt8])
}

/// Statement parameters as `PQexecParams` takes them, in C memory owned by this value until `deallocate()`.
struct EncodedParameters {
    /// PostgreSQL's limit: the protocol counts parameters in 16 bits.
    static let maxCount = 65_535

    private(set) var types: [Oid] = []
    private(set) var values: [UnsafePointer<CChar>?] = []
    private(set) var lengths: [Int32] = []
    private(set) var formats: [Int32] = []

    /// The parameters encoded: text format, except `bytes` in binary.
    init(_ parameters: [PostgresValue?]) throws(PostgresError) {
        guard parameters.count <= Self.maxCount else {
            throw PostgresError(
                code: .invalidParameter,
                message: "\(parameters.count) parameters, over PostgreSQL's limit of \(Self.maxCount)")
        }
        types.reserveCapacity(parameters.count)
        values.reserveCapacity(parameters.count)
        do {
            for (index, parameter) in parameters.enumerated() { try append(parameter, at: index + 1) }
        } catch {
            deallocate()
            throw error
        }
    }

    /// Frees the C copies; call once, after the statement ran.
    func deallocate() {
        for value in values { free(UnsafeMutableRawPointer(mutating: value)) }
    }

    // OIDs of pg_type, fixed since PostgreSQL 7; 0 lets the server infer the type from the statement.
    private static let unknownOID: Oid = 0
    private static let boolOID: Oid = 16
    static let byteaOID: Oid = 17
    private static let int8OID: Oid = 20
    private static let float8OID: Oid = 701

    private mutating func append(_ parameter: PostgresValue?, at position: Int) throws(PostgresError) {
        switch parameter {
        case nil:
            try appendText(nil, type: Self.unknownOID, position: position)
        case .text(let text):
            try appendText(text, type: Self.unknownOID, position: position)
        case .int(let value):
            try appendText(String(value), type: Self.int8OID, position: position)
        case .double(let value):
            // Swift writes the shortest text that reads back to the same bits; PostgreSQL reads inf, -inf, nan.
            try appendText(value.description, type: Self.float8OID, position: position)
        case .bool(let value):
            try appendText(value ? "t" : "f", type: Self.boolOID, position: position)
        case .bytes(let bytes):
            guard let length = Int32(exactly: bytes.count) else {
                throw PostgresError(
                    code: .invalidParameter, message: "parameter $\(position) is over the protocol's 2 GB limit")
            }
            // malloc(0) may return NULL, which would send SQL NULL instead of an empty bytea.
            guard let copy = malloc(max(bytes.count, 1)) else { throw Self.outOfMemory(position) }
            bytes.withUnsafeBytes { source in
                if let base = source.baseAddress { copy.copyMemory(from: base, byteCount: source.count) }
            }
            push(
                UnsafePointer(copy.assumingMemoryBound(to: CChar.self)), type: Self.byteaOID, length: length,
                binary: true)
        }
    }

    private mutating func appendText(_ text: String?, type: Oid, position: Int) throws(PostgresError) {
        guard let text else {
            push(nil, type: type, length: 0, binary: false)
            return
        }
        if text.utf8.contains(0) {
            throw PostgresError(
                code: .invalidParameter,
                message: "text parameter $\(position) holds a NUL byte, which PostgreSQL text cannot")
        }
        guard let copy = strdup(text) else { throw Self.outOfMemory(position) }
        // Text-format lengths are ignored: libpq reads up to the NUL.
        push(UnsafePointer(copy), type: type, length: 0, binary: false)
    }

    private mutating func push(_ value: UnsafePointer<CChar>?, type: Oid, length: Int32, binary: Bool) {
        values.append(value)
        types.append(type)
        lengths.append(length)
        formats.append(binary ? 1 : 0)
    }

    private static func outOfMemory(_ position: Int) -> PostgresError {
        PostgresError(code: .invalidParameter, message: "out of memory copying parameter $\(position)")
    }
}

import CPostgres

/// The rows and command status of one statement, read in libpq's text format. It owns its `PGresult` and stays
/// readable after the connection is closed. Accessors return nil for SQL NULL and throw `.decoding` for a value
/// of another type or a row or column that does not exist.
public final class PostgresResult {
    private let handle: OpaquePointer

    /// Takes ownership of `handle`.
    init(handle: OpaquePointer) {
        self.handle = handle
        rowCount = Int(PQntuples(handle))
        columnNames = (0..<PQnfields(handle)).map { column in
            PQfname(handle, column).map { String(cString: $0) } ?? ""
        }
    }

    deinit { PQclear(handle) }

    /// The number of rows returned (0 for a command that returns none).
    public let rowCount: Int
    /// The columns' names, in order.
    public let columnNames: [String]

    /// The index of the column named `name`, or nil.
    public func column(named name: String) -> Int? { columnNames.firstIndex(of: name) }

    /// The rows an INSERT, UPDATE, DELETE, MERGE, SELECT, MOVE, FETCH or COPY touched; 0 for other commands.
    public var rowsAffected: Int {
        PQcmdTuples(handle).flatMap { Int(String(cString: $0)) } ?? 0
    }

    /// The command tag (e.g. "INSERT 0 1", "COMMIT", "ROLLBACK").
    public var commandStatus: String {
        PQcmdStatus(handle).map { String(cString: $0) } ?? ""
    }

    /// Whether the value is SQL NULL.
    public func isNull(row: Int, column: Int) throws(PostgresError) -> Bool {
        let (row, column) = try check(row: row, column: column)
        return PQgetisnull(handle, row, column) != 0
    }

    /// The value as text, as the server wrote it (any type).
    public func string(row: Int, column: Int) throws(PostgresError) -> String? {
        guard let bytes = try raw(row: row, column: column) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The value of an integer column (`smallint`, `integer`, `bigint`, or text holding an integer).
    public func int(row: Int, column: Int) throws(PostgresError) -> Int64? {
        guard let text = try string(row: row, column: column) else { return nil }
        guard let value = Int64(text) else { throw mismatch("an integer", row: row, column: column) }
        return value
    }

    /// The value of a floating-point or integer column; PostgreSQL's Infinity, -Infinity and NaN included.
    public func double(row: Int, column: Int) throws(PostgresError) -> Double? {
        guard let text = try string(row: row, column: column) else { return nil }
        guard let value = Double(text) else { throw mismatch("a number", row: row, column: column) }
        return value
    }

    /// The value of a `boolean` column.
    public func bool(row: Int, column: Int) throws(PostgresError) -> Bool? {
        switch try string(row: row, column: column) {
        case nil: return nil
        case "t": return true
        case "f": return false
        default: throw mismatch("a boolean", row: row, column: column)
        }
    }

    /// The bytes of a `bytea` column, decoded from the text format's hex (`\x...`) or escape form.
    public func bytes(row: Int, column: Int) throws(PostgresError) -> [UInt8]? {
        let (cRow, cColumn) = try check(row: row, column: column)
        // PQunescapeBytea would take any text as bytea's escape form; only a bytea column is read so.
        guard PQftype(handle, cColumn) == EncodedParameters.byteaOID else {
            throw mismatch("bytea", row: row, column: column)
        }
        guard PQgetisnull(handle, cRow, cColumn) == 0 else { return nil }
        guard let text = PQgetvalue(handle, cRow, cColumn) else {
            throw PostgresError(code: .decoding, message: "libpq gave no value at row \(row), column \(column)")
        }
        var length = 0
        let decoded = text.withMemoryRebound(to: UInt8.self, capacity: 1) { PQunescapeBytea($0, &length) }
        guard let decoded else { throw mismatch("bytea", row: row, column: column) }
        defer { PQfreemem(decoded) }
        return Array(UnsafeBufferPointer(start: decoded, count: length))
    }

    /// The value's bytes as libpq holds them, or nil for NULL.
    private func raw(row: Int, column: Int) throws(PostgresError) -> UnsafeBufferPointer<UInt8>? {
        let (cRow, cColumn) = try check(row: row, column: column)
        guard PQgetisnull(handle, cRow, cColumn) == 0 else { return nil }
        guard let value = PQgetvalue(handle, cRow, cColumn) else {
            throw PostgresError(code: .decoding, message: "libpq gave no value at row \(row), column \(column)")
        }
        let length = Int(PQgetlength(handle, cRow, cColumn))
        // The result owns the memory and outlives every use of the buffer within this class's accessors.
        return UnsafeBufferPointer(start: UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self), count: length)
    }

    /// The indices as libpq takes them, once known to be in range (libpq only prints a notice for a bad one).
    private func check(row: Int, column: Int) throws(PostgresError) -> (Int32, Int32) {
        guard row >= 0, row < rowCount, column >= 0, column < columnNames.count else {
            throw PostgresError(
                code: .decoding,
                message: "no value at row \(row), column \(column): the result has \(rowCount) rows of "
                    + "\(columnNames.count) columns")
        }
        return (Int32(row), Int32(column))
    }

    private func mismatch(_ expected: String, row: Int, column: Int) -> PostgresError {
        let name = columnNames[column]
        return PostgresError(code: .decoding, message: "the value at row \(row), column \"\(name)\" is not \(expected)")
    }
}

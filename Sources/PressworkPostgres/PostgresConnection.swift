import CPostgres

#if canImport(Glibc)
    import Glibc
#endif

/// One PostgreSQL connection through libpq, used synchronously: every call blocks until the server answers.
///
/// Not thread-safe: a connection belongs to one thread (the coordinator's loop thread), as a `PGconn` must.
/// `close()` ends it; calls after that throw `.closed`. Its `description` shows the URL with the password masked.
public final class PostgresConnection: CustomStringConvertible {
    private var handle: OpaquePointer?
    private let connectionString: ConnectionString
    /// Seconds to wait for the answer to a statement before giving the connection up as lost (`.connectionLost`);
    /// nil waits as long as the server takes.
    public var replyTimeout: Double?

    /// Connects and waits until the server is ready for statements.
    ///
    /// - Parameters:
    ///   - url: a libpq URI (`postgres://user:password@host:port/db?sslmode=require`) or `key=value` string.
    ///   - connectTimeout: seconds to wait for each host the URL names, overriding a `connect_timeout` in it;
    ///     libpq counts whole seconds, at least 2, so this is rounded up.
    /// - Throws: `PostgresError` with code `.connectionFailed` (its message never holds the password).
    public init(url: String, connectTimeout: Double = 10) throws(PostgresError) {
        connectionString = ConnectionString(url)
        guard connectTimeout > 0, connectTimeout.isFinite else {
            throw PostgresError(code: .misuse, message: "the connect timeout must be a positive number of seconds")
        }
        // A day is more than any caller means; the bound keeps the conversion to Int safe.
        let seconds = max(2, Int(min(connectTimeout, 86_400).rounded(.up)))
        // Later keywords override earlier ones and what the expanded URL says. First defaults the URL may
        // change: a server that vanished from the network (no reset, no answer) is noticed in about 30 s, so a
        // statement fails instead of blocking for the kernel's 15-minute retransmission limit. Then what the
        // caller fixes: its timeout, and results read as UTF-8 whatever the server's or environment's default.
        let options: [(keyword: String, value: String)] = [
            ("keepalives", "1"), ("keepalives_idle", "10"), ("keepalives_interval", "5"), ("keepalives_count", "3"),
            ("tcp_user_timeout", "30000"),
            ("dbname", url), ("connect_timeout", String(seconds)), ("client_encoding", "UTF8"),
            ("fallback_application_name", "presswork"),
        ]
        let connection = openConnection(options)
        guard let connection else {
            throw PostgresError(code: .connectionFailed, message: "out of memory allocating a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = connectionString.scrub(Self.oneLine(PQerrorMessage(connection)) ?? "cannot connect")
            PQfinish(connection)
            throw PostgresError(code: .connectionFailed, message: message)
        }
        // libpq prints server notices (e.g. "table does not exist, skipping") on stderr by default.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        handle = connection
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    /// The URL with its password masked.
    public var description: String { "PostgresConnection(\(connectionString.redacted))" }

    /// `url` with every password in it (user info or `password` parameter) shown as `***`, for logs; a
    /// `key=value` string too malformed to find its password in is replaced whole.
    public static func redactedURL(_ url: String) -> String { ConnectionString(url).redacted }

    /// Whether the connection was usable after the last call. A server that went away is only noticed by the
    /// next statement, which throws `.connectionLost`.
    public var isConnected: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// Closes the connection (a second call does nothing).
    public func close() {
        if let handle { PQfinish(handle) }
        handle = nil
    }

    /// Reconnects with the same parameters, e.g. after `.connectionLost` when the server restarted. A transaction
    /// that was open is gone.
    /// - Throws: `.connectionFailed` when the server is still unreachable (try again later), `.closed` after `close()`.
    public func reset() throws(PostgresError) {
        let handle = try openHandle()
        PQreset(handle)
        guard PQstatus(handle) == CONNECTION_OK else {
            throw PostgresError(code: .connectionFailed, message: errorMessage(handle) ?? "cannot reconnect")
        }
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
    }

    /// Runs one SQL statement with `$1`, `$2`... bound to `parameters` (never spliced into the text, so they
    /// cannot change the statement).
    ///
    /// - Throws: `PostgresError`: `.uniqueViolation`, `.serializationFailure`, `.deadlockDetected` and `.query`
    ///   for the server's refusals, with its SQLSTATE; `.connectionLost` when the connection broke (then `reset()`);
    ///   `.invalidParameter` for a parameter that cannot be sent; `.misuse` for COPY, which is not supported.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [PostgresValue?] = []) throws(PostgresError) -> PostgresResult {
        let handle = try openHandle()
        try send(PostgresStatement(sql, parameters), on: handle)
        try awaitReply(handle)
        guard let result = PQgetResult(handle) else { throw failure(handle, result: nil) }
        let status = PQresultStatus(result)
        // One statement, one result; a COPY keeps answering until it is ended, the rest is read and dropped.
        if status != PGRES_COPY_IN && status != PGRES_COPY_OUT && status != PGRES_COPY_BOTH {
            while let extra = PQgetResult(handle) { PQclear(extra) }
        }
        switch status {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
            return PostgresResult(handle: result)
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            PQclear(result)
            abandonCopy(handle, status)
            throw PostgresError(code: .misuse, message: "COPY is not supported by PostgresConnection.execute")
        case PGRES_EMPTY_QUERY:
            PQclear(result)
            throw PostgresError(code: .query, message: "the statement is empty")
        default:
            defer { PQclear(result) }
            throw failure(handle, result: result)
        }
    }

    /// libpq's state of the session's transaction (idle, in one, in a failed one).
    func transactionStatus() throws(PostgresError) -> PGTransactionStatusType {
        PQtransactionStatus(try openHandle())
    }

    /// The handle, unless the connection was closed.
    func openHandle() throws(PostgresError) -> OpaquePointer {
        guard let handle else { throw PostgresError(code: .closed, message: "the connection was closed") }
        return handle
    }

    /// Sends one statement without waiting for its answer (`PQsendQueryParams`; in pipeline mode, queues it).
    func send(_ statement: PostgresStatement, on handle: OpaquePointer) throws(PostgresError) {
        guard !statement.sql.utf8.contains(0) else {
            throw PostgresError(code: .invalidParameter, message: "the statement holds a NUL byte")
        }
        let encoded = try EncodedParameters(statement.parameters)
        defer { encoded.deallocate() }
        let sent = encoded.types.withUnsafeBufferPointer { types in
            encoded.values.withUnsafeBufferPointer { values in
                encoded.lengths.withUnsafeBufferPointer { lengths in
                    encoded.formats.withUnsafeBufferPointer { formats in
                        PQsendQueryParams(
                            handle, statement.sql, Int32(types.count), types.baseAddress, values.baseAddress,
                            lengths.baseAddress, formats.baseAddress, 0)
                    }
                }
            }
        }
        // 0: libpq could not send it (no connection, out of memory); the reason is on the connection.
        guard sent == 1 else { throw failure(handle, result: nil) }
    }

    /// Waits until the statement's answer is in, for at most `replyTimeout`. A server that does not answer in
    /// time (frozen, or its disk hung) is given up on: the connection is shut, so the next call reports it lost
    /// and `reset()` opens a new one; the server rolls back whatever the statement had begun.
    func awaitReply(_ handle: OpaquePointer) throws(PostgresError) {
        let deadline = replyTimeout.map { Self.now() + $0 }
        while true {
            guard PQconsumeInput(handle) == 1 else { throw failure(handle, result: nil) }
            if PQisBusy(handle) == 0 { return }
            var waitMs: Int32 = -1
            if let deadline {
                let left = deadline - Self.now()
                if left <= 0 {
                    shutdown(PQsocket(handle), Int32(SHUT_RDWR))
                    _ = PQconsumeInput(handle)
                    throw PostgresError(
                        code: .connectionLost,
                        message: "no answer from the server within \(replyTimeout ?? 0) s; connection closed")
                }
                waitMs = Int32(min(left * 1_000, 60_000).rounded(.up))
            }
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, waitMs) < 0 && errno != EINTR {
                throw PostgresError(code: .connectionLost, message: "cannot wait for the server: errno \(errno)")
            }
        }
    }

    /// Monotonic seconds.
    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// The error a failed call reported, from its result's fields when there is one. A connection that is now
    /// bad makes it `.connectionLost` whatever the SQLSTATE (57P01 admin shutdown, or none for a dropped socket).
    func failure(_ handle: OpaquePointer, result: OpaquePointer?) -> PostgresError {
        func field(_ code: UInt8) -> String? {
            guard let result, let value = PQresultErrorField(result, Int32(code)) else { return nil }
            return String(cString: value)
        }
        let sqlState = field(UInt8(ascii: "C"))
        let message =
            field(UInt8(ascii: "M")) ?? result.flatMap { Self.oneLine(PQresultErrorMessage($0)) }
            ?? errorMessage(handle) ?? "unknown error"
        let code = PQstatus(handle) == CONNECTION_BAD ? .connectionLost : PostgresError.code(sqlState: sqlState)
        return PostgresError(
            code: code, message: connectionString.scrub(message), sqlState: sqlState,
            detail: field(UInt8(ascii: "D")).map(connectionString.scrub))
    }

    /// The connection's last error message, on one line and without the password.
    private func errorMessage(_ handle: OpaquePointer) -> String? {
        Self.oneLine(PQerrorMessage(handle)).map(connectionString.scrub)
    }

    /// Ends a COPY that a statement started, so the connection can run the next one: COPY FROM STDIN is ended
    /// with an error (nothing is copied), COPY TO STDOUT is read to its end and dropped.
    private func abandonCopy(_ handle: OpaquePointer, _ status: ExecStatusType) {
        if status == PGRES_COPY_OUT {
            var buffer: UnsafeMutablePointer<CChar>?
            // Blocking reads until the server ends (-1) or fails (-2).
            while PQgetCopyData(handle, &buffer, 0) > 0 {
                PQfreemem(buffer)
                buffer = nil
            }
        } else if PQputCopyEnd(handle, "COPY is not supported") == -1 {
            return
        }
        while let result = PQgetResult(handle) { PQclear(result) }
    }

    /// libpq's multi-line message joined into one line, or nil when empty.
    static func oneLine(_ message: UnsafePointer<CChar>?) -> String? {
        guard let message else { return nil }
        let lines = String(cString: message).split(whereSeparator: \.isNewline).map {
            $0.trimmingPrefix(while: \.isWhitespace)
        }
        let text = lines.filter { !$0.isEmpty }.joined(separator: " ")
        return text.isEmpty ? nil : text
    }
}

/// `PQconnectdbParams` with the keywords and values as the NULL-terminated C arrays it takes; nil when a copy
/// or libpq's own allocation fails.
private func openConnection(_ options: [(keyword: String, value: String)]) -> OpaquePointer? {
    let keywords = options.map { strdup($0.keyword) }
    let values = options.map { strdup($0.value) }
    defer {
        for pointer in keywords + values { free(pointer) }
    }
    // A NULL inside would end the list early and silently drop the options after it.
    guard !keywords.contains(nil), !values.contains(nil) else { return nil }
    let keywordArray = keywords.map { UnsafePointer($0) } + [nil]
    let valueArray = values.map { UnsafePointer($0) } + [nil]
    return keywordArray.withUnsafeBufferPointer { keywordBuffer in
        valueArray.withUnsafeBufferPointer { valueBuffer in
            guard let keywordBase = keywordBuffer.baseAddress, let valueBase = valueBuffer.baseAddress else {
                return nil
            }
            // 1: the dbname value may be a whole URI or key=value string, expanded in its place.
            return PQconnectdbParams(keywordBase, valueBase, 1)
        }
    }
}

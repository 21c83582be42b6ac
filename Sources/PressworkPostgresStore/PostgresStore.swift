import Foundation
import PressworkPostgres
import PressworkProtocol
import PressworkStore

/// The job journal and result documents in a PostgreSQL database, which several coordinators (separate
/// clusters) may share: each keeps its own journal rows (the `coordinator` column), job ids are unique in the
/// whole database, and the results of all of them are found by every query. See `POSTGRES.md`.
///
/// Calls come from the coordinator's loop thread; the connection is behind a mutex all the same. A read that
/// finds the connection lost reconnects once and tries again; a lost write fails (whether its transaction
/// committed is unknown), and the coordinator stops as it does on any journal failure, to reload what is
/// committed when it starts again.
public final class PostgresStore: JournalStore, @unchecked Sendable {
    /// Used only while holding `lock` (the reason this class is `@unchecked Sendable`).
    private let connection: PostgresConnection
    private let lock = NSLock()
    /// This coordinator's name in the `coordinator` column.
    public let coordinator: String
    /// The database URL without its password.
    public let location: String
    public var localPath: String? { nil }
    /// Job ids end with it, so two coordinators never issue the same one.
    public var jobIdSuffix: String { "-" + coordinator }

    /// Connects and creates or migrates the schema.
    /// - Parameters:
    ///   - coordinator: 1 to 32 lower-case letters, digits and `-`, unique among the coordinators sharing the
    ///     database.
    ///   - replyTimeout: seconds to wait for the answer to one statement once migrated (nil: as long as it
    ///     takes); past it the connection counts as lost, which `isOutage` knows.
    public init(url: String, coordinator: String, connectTimeout: Double = 10, replyTimeout: Double? = nil)
        throws(StoreError)
    {
        guard Self.isValidCoordinatorName(coordinator) else {
            throw StoreError(
                .open, "coordinator name '\(coordinator)' must be 1 to 32 lower-case letters, digits and '-'")
        }
        self.coordinator = coordinator
        location = PostgresConnection.redactedURL(url)
        let opened: PostgresConnection
        do {
            opened = try PostgresConnection(url: url, connectTimeout: connectTimeout)
        } catch {
            throw StoreError(.open, "cannot connect to \(PostgresConnection.redactedURL(url))", cause: error)
        }
        connection = opened
        try migrate()
        try claimName()
        // After the migration, which may rewrite every stored result.
        opened.replyTimeout = replyTimeout
    }

    /// Takes the database's lock on this coordinator's name for the life of the connection, so a second
    /// coordinator started with the same name is refused instead of sharing (and corrupting) the journal.
    func claimName() throws(StoreError) {
        let claimed = try? withConnection { connection in
            try connection.execute(
                "SELECT pg_try_advisory_lock(hashtext('presswork coordinator ' || $1))", [.text(coordinator)]
            ).bool(row: 0, column: 0)
        }
        guard claimed == true else {
            throw StoreError(
                .open,
                "another coordinator named '\(coordinator)' is using \(location) (give each one its own --name)")
        }
    }

    /// A lost or refused connection, a journal commit over `journalStatementTimeout`, a server out of
    /// resources (disk full), a conflict: the coordinator waits it out and applies the same changes again. The
    /// journal's statements are idempotent for that (inserts skip existing ids, updates are guarded), so a
    /// commit whose answer was lost can be applied twice.
    public func isOutage(_ error: StoreError) -> Bool {
        guard let cause = error.cause as? PostgresError else { return false }
        switch cause.code {
        case .connectionLost, .connectionFailed, .serializationFailure, .deadlockDetected: return true
        default:
            // 57014: statement timeout; class 53: insufficient resources (disk full, out of memory).
            guard let state = cause.sqlState else { return false }
            return state == "57014" || state.hasPrefix("53")
        }
    }

    /// A round trip to the server, reconnecting if the connection was lost.
    public func checkReachable() throws(StoreError) {
        try read("reach the database") { connection in _ = try connection.execute("SELECT 1") }
    }

    /// The longest a journal commit may take before it counts as an outage: a server that hangs (a full
    /// disk, a lock held elsewhere) is then waited out like one that is down.
    static let journalStatementTimeout = "60s"

    /// `url` with its password masked, for logs and `--print-config`.
    public static func redacted(_ url: String) -> String { PostgresConnection.redactedURL(url) }

    /// Whether `name` may name a coordinator in a shared database.
    public static func isValidCoordinatorName(_ name: String) -> Bool {
        (1...32).contains(name.utf8.count)
            && name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }

    /// Runs `body` on the connection; a read retried once on a new connection when the old one was lost.
    func read<T>(_ what: @autoclosure () -> String, _ body: (PostgresConnection) throws -> T) throws(StoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        do {
            do {
                return try body(connection)
            } catch let error as PostgresError where error.code == .connectionLost {
                try reconnect()
                return try body(connection)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.io, "cannot \(what()) in \(location)", cause: error)
        }
    }

    /// Runs `body` in one transaction, never retried.
    func write<T>(_ what: @autoclosure () -> String, _ body: (PostgresConnection) throws -> T) throws(StoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        do {
            if !connection.isConnected { try reconnect() }
            return try connection.transaction { try body(connection) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.io, "cannot \(what()) in \(location)", cause: error)
        }
    }

    /// Runs `statements` as one transaction in one round trip (a pipeline), never retried.
    func writeInOneTrip(_ what: @autoclosure () -> String, _ statements: [PostgresStatement]) throws(StoreError) {
        lock.lock()
        defer { lock.unlock() }
        do {
            if !connection.isConnected { try reconnect() }
            try connection.pipeline(statements)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.io, "cannot \(what()) in \(location)", cause: error)
        }
    }

    /// A new connection after the old one was lost, holding the name's lock again (with the lock held).
    private func reconnect() throws {
        try connection.reset()
        let claimed = try connection.execute(
            "SELECT pg_try_advisory_lock(hashtext('presswork coordinator ' || $1))", [.text(coordinator)]
        ).bool(row: 0, column: 0)
        guard claimed == true else {
            throw StoreError(
                .open, "another coordinator named '\(coordinator)' took over \(location) while disconnected")
        }
    }

    /// Runs `body` on the connection as it is, for the migration (which opens its own transaction).
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(connection)
    }
}

/// Numbered parameters (`$1`, `$2`…) for a statement built piece by piece.
struct Parameters {
    private(set) var values: [PostgresValue?] = []

    /// Adds a value; returns its placeholder.
    mutating func add(_ value: PostgresValue?) -> String {
        values.append(value)
        return "$\(values.count)"
    }

    mutating func add(_ text: String?) -> String { add(text.map(PostgresValue.text)) }
    mutating func add(_ number: Int) -> String { add(PostgresValue.int(Int64(number))) }
    mutating func add(_ number: Int64) -> String { add(PostgresValue.int(number)) }
    mutating func add(_ number: Double?) -> String { add(number.map(PostgresValue.double)) }

    /// Placeholders for each of `texts`, comma-separated.
    mutating func list(_ texts: [String]) -> String { texts.map { add($0) }.joined(separator: ", ") }
}

extension PostgresResult {
    func text(_ row: Int, _ column: String) throws -> String? {
        guard let index = self.column(named: column) else {
            throw PostgresError(code: .decoding, message: "no column \(column)")
        }
        return try string(row: row, column: index)
    }

    func integer(_ row: Int, _ column: String) throws -> Int? {
        guard let index = self.column(named: column) else {
            throw PostgresError(code: .decoding, message: "no column \(column)")
        }
        return try int(row: row, column: index).map(Int.init)
    }

    func number(_ row: Int, _ column: String) throws -> Double? {
        guard let index = self.column(named: column) else {
            throw PostgresError(code: .decoding, message: "no column \(column)")
        }
        return try double(row: row, column: index)
    }

    func required<T>(_ value: T?, _ column: String) throws -> T {
        guard let value else { throw PostgresError(code: .decoding, message: "column \(column) is NULL") }
        return value
    }
}

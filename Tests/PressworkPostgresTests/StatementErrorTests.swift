import PressworkPostgres
import PressworkTestSupport
import Testing

@Suite("PostgresConnection: the server's refusals are typed errors, and transactions roll back", .requiresPostgres)
struct StatementErrorTests {
    @Test("A duplicate key is a unique violation with SQLSTATE 23505; the connection goes on")
    func uniqueViolation() throws {
        let server = try PostgresServer.start()
        let connection = try PostgresConnection(url: server.url, connectTimeout: 5)
        try connection.execute("CREATE TABLE jobs (key text PRIMARY KEY)")
        try connection.execute("INSERT INTO jobs VALUES ($1)", [.text("a")])
        let error = postgresError { try connection.execute("INSERT INTO jobs VALUES ($1)", [.text("a")]) }
        #expect(error?.code == .uniqueViolation)
        #expect(error?.sqlState == "23505")
        #expect(error?.message.contains("duplicate key") == true)
        #expect(error?.detail?.contains("already exists") == true)
        #expect(error?.isTransient == false)
        let syntax = postgresError { try connection.execute("SELEC 1") }
        #expect(syntax?.code == .query)
        #expect(syntax?.sqlState == "42601")
        #expect(connection.isConnected)
        #expect(try connection.execute("SELECT count(*) FROM jobs").int(row: 0, column: 0) == 1)
    }

    @Test("A transaction commits what its body did, and keeps nothing when the body throws")
    func transactionRollback() throws {
        struct Abandon: Error {}
        let server = try PostgresServer.start()
        let connection = try PostgresConnection(url: server.url, connectTimeout: 5)
        try connection.execute("CREATE TABLE jobs (key text PRIMARY KEY)")
        let committed = try connection.transaction {
            try connection.execute("INSERT INTO jobs VALUES ('kept')")
            return 7
        }
        #expect(committed == 7)
        #expect(throws: Abandon.self) {
            try connection.transaction {
                try connection.execute("INSERT INTO jobs VALUES ('lost-1')")
                try connection.execute("INSERT INTO jobs VALUES ('lost-2')")
                throw Abandon()
            }
        }
        // A statement's failure inside rolls back the statements before it.
        let duplicate = postgresError {
            try connection.transaction {
                try connection.execute("INSERT INTO jobs VALUES ('lost-3')")
                try connection.execute("INSERT INTO jobs VALUES ('kept')")
            }
        }
        #expect(duplicate?.code == .uniqueViolation)
        // A failure caught inside leaves a transaction the server will only roll back: COMMIT says so.
        let swallowed = postgresError {
            try connection.transaction {
                try connection.execute("INSERT INTO jobs VALUES ('lost-4')")
                _ = try? connection.execute("INSERT INTO jobs VALUES ('kept')")
            }
        }
        #expect(swallowed?.code == .query)
        let nested = postgresError { try connection.transaction { try connection.transaction {} } }
        #expect(nested?.code == .misuse)
        let keys = try connection.execute("SELECT key FROM jobs ORDER BY key")
        #expect(keys.rowCount == 1)
        #expect(try keys.string(row: 0, column: 0) == "kept")
        connection.close()
        #expect(postgresError { try connection.execute("SELECT 1") }?.code == .closed)
        #expect(!connection.isConnected)
    }
}

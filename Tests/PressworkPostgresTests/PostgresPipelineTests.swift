import Foundation
import PressworkPostgres
import PressworkTestSupport
import Testing

@Suite("PostgresConnection: pipelines and the reply timeout", .requiresPostgres)
struct PostgresPipelineTests {
    @Test("A pipeline commits all its statements at once, or none when one fails; the connection goes on")
    func allOrNothing() throws {
        let server = try PostgresServer.start()
        let connection = try PostgresConnection(url: server.url, connectTimeout: 5)
        try connection.execute("CREATE TABLE jobs (id int PRIMARY KEY, note text)")
        try connection.pipeline([
            PostgresStatement("SELECT set_config('synchronous_commit', 'on', true)"),
            PostgresStatement("INSERT INTO jobs VALUES ($1, $2)", [.int(1), .text("a")]),
            PostgresStatement("INSERT INTO jobs VALUES ($1, $2)", [.int(2), nil]),
            PostgresStatement("UPDATE jobs SET note = 'b' WHERE id = 2"),
        ])
        #expect(try connection.execute("SELECT count(*) FROM jobs WHERE note IS NOT NULL").int(row: 0, column: 0) == 2)

        let failed = postgresError {
            try connection.pipeline([
                PostgresStatement("INSERT INTO jobs VALUES (3, 'c')"),
                PostgresStatement("INSERT INTO jobs VALUES (1, 'duplicate')"),
                PostgresStatement("INSERT INTO jobs VALUES (4, 'd')"),
            ])
        }
        #expect(failed?.code == .uniqueViolation, "\(String(describing: failed))")
        #expect(try connection.execute("SELECT count(*) FROM jobs").int(row: 0, column: 0) == 2, "3 rolled back")
        // A transaction opened by hand is not mixed with a pipeline.
        try connection.transaction {
            #expect(postgresError { try connection.pipeline([PostgresStatement("SELECT 1")]) }?.code == .misuse)
        }
        try connection.pipeline([PostgresStatement("INSERT INTO jobs VALUES (3, 'c')")])
        #expect(try connection.execute("SELECT count(*) FROM jobs").int(row: 0, column: 0) == 3)
    }

    @Test("COPY in either direction is refused as misuse and the connection goes on")
    func copyRefused() throws {
        let server = try PostgresServer.start()
        let connection = try PostgresConnection(url: server.url, connectTimeout: 5)
        try connection.execute("CREATE TABLE jobs (id int)")
        #expect(postgresError { try connection.execute("COPY jobs FROM STDIN") }?.code == .misuse)
        #expect(postgresError { try connection.execute("COPY (SELECT 1) TO STDOUT") }?.code == .misuse)
        #expect(try connection.execute("SELECT 2").int(row: 0, column: 0) == 2)
    }

    @Test("A frozen server: a statement gives up after the reply timeout as connection lost; reset() once it is back")
    func replyTimeout() throws {
        let server = try PostgresServer.start()
        let connection = try PostgresConnection(url: server.url, connectTimeout: 5)
        connection.replyTimeout = 1
        try connection.execute("CREATE TABLE jobs (id int PRIMARY KEY)")
        server.pause()
        defer { server.resume() }
        let started = Date()
        let lost = postgresError { try connection.pipeline([PostgresStatement("INSERT INTO jobs VALUES (1)")]) }
        #expect(lost?.code == .connectionLost, "\(String(describing: lost))")
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(!connection.isConnected)
        server.resume()
        try connection.reset()
        // The server rolled back what it had not answered.
        #expect((try connection.execute("SELECT count(*) FROM jobs").int(row: 0, column: 0) ?? 0) <= 1)
        try connection.execute("INSERT INTO jobs VALUES (2)")
    }
}

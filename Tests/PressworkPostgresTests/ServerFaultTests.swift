import Dispatch
import Foundation
import PressworkPostgres
import PressworkTestSupport
import Testing

@Suite("PostgresConnection: a server that restarts or crashes under it", .requiresPostgres)
struct ServerFaultTests {
    @Test("After a restart the next statement fails as connection lost; reset() reconnects and the data is there")
    func restartThenReset() throws {
        let server = try PostgresServer.start()
        let connection = try PostgresConnection(url: server.url, connectTimeout: 5)
        try connection.execute("CREATE TABLE jobs (id int PRIMARY KEY)")
        try connection.execute("INSERT INTO jobs VALUES (1)")
        try server.stop()
        let lost = postgresError { try connection.execute("INSERT INTO jobs VALUES (2)") }
        #expect(lost?.code == .connectionLost, "\(String(describing: lost))")
        #expect(lost?.isTransient == true)
        #expect(!connection.isConnected)
        // Down: reconnecting fails at once (refused), and can be tried again later.
        #expect(postgresError { try connection.reset() }?.code == .connectionFailed)
        try server.restart()
        try connection.reset()
        #expect(connection.isConnected)
        try connection.execute("INSERT INTO jobs VALUES (2)")
        #expect(try connection.execute("SELECT count(*) FROM jobs").int(row: 0, column: 0) == 2)
    }

    @Test("A server restarted while the connection is idle: connection lost (57P01 or a closed socket), then reset()")
    func restartWhileIdle() throws {
        let server = try PostgresServer.start()
        let connection = try PostgresConnection(url: server.url, connectTimeout: 5)
        try connection.execute("CREATE TABLE jobs (id int PRIMARY KEY)")
        try server.restart()
        let lost = postgresError { try connection.execute("SELECT count(*) FROM jobs") }
        #expect(lost?.code == .connectionLost, "\(String(describing: lost))")
        try connection.reset()
        #expect(try connection.execute("SELECT count(*) FROM jobs").int(row: 0, column: 0) == 0)
    }

    @Test("A SIGKILLed server fails the statement in flight as connection lost, without a hang; committed rows survive")
    func killedMidStatement() throws {
        let server = try PostgresServer.start()
        let url = server.url
        let setup = try PostgresConnection(url: url, connectTimeout: 5)
        try setup.execute("CREATE TABLE jobs (id int PRIMARY KEY)")
        try setup.execute("INSERT INTO jobs VALUES (1)")
        // The statement runs on a thread of its own (where its connection is made and used), so this one can
        // kill the server under it.
        let outcome = Outcome()
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            defer { finished.signal() }
            do {
                let connection = try PostgresConnection(url: url, connectTimeout: 5)
                try connection.execute("SELECT pg_sleep(60)")
            } catch let error as PostgresError {
                outcome.error = error
            } catch {}
        }
        // Kill once the sleep is running on the server.
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let active = try setup.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'SELECT pg_sleep%'")
            if try active.int(row: 0, column: 0) == 1 { break }
            usleep(20_000)
        }
        let killed = Date()
        server.kill()
        #expect(finished.wait(timeout: .now() + 10) == .success, "the statement hung after the server was killed")
        #expect(Date().timeIntervalSince(killed) < 5)
        #expect(outcome.error?.code == .connectionLost, "\(String(describing: outcome.error))")
        #expect(postgresError { try setup.execute("SELECT 1") }?.code == .connectionLost)
        #expect(postgresError { try setup.reset() }?.code == .connectionFailed)
        try server.restart()
        try setup.reset()
        #expect(try setup.execute("SELECT count(*) FROM jobs").int(row: 0, column: 0) == 1)
    }
}

/// What the statement's thread saw; written before the semaphore's signal and read after its wait, which orders
/// the two accesses.
private final class Outcome: @unchecked Sendable {
    var error: PostgresError?
}

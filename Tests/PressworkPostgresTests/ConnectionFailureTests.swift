import Foundation
import Glibc
import PressworkPostgres
import PressworkTestSupport
import Testing

@Suite("PostgresConnection: connecting fails fast, typed, and never shows the password")
struct ConnectionFailureTests {
    static let password = "hunter2-Secret"

    @Test("A refused port is a connection error at once")
    func refusedPort() throws {
        let closed = try ClosedPort()
        let started = Date()
        let error = postgresError {
            _ = try PostgresConnection(
                url: "postgres://app:\(Self.password)@127.0.0.1:\(closed.port)/db", connectTimeout: 5)
        }
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(error?.code == .connectionFailed)
        #expect(error?.message.contains("refused") == true, "\(String(describing: error))")
        #expect(error.map { "\($0)" }?.contains(Self.password) == false)
    }

    @Test("A server that accepts TCP but never answers fails after the connect timeout, not later")
    func connectTimeout() throws {
        let (descriptor, port) = try LoopbackSocket.bindAnyPort(reuseAddress: false)
        defer { close(descriptor) }
        // Listening but never accepting: the kernel completes the handshake and then nothing answers libpq.
        #expect(listen(descriptor, 8) == 0)
        let started = Date()
        let error = postgresError {
            _ = try PostgresConnection(url: "postgres://app:\(Self.password)@127.0.0.1:\(port)/db", connectTimeout: 2)
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed >= 1.5 && elapsed < 6, "took \(elapsed) s")
        #expect(error?.code == .connectionFailed)
        #expect(error?.message.contains("timeout") == true, "\(String(describing: error))")
        #expect(error.map { "\($0)" }?.contains(Self.password) == false)
    }

    @Test(
        "A malformed URL is a connection error whose text holds no password, even where libpq quotes the URL",
        arguments: [
            "postgres://app:hunter2-Secret@127.0.0.1:notaport/db",
            "postgres://app:hunter2-Secret@[::1/db",
            "postgresql://app:hunter2-Secret@127.0.0.1:1/db?bogus=1",
            "postgres://app:hunt%65r2-Secret@127.0.0.1:1/db?sslmode=nonsense",
            "postgres://127.0.0.1:1/db?user=app&password=hunter2-Secret&sslmode=nonsense",
            "host=127.0.0.1 port=x password=hunter2-Secret",
            "host=127.0.0.1 password='hunter2-Secret' sslmode=nonsense",
            "host=127.0.0.1 password='hunter2-Secret",
        ])
    func malformedURL(url: String) {
        let error = postgresError { _ = try PostgresConnection(url: url, connectTimeout: 2) }
        #expect(error?.code == .connectionFailed)
        let text = error.map { "\($0)" } ?? ""
        #expect(!text.contains("hunter2") && !text.contains("hunt%65r2"), "\(text)")
    }

    @Test(
        "URLs are shown with their passwords masked",
        arguments: [
            ("postgres://app:hunter2@db.example:5432/presswork", "postgres://app:***@db.example:5432/presswork"),
            (
                "postgresql://app:p%40ss@db/presswork?sslmode=require",
                "postgresql://app:***@db/presswork?sslmode=require"
            ),
            (
                "postgres://db/presswork?user=app&password=hunter2&sslmode=disable",
                "postgres://db/presswork?user=app&password=***&sslmode=disable"
            ),
            ("postgres://app@db/presswork", "postgres://app@db/presswork"),
            ("postgres://db:5432/a@b", "postgres://db:5432/a@b"),
            (
                "host=db user=app password='se cr\\'et' dbname=presswork",
                "host=db user=app password=*** dbname=presswork"
            ),
            ("host=db password=hunter2", "host=db password=***"),
            ("host=db password='unterminated", "(unreadable connection string)"),
        ])
    func redactedURL(url: String, shown: String) {
        #expect(PostgresConnection.redactedURL(url) == shown)
    }

    @Test("A wrong password is refused by the server; neither it nor the right one shows", .requiresPostgres)
    func wrongPassword() throws {
        let server = try PostgresServer.start()
        let error = postgresError {
            _ = try PostgresConnection(
                url: "postgres://presswork:\(Self.password)@127.0.0.1:\(server.port)/presswork_test")
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.message.contains("password authentication failed") == true, "\(String(describing: error))")
        #expect(error.map { "\($0)" }?.contains(Self.password) == false)
        let connection = try PostgresConnection(url: server.url)
        #expect(connection.isConnected)
        #expect(!connection.description.contains(server.password))
        #expect(connection.description.contains("presswork:***@127.0.0.1"))
    }
}

import PressworkPostgres
import PressworkTestSupport
import Testing

@Suite("PostgresConnection: every value type goes in and comes back unchanged", .requiresPostgres)
struct ValueRoundTripTests {
    @Test("Text, integers, doubles, booleans, bytea and NULL round-trip through parameters and results")
    func everyType() throws {
        let server = try PostgresServer.start()
        let connection = try PostgresConnection(url: server.url, connectTimeout: 5)
        try connection.execute(
            "CREATE TABLE items (id bigint PRIMARY KEY, name text, score double precision, flag boolean, body bytea)")
        let rows: [(Int64, String?, Double?, Bool?, [UInt8]?)] = [
            (Int64.min, "Қазақстан Республикасы — Астана", -0.1, true, Array(0...255)),
            (Int64.max, "中华人民共和国 🐼 naïve", .infinity, false, []),
            (0, "", -.infinity, nil, nil),
            (1, nil, .greatestFiniteMagnitude, true, [0]),
            (2, "tab\tnewline\nbackslash\\ quote' dquote\"", .leastNonzeroMagnitude, false, Array("\\x00".utf8)),
            (3, "NaN", nil, nil, [0xFF, 0x00, 0x5C, 0x78]),
        ]
        for (id, name, score, flag, body) in rows {
            let inserted = try connection.execute(
                "INSERT INTO items (id, name, score, flag, body) VALUES ($1, $2, $3, $4, $5)",
                [
                    .int(id), name.map { .text($0) }, score.map { .double($0) }, flag.map { .bool($0) },
                    body.map { .bytes($0) },
                ])
            #expect(inserted.rowsAffected == 1)
            #expect(inserted.rowCount == 0)
        }
        let result = try connection.execute("SELECT id, name, score, flag, body FROM items ORDER BY id")
        #expect(result.columnNames == ["id", "name", "score", "flag", "body"])
        #expect(result.column(named: "body") == 4)
        let expected = rows.sorted { $0.0 < $1.0 }
        #expect(result.rowCount == expected.count)
        for (row, (id, name, score, flag, body)) in expected.enumerated() {
            #expect(try result.int(row: row, column: 0) == id)
            #expect(try result.string(row: row, column: 1) == name)
            #expect(try result.isNull(row: row, column: 1) == (name == nil))
            #expect(try result.double(row: row, column: 2)?.bitPattern == score?.bitPattern)
            #expect(try result.bool(row: row, column: 3) == flag)
            #expect(try result.bytes(row: row, column: 4) == body)
        }
        // NaN compares unequal to itself: checked apart.
        let nan = try connection.execute("SELECT $1::float8 AS value", [.double(.nan)])
        #expect(try nan.double(row: 0, column: 0)?.isNaN == true)
        let updated = try connection.execute(
            "UPDATE items SET flag = NOT coalesce(flag, false) WHERE id >= $1", [.int(0)])
        #expect(updated.rowsAffected == 5)
    }

    @Test("A 5 MB bytea goes in binary and comes back byte for byte")
    func largeBytea() throws {
        let server = try PostgresServer.start()
        let connection = try PostgresConnection(url: server.url, connectTimeout: 5)
        try connection.execute("CREATE TABLE bodies (id int PRIMARY KEY, body bytea NOT NULL)")
        var generator = SeededGenerator(seed: 5)
        let body = (0..<(5 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try connection.execute("INSERT INTO bodies VALUES (1, $1)", [.bytes(body)])
        let stored = try connection.execute("SELECT octet_length(body), body FROM bodies WHERE id = 1")
        #expect(try stored.int(row: 0, column: 0) == Int64(body.count))
        let back = try #require(try stored.bytes(row: 0, column: 1))
        #expect(back.count == body.count)
        #expect(back == body)
    }

    @Test("Arbitrary NUL-free Unicode text round-trips; text with a NUL is refused before anything is sent")
    func arbitraryText() throws {
        let server = try PostgresServer.start()
        let connection = try PostgresConnection(url: server.url, connectTimeout: 5)
        try connection.execute("CREATE TABLE texts (id int PRIMARY KEY, value text NOT NULL)")
        var generator = SeededGenerator(seed: 42)
        var texts: [String] = []
        for _ in 0..<200 {
            var text = ""
            for _ in 0..<Int.random(in: 0...40, using: &generator) {
                // Any scalar but NUL, from every plane in use, surrogates excluded (they are not scalars).
                let value =
                    [
                        UInt32.random(in: 1...0x7F, using: &generator),
                        UInt32.random(in: 0x80...0xD7FF, using: &generator),
                        UInt32.random(in: 0xE000...0x10FFFF, using: &generator),
                    ].randomElement(using: &generator) ?? 1
                if let scalar = Unicode.Scalar(value) { text.unicodeScalars.append(scalar) }
            }
            texts.append(text)
        }
        for (id, text) in texts.enumerated() {
            try connection.execute("INSERT INTO texts VALUES ($1, $2)", [.int(Int64(id)), .text(text)])
        }
        let result = try connection.execute("SELECT value FROM texts ORDER BY id")
        #expect(result.rowCount == texts.count)
        for (row, text) in texts.enumerated() {
            let back = try result.string(row: row, column: 0)
            #expect(back?.unicodeScalars.elementsEqual(text.unicodeScalars) == true, "row \(row)")
        }
        let error = postgresError { try connection.execute("INSERT INTO texts VALUES (999, $1)", [.text("a\u{0}b")]) }
        #expect(error?.code == .invalidParameter)
        #expect(try connection.execute("SELECT count(*) FROM texts WHERE id = 999").int(row: 0, column: 0) == 0)
    }

    @Test("Parameters that look like SQL stay data: no injection")
    func noInjection() throws {
        let server = try PostgresServer.start()
        let connection = try PostgresConnection(url: server.url, connectTimeout: 5)
        try connection.execute("CREATE TABLE people (name text NOT NULL)")
        let hostile = [
            "'; DROP TABLE people; --", "Robert'); DROP TABLE people;--", "\\'; SELECT pg_sleep(10); --", "$1",
            "\" OR 1=1 --", "' OR '1'='1", "E'\\x00'", "$$; DROP TABLE people; $$",
        ]
        for name in hostile { try connection.execute("INSERT INTO people (name) VALUES ($1)", [.text(name)]) }
        for name in hostile {
            let found = try connection.execute("SELECT name FROM people WHERE name = $1", [.text(name)])
            #expect(found.rowCount == 1)
            #expect(try found.string(row: 0, column: 0) == name)
        }
        #expect(try connection.execute("SELECT count(*) FROM people").int(row: 0, column: 0) == Int64(hostile.count))
    }

    @Test("Asking for the wrong type or a value that is not there is a decoding error, not a crash")
    func decodingErrors() throws {
        let server = try PostgresServer.start()
        let connection = try PostgresConnection(url: server.url, connectTimeout: 5)
        let result = try connection.execute("SELECT 'abc'::text AS word, 1.5::float8 AS half, 'x'::bytea AS raw")
        #expect(postgresError { _ = try result.int(row: 0, column: 0) }?.code == .decoding)
        #expect(postgresError { _ = try result.int(row: 0, column: 1) }?.code == .decoding)
        #expect(postgresError { _ = try result.bool(row: 0, column: 0) }?.code == .decoding)
        #expect(postgresError { _ = try result.bytes(row: 0, column: 0) }?.code == .decoding)
        #expect(postgresError { _ = try result.string(row: 1, column: 0) }?.code == .decoding)
        #expect(postgresError { _ = try result.string(row: 0, column: 3) }?.code == .decoding)
        #expect(postgresError { _ = try result.string(row: -1, column: 0) }?.code == .decoding)
        #expect(try result.double(row: 0, column: 1) == 1.5)
        #expect(try result.bytes(row: 0, column: 2) == [UInt8(ascii: "x")])
        #expect(try result.string(row: 0, column: 2) == "\\x78")
    }
}

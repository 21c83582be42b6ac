import Foundation
import PressworkProtocol
import PressworkStore
import Testing

@Suite("Durability")
struct DurabilityTests {
    @Test("The database is presswork.sqlite in the data directory, in WAL mode")
    func walMode() throws {
        try withDataDirectory { (directory) throws in
            let store = try JobStore(directory: directory)
            #expect(store.path == directory + "/presswork.sqlite")
            try store.apply([.insert(Jobs.new(1))], now: Clock.at(0))
            #expect(FileManager.default.fileExists(atPath: store.path))
            #expect(FileManager.default.fileExists(atPath: store.path + "-wal"))
            #expect(try sqlite3(store.path, "PRAGMA journal_mode;") == "wal")
        }
    }

    @Test("Opening creates missing parent directories")
    func createsDirectories() throws {
        try withDataDirectory { (directory) throws in
            let nested = directory + "/a/b/c"
            let store = try JobStore(directory: nested)
            try store.apply([.insert(Jobs.new(1))], now: Clock.at(0))
            #expect(FileManager.default.fileExists(atPath: nested + "/presswork.sqlite"))
        }
    }

    @Test("Reopening the data directory after a restart finds everything")
    func reopen() throws {
        try withDataDirectory { (directory) throws in
            do {
                let store = try JobStore(directory: directory)
                try store.apply((1...5).map { .insert(Jobs.new($0, body: [0xFF, UInt8($0)])) }, now: Clock.at(0))
                try store.apply(
                    [
                        .leased(job: Jobs.id(1), attempt: 1, worker: "w-1"),
                        .leased(job: Jobs.id(2), attempt: 1, worker: "w-1"),
                        .requeued(job: Jobs.id(2), error: Jobs.error(1), notBefore: Clock.at(30)),
                        .done(job: Jobs.id(3), document: Jobs.document(3)),
                        .dead(job: Jobs.id(4), error: Jobs.error(1, code: "undecodable")),
                    ], now: Clock.at(1))
            }

            let store = try JobStore(directory: directory)
            #expect(
                try store.unfinishedJobs() == [
                    UnfinishedJob(
                        id: Jobs.id(1), attempts: 1, maxAttempts: 3, wasLeased: true, notBefore: nil,
                        submittedAt: Clock.at(0)),
                    UnfinishedJob(
                        id: Jobs.id(2), attempts: 1, maxAttempts: 3, wasLeased: false, notBefore: Clock.at(30),
                        submittedAt: Clock.at(0)),
                    UnfinishedJob(
                        id: Jobs.id(5), attempts: 0, maxAttempts: 3, wasLeased: false, notBefore: nil,
                        submittedAt: Clock.at(0)),
                ])
            #expect(try store.counts() == [.leased: 1, .queued: 2, .done: 1, .dead: 1])
            #expect(try store.document(of: Jobs.id(3)) == Jobs.document(3))
            #expect(try store.jobInfo(Jobs.id(2))?.errors == [Jobs.error(1)])
            #expect(try store.deadJobs(limit: 10).first?.errors == [Jobs.error(1, code: "undecodable")])
            #expect(try store.payload(of: Jobs.id(5))?.body == [0xFF, 5])

            // And the reopened store goes on where the first one stopped.
            try store.apply([.done(job: Jobs.id(1), document: Jobs.document(1))], now: Clock.at(2))
            #expect(try store.results(after: nil, limit: 10).documents == [Jobs.document(3), Jobs.document(1)])
        }
    }

    @Test("Two stores opened on one directory see each other's commits")
    func twoHandles() throws {
        try withDataDirectory { (directory) throws in
            let first = try JobStore(directory: directory)
            let second = try JobStore(directory: directory)
            try first.apply([.insert(Jobs.new(1))], now: Clock.at(0))
            #expect(try second.states(of: [Jobs.id(1)]) == [.queued])
        }
    }

    @Test("A data directory that cannot be created is an open error")
    func unusableDirectory() throws {
        try withDataDirectory { (directory) throws in
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let file = directory + "/not-a-directory"
            #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
            let error = storeError { try JobStore(directory: file + "/data") }
            #expect(error?.code == .open)
            #expect(error?.message.contains(file) == true)
            #expect(error?.cause != nil)
        }
    }

    @Test("A data directory that is a regular file is an open error")
    func directoryIsAFile() throws {
        try withDataDirectory { (directory) throws in
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let file = directory + "/file"
            #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
            #expect(storeError { try JobStore(directory: file) }?.code == .open)
        }
    }

    @Test("A database file that is not SQLite is refused")
    func notADatabase() throws {
        try withDataDirectory { (directory) throws in
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let path = directory + "/presswork.sqlite"
            #expect(FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x42, count: 4_096)))
            let error = storeError { try JobStore(directory: directory) }
            #expect(error != nil)
        }
    }

    @Test("A batch that fails part-way is rolled back as a whole")
    func rollback() throws {
        try withStore { (store) throws in
            try store.apply([.insert(Jobs.new(1))], now: Clock.at(0))
            let error = storeError {
                try store.apply(
                    [
                        .insert(Jobs.new(2)),
                        .leased(job: Jobs.id(1), attempt: 1, worker: "w-1"),
                        .done(job: Jobs.id(2), document: Jobs.document(2)),
                        .insert(Jobs.new(1)),  // Already there: the batch fails here.
                    ], now: Clock.at(1))
            }
            #expect(error?.code == .io)
            #expect(try store.jobInfo(Jobs.id(2)) == nil)
            #expect(try store.jobInfo(Jobs.id(1))?.state == .queued)
            #expect(try store.jobInfo(Jobs.id(1))?.attempts == 0)
            #expect(try store.resultCount() == 0)
            #expect(try store.unfinishedJobs().map(\.id) == [Jobs.id(1)])

            // The store is still usable afterwards.
            try store.apply([.done(job: Jobs.id(1), document: Jobs.document(1))], now: Clock.at(2))
            #expect(try store.resultCount() == 1)
        }
    }

    @Test(
        "A result that is not JSON fails the whole batch, which is rolled back",
    )
    func notJSONDocument() throws {
        try withStore { (store) throws in
            try store.apply([.insert(Jobs.new(1))], now: Clock.at(0))
            let threw =
                (try? store.apply(
                    [
                        .insert(Jobs.new(2)),
                        .leased(job: Jobs.id(1), attempt: 1, worker: "w-1"),
                        .done(job: Jobs.id(2), document: Jobs.document(2)),
                        .done(job: Jobs.id(1), document: Array("<html>not json</html>".utf8)),
                    ], now: Clock.at(1))) == nil
            #expect(threw)
            #expect(try store.jobInfo(Jobs.id(2)) == nil)
            #expect(try store.jobInfo(Jobs.id(1))?.state == .queued)
            #expect(try store.resultCount() == 0)
            // Whatever happens, a job is never done without its document.
            let done = try store.states(of: [Jobs.id(1), Jobs.id(2)]).filter { $0 == .done }.count
            #expect(done == (try store.resultCount()))
        }
    }

    @Test("A second insert of the same id fails the batch")
    func duplicateInsert() throws {
        try withStore { (store) throws in
            try store.apply([.insert(Jobs.new(1))], now: Clock.at(0))
            let error = storeError { try store.apply([.insert(Jobs.new(2)), .insert(Jobs.new(1))], now: Clock.at(1)) }
            #expect(error?.code == .io)
            #expect(try store.states(of: [Jobs.id(1), Jobs.id(2)]) == [.queued, .unknown])
        }
    }

    @Test("A database written by a newer Presswork is refused with a schema error")
    func newerSchema() throws {
        try withDataDirectory { (directory) throws in
            let path = try JobStore(directory: directory).path
            _ = try sqlite3(path, "INSERT INTO grdb_migrations (identifier) VALUES ('v999-from-the-future');")
            #expect(storeError { try JobStore(directory: directory) }?.code == .schema)
        }
    }

    @Test("A store written before bodies moved to their own table keeps every body, byte for byte")
    func bodiesMigration() throws {
        try withDataDirectory { (directory) throws in
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let path = directory + "/presswork.sqlite"
            // The schema of migrations v1 and v2, as 0.1.0 wrote it, with two jobs (one finished).
            _ = try sqlite3(
                path,
                """
                PRAGMA journal_mode = WAL;
                CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                INSERT INTO grdb_migrations VALUES ('v1'), ('v2-submission-keys');
                CREATE TABLE jobs (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
                    state TEXT NOT NULL CHECK (state IN ('queued', 'leased', 'done', 'dead')),
                    attempts INTEGER NOT NULL DEFAULT 0, max_attempts INTEGER NOT NULL, article TEXT NOT NULL,
                    body BLOB NOT NULL, body_bytes INTEGER NOT NULL, submitted_at REAL NOT NULL,
                    updated_at REAL NOT NULL, not_before REAL, worker TEXT, errors TEXT NOT NULL DEFAULT '[]');
                CREATE INDEX jobs_by_state ON jobs(state, seq);
                CREATE TABLE results (seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    job_id TEXT NOT NULL UNIQUE REFERENCES jobs(id),
                    document TEXT NOT NULL CHECK (json_valid(document)), stored_at REAL NOT NULL);
                CREATE TABLE submissions (key TEXT PRIMARY KEY, jobs TEXT NOT NULL, accepted_at REAL NOT NULL);
                CREATE INDEX submissions_by_age ON submissions(accepted_at);
                INSERT INTO jobs (id, state, max_attempts, article, body, body_bytes, submitted_at, updated_at)
                    VALUES ('\(Jobs.id(1))', 'done', 3, '{"format":"text","source":"a.txt"}', x'00ff41', 3, 1, 2),
                           ('\(Jobs.id(2))', 'queued', 3, '{"format":"html","source":"b.html"}', zeroblob(300000),
                            300000, 1, 1);
                INSERT INTO results (job_id, document, stored_at) VALUES ('\(Jobs.id(1))', '{"a":1}', 2);
                """)
            let store = try JobStore(directory: directory)
            #expect(try store.payload(of: Jobs.id(1))?.body == [0x00, 0xFF, 0x41])
            #expect(try store.payload(of: Jobs.id(1))?.article == ArticleMeta(source: "a.txt", format: .text))
            #expect(try store.payload(of: Jobs.id(2))?.body == [UInt8](repeating: 0, count: 300_000))
            #expect(try store.document(of: Jobs.id(1)) == Array(#"{"a":1}"#.utf8))
            #expect(try store.unfinishedJobs().map(\.id) == [Jobs.id(2)])
            #expect(try sqlite3(path, "SELECT COUNT(*) FROM pragma_table_info('jobs') WHERE name = 'body';") == "0")
            try store.apply([.insert(Jobs.new(3))], now: Clock.at(3))
            #expect(try store.payload(of: Jobs.id(3))?.body == Jobs.new(3).body)
        }
    }

    @Test("A stored column that is not JSON is reported as corrupt, not crashed on")
    func corruptColumn() throws {
        try withStore { (store) throws in
            try store.apply([.insert(Jobs.new(1))], now: Clock.at(0))
            _ = try sqlite3(store.path, "UPDATE jobs SET article = 'not json' WHERE id = '\(Jobs.id(1))';")
            #expect(storeError { try store.jobInfo(Jobs.id(1)) }?.code == .corrupt)
            #expect(storeError { try store.payload(of: Jobs.id(1)) }?.code == .corrupt)
            #expect(try store.states(of: [Jobs.id(1)]) == [.queued])
        }
    }
}

@Suite("Result validation")
struct ResultValidationTests {
    @Test(arguments: [
        (#"{"a":1}"#, true),
        (#"  {"a":[1,2]}  "#, true),
        (#"{"a":[1,]}"#, false),
        (#"[1,2]"#, false),
        ("not json", false),
        ("", false),
    ])
    func documentsAreCheckedBySQLitesRules(text: String, valid: Bool) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pw-valid-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try JobStore(directory: directory.path)
        #expect(store.isValidDocument(Array(text.utf8)) == valid)
    }

    @Test func bytesThatWouldChangeWhenStoredAsTextAreRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pw-valid-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try JobStore(directory: directory.path)
        #expect(!store.isValidDocument(Array(#"{"a":""#.utf8) + [0xFF] + Array(#""}"#.utf8)))
        #expect(!store.isValidDocument(Array(#"{"a":""#.utf8) + [0x00] + Array(#""}"#.utf8)))
    }
}

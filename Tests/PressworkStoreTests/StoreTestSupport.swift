import Foundation
import PressworkProtocol
import PressworkStore
import Testing

/// A fresh data directory under the system's temporary directory, removed when `body` returns.
func withDataDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("presswork-store-tests-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    return try body(directory)
}

/// A store opened in a fresh data directory, removed when `body` returns.
func withStore<T>(_ body: (JobStore) throws -> T) throws -> T {
    try withDataDirectory { directory in try body(try JobStore(directory: directory)) }
}

/// Wall-clock times used by the tests: whole and binary-exact fractions, so their ISO forms are exact.
enum Clock {
    /// 2026-01-01T00:00:00Z.
    static let start = 1_767_225_600.0
    static func at(_ offset: Double) -> Double { start + offset }
}

enum Jobs {
    static func article(_ number: Int) -> ArticleMeta {
        ArticleMeta(
            articleId: "a-\(number)", source: "batch.jsonl#\(number)", url: "https://example.com/\(number)", lang: "kk",
            format: .html, contentType: "text/html; charset=utf-8")
    }

    static func id(_ number: Int) -> String { "j-" + String(number).leftPadded(to: 6) }

    static func new(_ number: Int, body: [UInt8]? = nil, maxAttempts: Int = 3) -> NewJob {
        NewJob(
            id: id(number), article: article(number), body: body ?? Array("<p>article \(number)</p>".utf8),
            maxAttempts: maxAttempts)
    }

    static func error(_ attempt: Int, code: String = "lease-expired") -> AttemptError {
        AttemptError(
            attempt: attempt, worker: "w-\(attempt)", code: code, message: "attempt \(attempt) failed",
            at: Timestamp.iso8601(Clock.at(Double(attempt))))
    }

    static func document(_ number: Int) -> [UInt8] {
        Array(#"{"id":"\#(id(number))","n":\#(number)}"#.utf8)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// Runs the sqlite3 command-line shell on `database` and returns its standard output.
func sqlite3(_ database: String, _ sql: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [database, sql]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "sqlite3 \(sql)")
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

/// Runs `body`, which must throw a `StoreError`, and returns that error.
func storeError<T>(_ body: () throws -> T) -> StoreError? {
    do {
        _ = try body()
        Issue.record("expected a StoreError")
        return nil
    } catch let error as StoreError {
        return error
    } catch {
        Issue.record("expected a StoreError, got \(error)")
        return nil
    }
}

import Foundation
import PressworkClient
import PressworkProtocol
import Testing

/// A fresh directory under the system's temporary directory, removed when `body` returns.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("presswork-client-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    return try body(directory)
}

/// Writes `bytes` to `path`, creating parent directories.
@discardableResult
func write(_ bytes: [UInt8], to path: String) throws -> String {
    let parent = (path as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}

/// Writes `text` as UTF-8 to `path`, creating parent directories.
@discardableResult
func write(_ text: String, to path: String) throws -> String {
    try write(Array(text.utf8), to: path)
}

/// One outcome of `ArticleInputs.read`, in a form tests can compare.
enum ReadOutcome: Equatable, CustomStringConvertible {
    case article(ArticleMeta, body: [UInt8])
    case failure(source: String, message: String)

    var source: String {
        switch self {
        case .article(let meta, _): meta.source
        case .failure(let source, _): source
        }
    }

    var isFailure: Bool {
        if case .failure = self { return true }
        return false
    }

    var description: String {
        switch self {
        case .article(let meta, let body): "article \(meta.source) (\(body.count) bytes)"
        case .failure(let source, let message): "error \(source): \(message)"
        }
    }
}

/// Reads every planned item and collects what was read, in order.
func readAll(_ items: [ArticleInputs.Item], maxBytes: Int = 1 << 20) -> [ReadOutcome] {
    var outcomes: [ReadOutcome] = []
    ArticleInputs.read(items, maxBytes: maxBytes) { result in
        switch result {
        case .success(let article): outcomes.append(.article(article.meta, body: article.body))
        case .failure(let error): outcomes.append(.failure(source: error.source, message: error.message))
        }
    }
    return outcomes
}

/// Runs `body`, which must throw a `ClientError`, and returns that error.
func clientError<T>(_ body: () throws -> T) -> ClientError? {
    do {
        _ = try body()
        Issue.record("expected a ClientError")
        return nil
    } catch let error as ClientError {
        return error
    } catch {
        Issue.record("expected a ClientError, got \(error)")
        return nil
    }
}

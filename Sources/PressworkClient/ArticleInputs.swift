import Foundation
import PressworkProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// One article read from the command line's inputs.
public struct InputArticle: Sendable {
    public var meta: ArticleMeta
    public var body: [UInt8]
}

/// One input that could not be used; the rest of the inputs go on.
public struct InputError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var message: String
    public var description: String { "\(source): \(message)" }
}

/// What `presswork submit` and `presswork process` read: files (`.html`, `.htm`, `.txt`), directories
/// (recursively, those files and `.jsonl` batches), JSON Lines batches, and `-` for standard input.
public enum ArticleInputs {
    /// One planned input.
    public enum Item: Sendable, Hashable {
        case file(path: String, format: ArticleFormat)
        case batch(path: String)
        case standardInput
    }

    static let formats: [String: ArticleFormat] = ["html": .html, "htm": .html, "txt": .text]

    /// Checks every path before anything is read or sent: it exists, is readable, and is a known type.
    /// - Throws: `.badInput` naming the first path that cannot be used.
    public static func plan(_ paths: [String]) throws(ClientError) -> [Item] {
        guard !paths.isEmpty else {
            throw ClientError(.badInput, "no input given: name files, directories, .jsonl batches or -")
        }
        var items: [Item] = []
        let manager = FileManager.default
        for path in paths {
            if path == "-" {
                items.append(.standardInput)
                continue
            }
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ClientError(.badInput, "\(path): no such file or directory")
            }
            guard manager.isReadableFile(atPath: path) else { throw ClientError(.badInput, "\(path): not readable") }
            if isDirectory.boolValue {
                let found = try files(under: path)
                if found.isEmpty {
                    throw ClientError(.badInput, "\(path): no .html, .htm, .txt or .jsonl files in this directory")
                }
                items += found
            } else {
                guard let item = item(for: path) else {
                    throw ClientError(
                        .badInput, "\(path): unknown file type (expected .html, .htm, .txt or .jsonl)")
                }
                items.append(item)
            }
        }
        return items
    }

    private static func item(for path: String) -> Item? {
        let ext = (path as NSString).pathExtension.lowercased()
        if ext == "jsonl" { return .batch(path: path) }
        return formats[ext].map { .file(path: path, format: $0) }
    }

    private static func files(under directory: String) throws(ClientError) -> [Item] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
            throw ClientError(.badInput, "\(directory): cannot list directory")
        }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if (relative as NSString).lastPathComponent.hasPrefix(".") {
                enumerator.skipDescendants()
                continue
            }
            found.append((directory as NSString).appendingPathComponent(relative))
        }
        return found.sorted().compactMap { path in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                return nil
            }
            return item(for: path)
        }
    }

    /// Reads the planned inputs one article at a time, in order. An input that cannot be read, a batch
    /// line that is not a valid article, or an article over `maxBytes` is passed as an `InputError` and
    /// the reading goes on with the next one.
    public static func read(
        _ items: [Item], maxBytes: Int, _ body: (Result<InputArticle, InputError>) throws -> Void
    ) rethrows {
        for item in items {
            switch item {
            case .file(let path, let format):
                try body(readFile(path, format: format, maxBytes: maxBytes))
            case .standardInput:
                try body(readStandardInput(maxBytes: maxBytes))
            case .batch(let path):
                try BatchReader.read(path: path, maxBytes: maxBytes, body)
            }
        }
    }

    private static func readFile(_ path: String, format: ArticleFormat, maxBytes: Int) -> Result<
        InputArticle, InputError
    > {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= maxBytes else {
            return .failure(InputError(source: path, message: "\(size) bytes, over the article limit of \(maxBytes)"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(InputError(source: path, message: "cannot read file"))
        }
        guard !data.isEmpty else { return .failure(InputError(source: path, message: "empty file")) }
        return .success(InputArticle(meta: ArticleMeta(source: path, format: format), body: [UInt8](data)))
    }

    private static func readStandardInput(maxBytes: Int) -> Result<InputArticle, InputError> {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += buffer[0..<count]
            if bytes.count > maxBytes {
                return .failure(InputError(source: "stdin", message: "over the article limit of \(maxBytes) bytes"))
            }
        }
        guard !bytes.isEmpty else {
            return .failure(InputError(source: "stdin", message: "no input on standard input"))
        }
        return .success(InputArticle(meta: ArticleMeta(source: "stdin", format: .auto), body: bytes))
    }
}

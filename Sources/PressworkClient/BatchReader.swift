import Foundation
import PressworkJSON
import PressworkProtocol

/// Reads a JSON Lines batch without loading it whole: one object per line with `html` or `text`, and
/// optional `id`, `url`, `lang` and `contentType`. Blank lines are skipped.
enum BatchReader {
    static func read(
        path: String, maxBytes: Int, _ body: (Result<InputArticle, InputError>) throws -> Void
    ) rethrows {
        guard let file = FileHandle(forReadingAtPath: path) else {
            try body(.failure(InputError(source: path, message: "cannot open batch file")))
            return
        }
        defer { try? file.close() }
        try read(file, source: path, maxBytes: maxBytes, body)
    }

    /// Reads a batch from an open file (standard input, say), after `prefix`: bytes already read from it.
    static func read(
        _ file: FileHandle, source path: String, prefix: [UInt8] = [], maxBytes: Int,
        _ body: (Result<InputArticle, InputError>) throws -> Void
    ) rethrows {
        // A line may hold a whole article plus its JSON escaping and fields.
        let maxLine = maxBytes * 2 + 4096
        var pending = prefix
        var lineNumber = 0
        var skippingLongLine = false
        while true {
            let chunk = (try? file.read(upToCount: 1 << 20)) ?? nil
            let atEnd = chunk == nil || chunk!.isEmpty
            if let chunk { pending += chunk }
            var start = 0
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                lineNumber += 1
                if skippingLongLine {
                    skippingLongLine = false
                    try body(
                        .failure(
                            InputError(
                                source: "\(path)#\(lineNumber)",
                                message: "line over the article limit of \(maxBytes) bytes")))
                } else {
                    try handle(Array(pending[start..<newline]), lineNumber, path, maxBytes, body)
                }
                start = newline + 1
            }
            pending.removeFirst(start)
            if pending.count > maxLine {
                skippingLongLine = true
                pending.removeAll()
            }
            if atEnd { break }
        }
        if skippingLongLine {
            try body(
                .failure(
                    InputError(
                        source: "\(path)#\(lineNumber + 1)", message: "line over the article limit of \(maxBytes) bytes"
                    )))
        } else if !pending.isEmpty {
            try handle(pending, lineNumber + 1, path, maxBytes, body)
        }
    }

    private static func handle(
        _ line: [UInt8], _ number: Int, _ path: String, _ maxBytes: Int,
        _ body: (Result<InputArticle, InputError>) throws -> Void
    ) rethrows {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
        try body(parse(line, source: "\(path)#\(number)", maxBytes: maxBytes))
    }

    static func parse(_ line: [UInt8], source: String, maxBytes: Int) -> Result<InputArticle, InputError> {
        func failure(_ message: String) -> Result<InputArticle, InputError> {
            .failure(InputError(source: source, message: message))
        }
        let fields: BatchLine
        do {
            // Article bodies are mostly escapes and long strings, where the strict byte reader is several
            // times faster than `JSONDecoder`; it declines anything it cannot read exactly as the decoder
            // would, and the decoder then gives the precise answer or error.
            fields = try BatchLine(fast: line) ?? JSONDecoder().decode(BatchLine.self, from: Data(line))
        } catch DecodingError.typeMismatch(_, let context) {
            return failure("\"\(context.codingPath.first?.stringValue ?? "?")\" has the wrong type")
        } catch DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty {
            return failure("\"\(context.codingPath.first?.stringValue ?? "?")\" has the wrong type")
        } catch {
            return failure("not a JSON object")
        }
        if fields.html == nil, fields.text == nil, let url = fields.url {
            // A page for the worker to fetch.
            return ArticleInputs.fetchArticle(url, source: source).map { article in
                var article = article
                article.meta.articleId = fields.id?.text
                article.meta.lang = fields.lang
                return article
            }
        }
        guard (fields.html == nil) != (fields.text == nil) else {
            return failure("needs exactly one of \"html\" or \"text\" as a string, or a \"url\" to fetch")
        }
        let body = Array((fields.html ?? fields.text ?? "").utf8)
        guard !body.isEmpty else { return failure("empty article") }
        guard body.count <= maxBytes else {
            return failure("\(body.count) bytes, over the article limit of \(maxBytes)")
        }
        let meta = ArticleMeta(
            articleId: fields.id?.text, source: source, url: fields.url, lang: fields.lang,
            format: fields.html != nil ? .html : .text, contentType: fields.contentType)
        return .success(InputArticle(meta: meta, body: body))
    }
}

/// One line of a batch. Decoding is strict: a field of the wrong type is an error, not ignored.
private struct BatchLine: Decodable {
    /// A string or an integer id, kept as text.
    struct ID: Decodable {
        var text: String
        init(text: String) { self.text = text }
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let string = try? container.decode(String.self) {
                text = string
            } else {
                text = String(try container.decode(Int64.self))
            }
        }
    }

    var html: String?
    var text: String?
    var id: ID?
    var url: String?
    var lang: String?
    var contentType: String?

    /// The same fields through `JSONObjectReader`; nil when any of them is not what the type needs, so
    /// that `JSONDecoder` reports it.
    init?(fast line: [UInt8]) {
        guard let object = JSONObjectReader.parse(line),
            case .some(let html) = object.optional("html", JSONObjectReader.string),
            case .some(let text) = object.optional("text", JSONObjectReader.string),
            case .some(let url) = object.optional("url", JSONObjectReader.string),
            case .some(let lang) = object.optional("lang", JSONObjectReader.string),
            case .some(let contentType) = object.optional("contentType", JSONObjectReader.string),
            case .some(let id) = object.optional("id", Self.fastID)
        else { return nil }
        (self.html, self.text, self.url, self.lang, self.contentType) = (html, text, url, lang, contentType)
        self.id = id.map { ID(text: $0) }
    }

    private static func fastID(_ value: JSONValue) -> String? {
        if let text = JSONObjectReader.string(value) { return text }
        return JSONObjectReader.int(value).flatMap { Int64(exactly: $0) }.map { String($0) }
    }
}

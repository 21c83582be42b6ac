import Foundation
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
        // A line may hold a whole article plus its JSON escaping and fields.
        let maxLine = maxBytes * 2 + 4096
        var pending: [UInt8] = []
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
                    try body(.failure(InputError(source: "\(path)#\(lineNumber)", message: "line over the article limit of \(maxBytes) bytes")))
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
            try body(.failure(InputError(source: "\(path)#\(lineNumber + 1)", message: "line over the article limit of \(maxBytes) bytes")))
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
        guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] else {
            return failure("not a JSON object")
        }
        let html = object["html"] as? String
        let text = object["text"] as? String
        guard (html == nil) != (text == nil) else { return failure("needs exactly one of \"html\" or \"text\" as a string") }
        let body = Array((html ?? text!).utf8)
        guard !body.isEmpty else { return failure("empty article") }
        guard body.count <= maxBytes else { return failure("\(body.count) bytes, over the article limit of \(maxBytes)") }
        var articleId: String?
        switch object["id"] {
        case nil, is NSNull: articleId = nil
        case let value as String: articleId = value
        case let value as NSNumber: articleId = value.stringValue
        default: return failure("\"id\" must be a string or a number")
        }
        for key in ["url", "lang", "contentType"] where object[key] != nil && !(object[key] is String) && !(object[key] is NSNull) {
            return failure("\"\(key)\" must be a string")
        }
        let meta = ArticleMeta(
            articleId: articleId, source: source, url: object["url"] as? String, lang: object["lang"] as? String,
            format: html != nil ? .html : .text, contentType: object["contentType"] as? String)
        return .success(InputArticle(meta: meta, body: body))
    }
}

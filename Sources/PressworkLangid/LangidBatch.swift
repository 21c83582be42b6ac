import CCLD2
import PressworkJSON
import PressworkPipeline

/// Language identification line by line, for `presswork langid`: one input line in, one output line out,
/// bytes to bytes, with no Foundation on the way, so that the wrapper costs less than CLD2 itself.
///
/// Stateless apart from its settings; one value serves one stream.
public struct LangidBatch: Sendable {
    /// How input lines are read.
    public enum Input: Sendable {
        /// Each line is one text (UTF-8; invalid bytes become U+FFFD before CLD2 sees them).
        case lines
        /// Each line is a JSON object: `"text"` (required), optional `"id"` (string or number, echoed
        /// back), `"title"`, `"declared"`, `"url"`, `"charset"`.
        case jsonLines
    }

    /// How answers are written.
    public enum Output: Sendable {
        /// Tab-separated: [id,] code, name, script (`-` when none), confidence, `reliable` or `unreliable`,
        /// spans as `code@offset+length` joined by commas (`-` when none).
        case tabSeparated
        /// One JSON object per line: [`id`,] `code`, `name`, `script`, `confidence`, `reliable`,
        /// [`declared`,] `others`, `spans`, as the `language` object of a result document.
        case json
    }

    /// A line longer than this is judged by its first bytes (cut at a character boundary): a megabyte
    /// says all there is to say about a language, and CLD2's time grows with the length.
    public static let maximumTextBytes = 1 << 20

    public var input: Input
    public var output: Output
    /// Hints for every text without its own.
    public var declared: String?
    public var url: String?

    private let identifier = LanguageIdentifier()

    public init(input: Input = .lines, output: Output = .tabSeparated, declared: String? = nil, url: String? = nil) {
        self.input = input
        self.output = output
        self.declared = declared
        self.url = url
    }

    /// Sets up the process for judging many texts: glibc keeps the memory CLD2 frees on every call
    /// instead of returning it to the kernel, which made the kernel's page faults cost more than CLD2.
    public static func prepareProcess() {
        ccld2_keep_freed_memory()
    }

    /// A line that could not be read; its answer is not written.
    public struct LineError: Error, Sendable {
        public var message: String
    }

    /// Judges one line (without its newline) and appends the answer line to `out`.
    ///
    /// - Throws: ``LineError`` for a `--jsonl` line that is not a JSON object with a string `"text"`.
    public func process(_ line: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) throws(LineError) {
        switch input {
        case .lines:
            let language = identifier.identify(bytes: Self.cut(line), declared: declared, url: url)
            write(language, id: nil, to: &out)
        case .jsonLines:
            let object: FlatJSONObject
            do {
                object = try FlatJSONObject(line)
            } catch {
                throw LineError(message: "not a JSON object (\(error.reason) at byte \(error.offset))")
            }
            guard var text = object.string("text") else {
                throw LineError(message: "no string \"text\" in the object")
            }
            if text.utf8.count > Self.maximumTextBytes {
                let whole = text
                text = Array(whole.utf8).withUnsafeBufferPointer { String(decoding: Self.cut($0), as: UTF8.self) }
            }
            let language = identifier.identify(
                text, title: object.string("title") ?? "", declared: object.string("declared") ?? declared,
                url: object.string("url") ?? url, charset: object.string("charset"))
            write(language, id: object["id"], to: &out)
        }
    }

    /// The first ``maximumTextBytes`` of `bytes`, not ending inside a UTF-8 sequence.
    private static func cut(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard bytes.count > maximumTextBytes else { return bytes }
        var end = maximumTextBytes
        while end > 0 && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[..<end])
    }

    private func write(_ language: ArticleDocument.Language, id: FlatJSONObject.Value?, to out: inout [UInt8]) {
        switch output {
        case .json: Self.writeJSON(language, id: id, to: &out)
        case .tabSeparated: Self.writeTabSeparated(language, id: id, to: &out)
        }
        out.append(0x0A)
    }

    static func writeJSON(_ language: ArticleDocument.Language, id: FlatJSONObject.Value?, to out: inout [UInt8]) {
        out.append(0x7B)
        switch id {
        case .string(let id)?:
            JSONBytes.appendRaw(#""id":"#, to: &out)
            JSONBytes.appendString(id, to: &out)
            out.append(0x2C)
        case .number(let id)?:
            JSONBytes.appendRaw(#""id":"#, to: &out)
            out.append(contentsOf: id.utf8)
            out.append(0x2C)
        default: break
        }
        JSONBytes.appendRaw(#""code":"#, to: &out)
        JSONBytes.appendString(language.code, to: &out)
        JSONBytes.appendRaw(#","name":"#, to: &out)
        JSONBytes.appendString(language.name, to: &out)
        if let script = language.script {
            JSONBytes.appendRaw(#","script":"#, to: &out)
            JSONBytes.appendString(script, to: &out)
        }
        JSONBytes.appendRaw(#","confidence":"#, to: &out)
        JSONBytes.appendDecimal(language.confidence, decimals: 3, to: &out)
        JSONBytes.appendRaw(language.reliable ? #","reliable":true"# : #","reliable":false"#, to: &out)
        if let declared = language.declared {
            JSONBytes.appendRaw(#","declared":"#, to: &out)
            JSONBytes.appendString(declared, to: &out)
        }
        JSONBytes.appendRaw(#","others":["#, to: &out)
        for (index, other) in language.others.enumerated() {
            if index > 0 { out.append(0x2C) }
            JSONBytes.appendRaw(#"{"code":"#, to: &out)
            JSONBytes.appendString(other.code, to: &out)
            JSONBytes.appendRaw(#","percent":"#, to: &out)
            JSONBytes.appendInt(other.percent, to: &out)
            out.append(0x7D)
        }
        JSONBytes.appendRaw(#"],"spans":["#, to: &out)
        for (index, span) in language.spans.enumerated() {
            if index > 0 { out.append(0x2C) }
            JSONBytes.appendRaw(#"{"code":"#, to: &out)
            JSONBytes.appendString(span.code, to: &out)
            if let name = span.name {
                JSONBytes.appendRaw(#","name":"#, to: &out)
                JSONBytes.appendString(name, to: &out)
            }
            if let script = span.script {
                JSONBytes.appendRaw(#","script":"#, to: &out)
                JSONBytes.appendString(script, to: &out)
            }
            JSONBytes.appendRaw(#","offset":"#, to: &out)
            JSONBytes.appendInt(span.offset, to: &out)
            JSONBytes.appendRaw(#","length":"#, to: &out)
            JSONBytes.appendInt(span.length, to: &out)
            JSONBytes.appendRaw(#","percent":"#, to: &out)
            JSONBytes.appendDecimal(span.percent, decimals: 1, to: &out)
            out.append(0x7D)
        }
        out.append(0x5D)
        if let reason = language.reason {
            JSONBytes.appendRaw(#","reason":"#, to: &out)
            JSONBytes.appendString(reason, to: &out)
        }
        out.append(0x7D)
    }

    static func writeTabSeparated(
        _ language: ArticleDocument.Language, id: FlatJSONObject.Value?, to out: inout [UInt8]
    ) {
        switch id {
        case .string(let id)?:
            // Tabs and newlines in an id would break the columns.
            out.append(contentsOf: id.utf8.map { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 })
            out.append(0x09)
        case .number(let id)?:
            out.append(contentsOf: id.utf8)
            out.append(0x09)
        default: break
        }
        out.append(contentsOf: language.code.utf8)
        out.append(0x09)
        out.append(contentsOf: language.name.utf8)
        out.append(0x09)
        out.append(contentsOf: (language.script ?? "-").utf8)
        out.append(0x09)
        JSONBytes.appendDecimal(language.confidence, decimals: 3, to: &out)
        JSONBytes.appendRaw(language.reliable ? "\treliable\t" : "\tunreliable\t", to: &out)
        if language.spans.isEmpty { out.append(0x2D) }
        for (index, span) in language.spans.enumerated() {
            if index > 0 { out.append(0x2C) }
            out.append(contentsOf: span.code.utf8)
            out.append(0x40)
            JSONBytes.appendInt(span.offset, to: &out)
            out.append(0x2B)
            JSONBytes.appendInt(span.length, to: &out)
        }
    }
}

/// Stage 1: raw bytes to a Swift string, and the charset they were in.
///
/// Order of evidence: byte order mark, then the Content-Type charset, then a `<meta>` declaration in the
/// first 4 KiB (HTML only), then valid UTF-8, then windows-1252 (the WHATWG default for undeclared
/// non-UTF-8 pages). A label that iconv does not know, or bytes that do not fit their label, fall through
/// to the next guess instead of failing: only empty and binary input are errors.
struct DecodeStage: Sendable {
    /// The text and where it came from.
    struct Output: Sendable {
        var text: String
        var charset: CharsetLabel
        /// Where the charset came from; nil until every path records it.
        var charsetSource: CharsetSource? = nil
    }

    var maxArticleBytes: Int

    func run(_ article: Article) throws(PipelineError) -> Output {
        let bytes = article.bytes
        guard bytes.count <= maxArticleBytes else {
            throw PipelineError(code: .tooLarge, message: "article exceeds the configured byte limit")
        }
        guard !bytes.isEmpty else {
            throw PipelineError(code: .undecodable, message: "article is empty")
        }
        if let (charset, length) = CharsetSniffer.byteOrderMark(bytes) {
            let body = Array(bytes[length...])
            if let text = Self.convert(body, from: charset) {
                return Output(text: Self.clean(text), charset: charset)
            }
            return Self.fallback(body)
        }
        if CharsetSniffer.looksBinary(bytes) {
            // UTF-16 without a BOM is full of NULs too, but in a regular pattern.
            if let charset = CharsetSniffer.utf16WithoutBOM(bytes), let text = Self.convert(bytes, from: charset) {
                return Output(text: Self.clean(text), charset: charset)
            }
            throw PipelineError(code: .undecodable, message: "article bytes are binary, not text")
        }
        if let declared = declaredCharset(article), let output = Self.decode(bytes, declared: declared) {
            return output
        }
        return Self.fallback(bytes)
    }

    /// The charset the HTTP header or the page itself declares, if any.
    private func declaredCharset(_ article: Article) -> CharsetLabel? {
        if let contentType = article.contentType, let label = CharsetSniffer.charset(fromContentType: contentType),
            let charset = CharsetLabel(label: label)
        {
            return charset
        }
        let mayBeHTML =
            article.format == .html || (article.format == .auto && CharsetSniffer.looksLikeHTML(article.bytes))
        if mayBeHTML, let label = CharsetSniffer.metaCharset(article.bytes), let charset = CharsetLabel(label: label) {
            // A <meta> read as ASCII cannot truly be declaring UTF-16; browsers take UTF-8 then.
            return charset.isUTF16 ? .utf8 : charset
        }
        return nil
    }

    /// Decodes with the declared charset, or returns nil when it does not fit the bytes.
    private static func decode(_ bytes: [UInt8], declared: CharsetLabel) -> Output? {
        // Pages that declare a legacy charset but are served as UTF-8 are common; bytes that are valid
        // UTF-8 with non-ASCII in them are almost never a legacy encoding by chance.
        if declared == .utf8 || isValidNonASCIIUTF8(bytes) {
            guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
            return Output(text: clean(text), charset: .utf8)
        }
        guard let text = convert(bytes, from: declared) else { return nil }
        return Output(text: clean(text), charset: declared)
    }

    /// The last resort, which never fails: UTF-8 when the bytes are (mostly) UTF-8, else windows-1252.
    private static func fallback(_ bytes: [UInt8]) -> Output {
        var errors = 0
        var multiByte = 0
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var scalars = String.UnicodeScalarView()
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if !scalar.isASCII { multiByte += 1 }
                scalars.append(scalar)
            case .error:
                errors += 1
                scalars.append("\u{FFFD}")
            case .emptyInput:
                break decoding
            }
        }
        // A few broken sequences in otherwise UTF-8 text (a truncated download, one bad paste) keep UTF-8;
        // mostly broken means a single-byte legacy charset.
        if errors == 0 || multiByte >= errors * 4 {
            return Output(text: clean(String(scalars)), charset: .utf8)
        }
        return Output(text: clean(Windows1252.decode(bytes)), charset: .windows1252)
    }

    private static func convert(_ bytes: [UInt8], from charset: CharsetLabel) -> String? {
        let converter = IconvConverter(charset: charset.iconvName, maxInvalidBytes: max(8, bytes.count / 100))
        guard let utf8 = converter.convert(bytes) else { return nil }
        return String(decoding: utf8, as: UTF8.self)
    }

    private static func isValidNonASCIIUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.contains { $0 >= 0x80 } && String(validating: bytes, as: UTF8.self) != nil
    }

    /// Drops a leading U+FEFF and control characters other than tab, newline and carriage return: they
    /// carry no text, confuse the HTML parser and would need escaping in every JSON document.
    static func clean(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(text.unicodeScalars.count)
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if index == 0 && scalar == "\u{FEFF}" { continue }
            let value = scalar.value
            if value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D { continue }
            if value == 0x7F { continue }
            scalars.append(scalar)
        }
        return String(scalars)
    }
}

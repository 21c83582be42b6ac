/// Stage 1: raw bytes to valid UTF-8, the charset they were in, and where that charset came from.
///
/// Order of evidence:
/// 1. a byte order mark (`bom`);
/// 2. a declared charset: the job's Content-Type (`header`), then a `<meta>` in the first 4 KiB of an HTML
///    page (`meta`) — unless the bytes contradict it (see ``decode(_:declared:source:)``);
/// 3. detection (`detected`): valid (or nearly valid) UTF-8, BOM-less UTF-16, then uchardet;
/// 4. windows-1252, the WHATWG default for undeclared non-UTF-8 bytes (`default`).
///
/// A label that iconv does not know, or bytes that do not fit their label, fall through to the next
/// guess instead of failing: only empty, oversized and binary input are errors. Every step is linear in
/// the input, and uchardet and the plausibility checks only read a bounded prefix.
struct DecodeStage: Sendable {
    /// The text and where it came from.
    struct Output: Sendable {
        /// The text as UTF-8, always valid: UTF-8 input that validates is passed on without a copy.
        var utf8: [UInt8]
        var charset: CharsetLabel
        /// Where the charset came from.
        var charsetSource: CharsetSource? = nil

        init(utf8: [UInt8], charset: CharsetLabel, charsetSource: CharsetSource?) {
            self.utf8 = utf8
            self.charset = charset
            self.charsetSource = charsetSource
        }

        init(text: String, charset: CharsetLabel, charsetSource: CharsetSource?) {
            self.init(utf8: Array(text.utf8), charset: charset, charsetSource: charsetSource)
        }

        /// The text as a string (validated again by Swift: for the plain-text path and tests).
        var text: String { String(decoding: utf8, as: UTF8.self) }
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
            if let text = Self.convert(body, from: charset)?.text {
                return Output(utf8: Self.clean(text), charset: charset, charsetSource: .bom)
            }
            return Self.detect(body)
        }
        if CharsetSniffer.looksBinary(bytes) {
            // UTF-16 without a BOM is full of control bytes too, but it decodes to text of one script.
            if let output = Self.utf16WithoutBOM(bytes) {
                return output
            }
            throw PipelineError(code: .undecodable, message: "article bytes are binary, not text")
        }
        if let (declared, source) = declaredCharset(article) {
            return Self.decode(bytes, declared: declared, source: source)
        }
        return Self.detect(bytes)
    }

    /// The charset the HTTP header or the page itself declares, if any, and which of them declared it.
    private func declaredCharset(_ article: Article) -> (CharsetLabel, CharsetSource)? {
        if let contentType = article.contentType, let label = CharsetSniffer.charset(fromContentType: contentType),
            let charset = CharsetLabel(label: label)
        {
            return (charset, .header)
        }
        let mayBeHTML =
            article.format == .html || (article.format == .auto && CharsetSniffer.looksLikeHTML(article.bytes))
        if mayBeHTML, let label = CharsetSniffer.metaCharset(article.bytes), let charset = CharsetLabel(label: label) {
            // A <meta> read as ASCII cannot truly be declaring UTF-16; browsers take UTF-8 then.
            return (charset.isUTF16 ? .utf8 : charset, .meta)
        }
        return nil
    }

    /// Decodes with the declared charset unless the bytes contradict it.
    ///
    /// A declaration loses when:
    /// - it names a legacy charset but the bytes are valid UTF-8 with non-ASCII in them (pages served as
    ///   UTF-8 under an old label are common; legacy text is almost never valid UTF-8 by chance);
    /// - it names UTF-8 but the bytes are not (nearly) valid UTF-8;
    /// - decoding with it replaces bytes or yields implausible text (accents only, mixed scripts, stray
    ///   symbols: ``TextPlausibility``) while uchardet names another charset whose decoding is plausible.
    ///
    /// A declaration whose decoding is plausible is kept without asking uchardet, so correct labels are
    /// never second-guessed (uchardet cannot tell windows-1252 from windows-1250 or ISO-8859-15 reliably).
    static func decode(_ bytes: [UInt8], declared: CharsetLabel, source: CharsetSource) -> Output {
        let scan = UTF8Scan(bytes)
        if (declared == .utf8 || scan.hasNonASCII) && scan.isValid {
            return Output(
                utf8: clean(bytes, scan), charset: .utf8, charsetSource: declared == .utf8 ? source : .detected)
        }
        if declared == .utf8 {
            return detect(bytes, utf8Source: source)
        }
        let declaredDecoding = convert(bytes, from: declared)
        if let declaredDecoding, declaredDecoding.invalidBytes == 0,
            TextPlausibility.assess(declaredDecoding.text) != .implausible
        {
            return Output(utf8: clean(declaredDecoding.text), charset: declared, charsetSource: source)
        }
        let lenient = LenientUTF8(bytes)
        if lenient.multiByte > 0 && lenient.isMostlyUTF8 {
            return Output(utf8: clean(lenient.text), charset: .utf8, charsetSource: .detected)
        }
        // gbk and gb18030, or iso-8859-1 and windows-1252, are one decoder: no contradiction between them.
        if let detected = uchardetOutput(bytes), detected.charset.iconvName != declared.iconvName,
            TextPlausibility.assess(detected.text) == .plausible
        {
            return detected
        }
        if let declaredDecoding {
            return Output(utf8: clean(declaredDecoding.text), charset: declared, charsetSource: source)
        }
        return detect(bytes)
    }

    /// Detection for bytes no BOM or declaration settles: (nearly) valid UTF-8, BOM-less UTF-16, uchardet,
    /// then windows-1252.
    ///
    /// - Parameter utf8Source: where a UTF-8 result's charset came from when UTF-8 was declared (a few
    ///   broken sequences do not refute the declaration); nil when nothing was declared.
    static func detect(_ bytes: [UInt8], utf8Source: CharsetSource? = nil) -> Output {
        // Strictly valid UTF-8, by far the most common case, needs no lenient pass.
        let scan = UTF8Scan(bytes)
        if scan.isValid {
            return Output(utf8: clean(bytes, scan), charset: .utf8, charsetSource: utf8Source ?? .detected)
        }
        let lenient = LenientUTF8(bytes)
        if lenient.isMostlyUTF8 {
            return Output(utf8: clean(lenient.text), charset: .utf8, charsetSource: utf8Source ?? .detected)
        }
        if let output = utf16WithoutBOM(bytes) ?? uchardetOutput(bytes) {
            return output
        }
        return Output(utf8: clean(Windows1252.decode(bytes)), charset: .windows1252, charsetSource: .default)
    }

    /// The decoding with uchardet's charset, if uchardet names one the bytes fit.
    private static func uchardetOutput(_ bytes: [UInt8]) -> Output? {
        guard let detected = CharsetDetector.detect(bytes), detected != .utf8 else { return nil }
        let charset = CharsetRefinement.refine(detected, bytes: bytes)
        guard let decoding = convert(bytes, from: charset) else { return nil }
        return Output(utf8: clean(decoding.text), charset: charset, charsetSource: .detected)
    }

    private static func utf16WithoutBOM(_ bytes: [UInt8]) -> Output? {
        guard let charset = CharsetSniffer.utf16WithoutBOM(bytes), let text = convert(bytes, from: charset)?.text
        else { return nil }
        return Output(utf8: clean(text), charset: charset, charsetSource: .detected)
    }

    /// The bytes converted with iconv, tolerating invalid bytes in up to 1 % of the input.
    private static func convert(_ bytes: [UInt8], from charset: CharsetLabel) -> (text: String, invalidBytes: Int)? {
        let converter = IconvConverter(charset: charset.iconvName, maxInvalidBytes: max(8, bytes.count / 100))
        guard let conversion = converter.convertCountingInvalid(bytes) else { return nil }
        return (String(decoding: conversion.utf8, as: UTF8.self), conversion.invalidBytes)
    }

    /// Drops a leading U+FEFF and control characters other than tab, newline and carriage return: they
    /// carry no text, confuse the HTML parser and would need escaping in every JSON document.
    ///
    /// Works on the UTF-8 bytes: those characters are single bytes that never occur inside a multi-byte
    /// sequence, and most pages have none, so the common case is one scan and no copy.
    static func clean(_ bytes: [UInt8], _ scan: UTF8Scan) -> [UInt8] {
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        guard bom || scan.hasDroppedControls else { return bytes }
        var kept = [UInt8]()
        kept.reserveCapacity(bytes.count)
        for byte in bytes[(bom ? 3 : 0)...] where !UTF8Scan.isDroppedControl(byte) { kept.append(byte) }
        return kept
    }

    /// ``clean(_:_:)`` for text another decoder produced.
    static func clean(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        return clean(bytes, UTF8Scan(bytes))
    }
}

/// Finds what the bytes say about their own charset, without decoding them.
enum CharsetSniffer {
    /// How far into a page a `<meta>` charset declaration is looked for; the HTML standard says 1024
    /// bytes, real pages put it later, and 4 KiB catches nearly all of them.
    static let metaPrescanBytes = 4096

    /// The charset a byte order mark announces, and the mark's length.
    static func byteOrderMark(_ bytes: [UInt8]) -> (charset: CharsetLabel, length: Int)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if bytes.starts(with: [0xFF, 0xFE]) { return (.utf16LE, 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return (.utf16BE, 2) }
        return nil
    }

    /// The `charset` parameter of a Content-Type value such as `text/html; charset="koi8-r"`.
    static func charset(fromContentType contentType: String) -> String? {
        charsetParameter(in: Array(contentType.utf8)[...])
    }

    /// The charset declared by the first `<meta charset=…>` or `<meta http-equiv="Content-Type"
    /// content="…; charset=…">` in the first ``metaPrescanBytes`` bytes.
    ///
    /// Works on bytes, so it finds ASCII declarations in any ASCII-compatible encoding.
    static func metaCharset(_ bytes: [UInt8]) -> String? {
        let prefix = bytes.prefix(metaPrescanBytes).map(asciiLowercased)
        var index = 0
        let meta = Array("<meta".utf8)
        while let start = find(meta, in: prefix, from: index) {
            let tagEnd = prefix[start...].firstIndex(of: UInt8(ascii: ">")) ?? prefix.endIndex
            if let charset = charsetParameter(in: prefix[(start + meta.count)..<tagEnd]) {
                return charset
            }
            index = tagEnd
        }
        return nil
    }

    /// Whether the bytes start like HTML in an ASCII-compatible encoding: a tag HTML pages open with
    /// appears in the first 1 KiB.
    static func looksLikeHTML(_ bytes: [UInt8]) -> Bool {
        containsHTMLMarker(bytes.prefix(1024).map(asciiLowercased))
    }

    /// Whether already-decoded text looks like HTML (used for `.auto`, after decoding).
    static func looksLikeHTML(text: String) -> Bool {
        containsHTMLMarker(text.utf8.prefix(1024).map(asciiLowercased))
    }

    /// Whether the bytes are binary rather than text in some encoding: control characters that no text
    /// uses (NUL among them) make up more than 5 % of the first 8 KiB, and there are more than four of
    /// them (a stray control in a short text is not binary). Random bytes score about 12 %.
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        let sample = bytes.prefix(8192)
        guard !sample.isEmpty else { return false }
        let controls = sample.reduce(0) { count, byte in
            let isControl = byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C
            return count + (isControl || byte == 0x7F ? 1 : 0)
        }
        return controls > 4 && controls * 20 > sample.count
    }

    /// For BOM-less UTF-16: most NULs at odd positions mean little-endian ASCII-range text, at even
    /// positions big-endian. Text with little ASCII (Cyrillic, Greek, Thai, CJK) has few NULs; it is
    /// UTF-16 when it holds control bytes (which legacy text lacks) and exactly one byte order decodes
    /// its first 4 KiB to plausible text.
    static func utf16WithoutBOM(_ bytes: [UInt8]) -> CharsetLabel? {
        let sample = Array(bytes.prefix(4096))
        guard sample.count >= 8 else { return nil }
        var evenZeros = 0
        var oddZeros = 0
        var controls = 0
        for (index, byte) in sample.enumerated() {
            if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D { controls += 1 }
            guard byte == 0 else { continue }
            if index % 2 == 0 { evenZeros += 1 } else { oddZeros += 1 }
        }
        let half = sample.count / 2
        if oddZeros * 10 > half * 6 && evenZeros * 20 < half { return .utf16LE }
        if evenZeros * 10 > half * 6 && oddZeros * 20 < half { return .utf16BE }
        // ASCII or legacy text read as UTF-16 can look like plausible CJK; real UTF-16 has control bytes.
        guard sample.count >= 16, controls * 50 >= sample.count else { return nil }
        let littleEndian = TextPlausibility.assess(decodeUTF16(sample, bigEndian: false)) == .plausible
        let bigEndian = TextPlausibility.assess(decodeUTF16(sample, bigEndian: true)) == .plausible
        if littleEndian != bigEndian { return littleEndian ? .utf16LE : .utf16BE }
        // Both can read as text (Greek swapped is Hangul): spaces and ASCII punctuation put their NULs on
        // the high-byte side.
        guard littleEndian else { return nil }
        if oddZeros > evenZeros * 2 { return .utf16LE }
        if evenZeros > oddZeros * 2 { return .utf16BE }
        return nil
    }

    /// UTF-16 code units decoded leniently (a cut-off last unit or lone surrogate becomes U+FFFD).
    private static func decodeUTF16(_ bytes: [UInt8], bigEndian: Bool) -> String {
        let units = stride(from: 0, to: bytes.count - 1, by: 2).map { index -> UInt16 in
            let first = UInt16(bytes[index])
            let second = UInt16(bytes[index + 1])
            return bigEndian ? first << 8 | second : second << 8 | first
        }
        return String(decoding: units, as: UTF16.self)
    }

    // MARK: - Helpers

    private static let htmlMarkers: [[UInt8]] = [
        "<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<p>", "<p ", "<div", "<br",
        "<article", "<h1", "<h2", "<span", "<a href", "<table", "<ul", "<!--",
    ].map { Array($0.utf8) }

    private static func containsHTMLMarker(_ lowered: [UInt8]) -> Bool {
        htmlMarkers.contains { find($0, in: lowered, from: 0) != nil }
    }

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }

    /// The value after `charset=` (optional spaces and quotes allowed) in lowercased ASCII bytes.
    private static func charsetParameter(in bytes: ArraySlice<UInt8>) -> String? {
        let lowered = Array(bytes.map(asciiLowercased))
        let key = Array("charset".utf8)
        var index = 0
        while let start = find(key, in: lowered, from: index) {
            var position = start + key.count
            while position < lowered.count, lowered[position] == 0x20 { position += 1 }
            guard position < lowered.count, lowered[position] == UInt8(ascii: "=") else {
                index = start + key.count
                continue
            }
            position += 1
            while position < lowered.count, [0x20, 0x22, 0x27].contains(lowered[position]) { position += 1 }
            let valueStart = position
            while position < lowered.count, !" \"';>/\t\r\n,".utf8.contains(lowered[position]) { position += 1 }
            if position > valueStart {
                return String(decoding: lowered[valueStart..<position], as: UTF8.self)
            }
            index = position
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else {
            return nil
        }
        var index = start
        let first = needle[0]
        while index <= haystack.count - needle.count {
            if haystack[index] == first && haystack[index..<(index + needle.count)].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }
}

/// A charset as the pipeline knows it: the name reported in documents and the name iconv takes.
struct CharsetLabel: Equatable, Sendable {
    /// Lowercased name for the `charset` field: `"utf-8"`, `"windows-1251"`, `"shift_jis"`.
    let name: String
    /// The name handed to `iconv_open`.
    let iconvName: String

    static let utf8 = CharsetLabel(name: "utf-8", iconvName: "UTF-8")
    static let utf16LE = CharsetLabel(name: "utf-16le", iconvName: "UTF-16LE")
    static let utf16BE = CharsetLabel(name: "utf-16be", iconvName: "UTF-16BE")
    static let windows1252 = CharsetLabel(name: "windows-1252", iconvName: "WINDOWS-1252")

    /// Maps a label found in a header or `<meta>` to a charset, following the WHATWG Encoding Standard's
    /// aliases where they matter (latin1 and ascii mean windows-1252, gb2312 means gbk, and so on).
    ///
    /// Returns nil for an empty label or one with characters no charset name has; labels that are
    /// merely unknown are passed to iconv as they are, and fail there.
    init?(label rawLabel: String) {
        let label = rawLabel.trimmingASCIIWhitespaceAndQuotes().lowercased()
        guard !label.isEmpty, label.count <= 40,
            label.unicodeScalars.allSatisfy({
                $0.isASCII && ($0.properties.isAlphabetic || "0123456789-_.:".unicodeScalars.contains($0))
            })
        else {
            return nil
        }
        if let known = Self.aliases[label] {
            self = known
        } else {
            self.init(name: label, iconvName: label.uppercased())
        }
    }

    /// Maps uchardet's answer (`"WINDOWS-1251"`, `"SHIFT_JIS"`, `"UHC"`, `"ASCII"`) to a charset.
    ///
    /// Returns nil for names without a known label, and for UTF-16 and UTF-32, which uchardet only
    /// reports with a BOM the stage has already read: an unknown answer is treated as no answer.
    /// ASCII is UTF-8 (its subset); ISO-8859-1 and -9 become their windows-125x supersets, as for labels.
    init?(uchardetName: String) {
        let name = uchardetName.lowercased()
        if name == "ascii" {
            self = .utf8
            return
        }
        guard let known = Self.aliases[name], !known.isUTF16 else { return nil }
        self = known
    }

    init(name: String, iconvName: String) {
        self.name = name
        self.iconvName = iconvName
    }

    /// Whether this is a UTF-16 variant; `<meta>` declaring one is wrong by definition (the meta itself
    /// was read as ASCII), and browsers then use UTF-8.
    var isUTF16: Bool { name.hasPrefix("utf-16") }

    private static let aliases: [String: CharsetLabel] = {
        var table: [String: CharsetLabel] = [:]
        func add(_ labels: [String], _ charset: CharsetLabel) {
            for label in labels { table[label] = charset }
        }
        add(["utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8"], .utf8)
        add(["utf-16", "utf-16le", "unicode", "ucs-2", "csunicode", "iso-10646-ucs-2"], .utf16LE)
        add(["utf-16be", "unicodefffe"], .utf16BE)
        add(
            [
                "windows-1252", "cp1252", "x-cp1252", "latin1", "l1", "iso-8859-1", "iso8859-1", "iso_8859-1",
                "iso88591", "ascii", "us-ascii", "ansi_x3.4-1968", "cp819", "ibm819", "iso-ir-100",
            ],
            .windows1252
        )
        for number in 1250...1258 {
            add(
                ["windows-\(number)", "cp\(number)", "x-cp\(number)"],
                CharsetLabel(name: "windows-\(number)", iconvName: "WINDOWS-\(number)")
            )
        }
        for number in [2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16] {
            let charset = CharsetLabel(name: "iso-8859-\(number)", iconvName: "ISO-8859-\(number)")
            add(["iso-8859-\(number)", "iso8859-\(number)", "iso_8859-\(number)", "iso8859\(number)"], charset)
        }
        add(["iso-8859-9", "iso8859-9", "latin5", "l5"], CharsetLabel(name: "windows-1254", iconvName: "WINDOWS-1254"))
        add(["iso-8859-11", "tis-620", "windows-874", "cp874"], CharsetLabel(name: "windows-874", iconvName: "CP874"))
        add(["koi8-r", "koi8", "koi", "cskoi8r", "koi8_r"], CharsetLabel(name: "koi8-r", iconvName: "KOI8-R"))
        add(["koi8-u", "koi8-ru"], CharsetLabel(name: "koi8-u", iconvName: "KOI8-U"))
        add(["ibm866", "cp866", "866"], CharsetLabel(name: "ibm866", iconvName: "CP866"))
        add(["x-mac-cyrillic", "x-mac-ukrainian"], CharsetLabel(name: "x-mac-cyrillic", iconvName: "MAC-CYRILLIC"))
        add(
            ["macintosh", "mac", "x-mac-roman", "csmacintosh"],
            CharsetLabel(name: "macintosh", iconvName: "MACINTOSH")
        )
        // Shift_JIS pages are in practice Microsoft's superset, CP932 (WHATWG does the same).
        add(
            ["shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "windows-31j", "ms932", "cp932"],
            CharsetLabel(name: "shift_jis", iconvName: "CP932")
        )
        add(["euc-jp", "x-euc-jp", "cseucpkdfmtjapanese"], CharsetLabel(name: "euc-jp", iconvName: "EUC-JP"))
        add(["iso-2022-jp", "csiso2022jp"], CharsetLabel(name: "iso-2022-jp", iconvName: "ISO-2022-JP"))
        // GB2312 and GBK labels both mean GBK on the web; GB18030 decodes all of them.
        add(
            ["gbk", "gb2312", "gb_2312", "gb_2312-80", "chinese", "csgb2312", "x-gbk", "cp936", "euc-cn"],
            CharsetLabel(name: "gbk", iconvName: "GB18030")
        )
        add(["gb18030"], CharsetLabel(name: "gb18030", iconvName: "GB18030"))
        add(
            ["big5", "big5-hkscs", "cn-big5", "x-x-big5", "csbig5"],
            CharsetLabel(name: "big5", iconvName: "BIG5-HKSCS")
        )
        add(
            ["euc-kr", "ks_c_5601-1987", "korean", "windows-949", "cp949", "csksc56011987", "uhc"],
            CharsetLabel(name: "euc-kr", iconvName: "CP949")
        )
        // Names uchardet can answer that no web label uses.
        add(["euc-tw"], CharsetLabel(name: "euc-tw", iconvName: "EUC-TW"))
        add(["iso-2022-kr"], CharsetLabel(name: "iso-2022-kr", iconvName: "ISO-2022-KR"))
        add(["iso-2022-cn"], CharsetLabel(name: "iso-2022-cn", iconvName: "ISO-2022-CN"))
        add(["ibm855", "cp855"], CharsetLabel(name: "ibm855", iconvName: "CP855"))
        add(["viscii"], CharsetLabel(name: "viscii", iconvName: "VISCII"))
        add(["mac-cyrillic"], CharsetLabel(name: "x-mac-cyrillic", iconvName: "MAC-CYRILLIC"))
        add(["mac-centraleurope"], CharsetLabel(name: "x-mac-ce", iconvName: "MAC-CENTRALEUROPE"))
        return table
    }()
}

extension String {
    /// The string without surrounding ASCII whitespace and quotes, as charset labels are often written.
    func trimmingASCIIWhitespaceAndQuotes() -> String {
        let junk: Set<Character> = [" ", "\t", "\n", "\r", "\u{0C}", "\"", "'"]
        var slice = Substring(self)
        while let first = slice.first, junk.contains(first) { slice.removeFirst() }
        while let last = slice.last, junk.contains(last) { slice.removeLast() }
        return String(slice)
    }
}

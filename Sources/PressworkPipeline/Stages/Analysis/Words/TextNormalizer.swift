import CICU

/// Unicode normalization for article text and for search terms.
///
/// Article text is kept in NFC, the form every other stage and the result document's offsets assume.
/// Search terms get a stronger folding (see ``token(_:)``) so that spellings a reader sees as the same word
/// compare equal. Stateless; ICU's normalizers are shared and thread-safe.
struct TextNormalizer: Sendable {
    init() {}

    /// `text` in Unicode Normalization Form C (canonical composition).
    ///
    /// Text already in NFC (all ASCII text, and most other text) comes back as the same string without a
    /// copy. Should ICU fail, the text is returned unchanged rather than lost.
    func nfc(_ text: String) -> String {
        Self.normalize(text, form: PW_ICU_NFC) ?? text
    }

    /// A search term: `token` folded so that variants of one word compare equal.
    ///
    /// In order:
    /// 1. NFKC with case folding (ICU's NFKC_Casefold): compatibility forms (full-width letters, ligatures,
    ///    Arabic presentation forms) become plain letters, case is folded (`Straße` → `strasse`, `ΣΟΦΟΣ` →
    ///    `σοφοσ`), and default-ignorable characters are dropped: zero-width space, joiners and marks
    ///    (U+200B…U+200F), soft hyphen, word joiner, byte order mark, bidi embeddings and isolates
    ///    (U+202A…U+202E, U+2066…U+2069). The Persian zero-width non-joiner goes too, so `می‌خواهم` and
    ///    `میخواهم` match, as readers expect when searching.
    /// 2. Remaining control and format characters are dropped.
    /// 3. Arabic-script spellings are unified; see ``arabicFolded(_:)`` for the table.
    func token(_ token: String) -> String {
        let ascii = UTF8Text.withBytes(token) { _, _, bytes in
            UTF8Text.isASCII(bytes) ? Self.foldASCII(bytes) : nil
        }
        if let ascii { return ascii }
        let folded = Self.normalize(token, form: PW_ICU_NFKC_CASEFOLD) ?? token
        return Self.needsScalarPass(folded) ? Self.foldScalars(folded) : folded
    }

    /// `text` normalized by ICU to `form`: the same string when it is normalized already, nil when ICU
    /// fails.
    static func normalize(_ text: String, form: pw_icu_normal_form) -> String? {
        UTF8Text.withBytes(text) { characters, length, _ -> String? in
            // Search terms are short: a stack buffer spares a heap allocation, above all when nothing changes.
            // (Long text would risk normalizing twice.)
            let small =
                length > 128
                ? nil
                : withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { buffer -> String?? in
                    let needed = pw_icu_normalize(form, characters, length, buffer.baseAddress, Int32(buffer.count))
                    if needed == PW_ICU_UNCHANGED { return .some(text) }
                    if needed < 0 { return .some(nil) }
                    guard Int(needed) <= buffer.count else { return nil }
                    return String(
                        decoding: UnsafeRawBufferPointer(start: buffer.baseAddress, count: Int(needed)), as: UTF8.self)
                }
            if let small { return small }
            var capacity = Int(length) + Int(length) / 4 + 16
            while true {
                var needed: Int32 = 0
                let result = String(unsafeUninitializedCapacity: capacity) { buffer in
                    let output = UnsafeMutableRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
                    needed = pw_icu_normalize(form, characters, length, output, Int32(buffer.count))
                    return needed >= 0 && Int(needed) <= buffer.count ? Int(needed) : 0
                }
                if needed == PW_ICU_UNCHANGED { return text }
                if needed < 0 { return nil }
                if Int(needed) <= capacity { return result }
                capacity = Int(needed)
            }
        }
    }

    /// NFKC_Casefold of ASCII without ICU: letters lowercased, control characters dropped.
    private static func foldASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { buffer in
            var count = 0
            for byte in bytes where byte >= 0x20 && byte != 0x7F {
                buffer[count] = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
                count += 1
            }
            return count
        }
    }

    /// Whether the folded text may hold controls (C0, DEL, C1) or Arabic-block letters (U+0600…U+06FF,
    /// lead bytes 0xD8…0xDB): only then is the slower pass over Unicode scalars needed.
    private static func needsScalarPass(_ text: String) -> Bool {
        UTF8Text.withBytes(text) { _, _, bytes in
            var previous: UInt8 = 0
            for byte in bytes {
                if byte < 0x20 || byte == 0x7F || (0xD8...0xDB).contains(byte) { return true }
                if previous == 0xC2 && (0x80...0x9F).contains(byte) { return true }
                previous = byte
            }
            return false
        }
    }

    /// `text` without control and format characters and with Arabic-script variants unified. Every
    /// change keeps or shortens a scalar's UTF-8, so the result fits in the text's own length.
    private static func foldScalars(_ text: String) -> String {
        String(unsafeUninitializedCapacity: text.utf8.count) { buffer in
            var count = 0
            for scalar in text.unicodeScalars {
                guard let kept = arabicFolded(scalar), !isControlOrFormat(kept) else { continue }
                UTF8.encode(kept) { byte in
                    buffer[count] = byte
                    count += 1
                }
            }
            return count
        }
    }

    /// Control characters (Cc) and format characters (Cf) left after NFKC_Casefold, such as the Arabic
    /// number signs U+0600…U+0605. The Arabic block is checked by table: its letters are the hot path.
    private static func isControlOrFormat(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x0600...0x0605, 0x06DD: true
        case 0xA0...0x06FF: false
        default: scalar.properties.generalCategory == .format
        }
    }
}

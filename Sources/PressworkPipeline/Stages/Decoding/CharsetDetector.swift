import CUchardet

/// Guesses the charset of undeclared or mislabelled bytes with uchardet.
///
/// Each call creates its own uchardet handle and deletes it before returning: the handle is never shared
/// between threads, never escapes, and is freed on every path.
enum CharsetDetector {
    /// How much of an article uchardet reads: enough for a confident answer on any real page, and it
    /// keeps detection cheap on large inputs.
    static let sampleBytes = 64 * 1024

    /// The charset uchardet names for the first ``sampleBytes`` bytes, mapped to a pipeline label.
    ///
    /// Returns nil when uchardet has no answer, or answers with a name the pipeline does not decode
    /// (UTF-16/UTF-32 without a BOM, which the stage recognises itself, or a name it does not know).
    /// Pure ASCII comes back as UTF-8.
    static func detect(_ bytes: [UInt8]) -> CharsetLabel? {
        guard let name = uchardetName(bytes.prefix(sampleBytes)) else { return nil }
        return CharsetLabel(uchardetName: name)
    }

    /// uchardet's raw answer, such as `"WINDOWS-1251"`, or nil when it has none.
    static func uchardetName(_ bytes: ArraySlice<UInt8>) -> String? {
        guard !bytes.isEmpty, let handle = uchardet_new() else { return nil }
        defer { uchardet_delete(handle) }
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                uchardet_handle_data(handle, chars.baseAddress, chars.count)
            }
        }
        // A non-zero status means uchardet ran out of memory: no answer rather than a wrong one.
        guard status == 0 else { return nil }
        uchardet_data_end(handle)
        guard let answer = uchardet_get_charset(handle) else { return nil }
        let name = String(cString: answer)
        return name.isEmpty ? nil : name
    }
}

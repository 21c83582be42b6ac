/// Helpers for handing a Swift string's UTF-8 bytes to the ICU wrapper without copying them.
enum UTF8Text {
    /// Calls `body` with the string's contiguous UTF-8 bytes (native strings are not copied).
    ///
    /// Texts longer than `Int32.max` bytes, which ICU cannot index, are cut to that length.
    static func withBytes<Result>(
        _ text: String, _ body: (UnsafePointer<CChar>?, Int32, UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        var text = text
        return text.withUTF8 { bytes in
            let bytes = UnsafeBufferPointer(rebasing: bytes.prefix(Int(Int32.max)))
            let characters = bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
            return body(characters, Int32(bytes.count), bytes)
        }
    }

    /// The string spelled by `range` of `bytes`.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// Whether every byte is ASCII.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // OR-ing the bytes together and testing the high bit once is faster than a branch per byte.
        var union: UInt8 = 0
        for byte in bytes { union |= byte }
        return union < 0x80
    }
}

import Glibc

/// Converts bytes in one charset to UTF-8 with iconv.
///
/// An iconv handle keeps shift state and is not thread-safe, so each conversion opens its own handle and
/// closes it before returning: no handle is ever shared between threads or outlives a call.
struct IconvConverter {
    /// The iconv name of the source charset, such as `"WINDOWS-1251"`.
    let charset: String
    /// Undecodable bytes tolerated (each becomes U+FFFD) before the charset is judged wrong.
    let maxInvalidBytes: Int

    /// The UTF-8 bytes of a conversion, and how many input bytes became U+FFFD.
    struct Conversion {
        var utf8: [UInt8]
        var invalidBytes: Int
    }

    /// Returns the UTF-8 bytes, or nil when iconv does not know the charset or the input has more
    /// invalid bytes than ``maxInvalidBytes`` (a sign the label is wrong).
    func convert(_ input: [UInt8]) -> [UInt8]? {
        convertCountingInvalid(input)?.utf8
    }

    /// Like ``convert(_:)``, and also tells how many invalid bytes were replaced.
    func convertCountingInvalid(_ input: [UInt8]) -> Conversion? {
        if input.isEmpty {
            return Conversion(utf8: [], invalidBytes: 0)
        }
        let handle = iconv_open("UTF-8", charset)
        // iconv_open signals failure with (iconv_t)-1, not NULL.
        if handle == nil || Int(bitPattern: handle) == -1 {
            return nil
        }
        defer { iconv_close(handle) }

        var output = [UInt8](repeating: 0, count: max(64, input.count * 3 + 16))
        var written = 0
        var invalid = 0
        let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

        return input.withUnsafeBufferPointer { source -> Conversion? in
            var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer<CChar>(
                mutating: UnsafeRawPointer(source.baseAddress!).assumingMemoryBound(to: CChar.self)
            )
            var inLeft = source.count
            while inLeft > 0 {
                let room = output.count - written
                var outLeft = room
                let result = output.withUnsafeMutableBufferPointer { destination -> Int in
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(
                        destination.baseAddress! + written
                    )
                    .assumingMemoryBound(to: CChar.self)
                    return Glibc.iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
                }
                written += room - outLeft
                if result != -1 {
                    continue
                }
                switch errno {
                case E2BIG:
                    output.append(contentsOf: repeatElement(0, count: output.count))
                case EILSEQ, EINVAL:
                    // EILSEQ: a byte the charset does not define; EINVAL: a sequence cut off at the end.
                    invalid += 1
                    if invalid > maxInvalidBytes {
                        return nil
                    }
                    if output.count - written < replacement.count {
                        output.append(contentsOf: repeatElement(0, count: output.count))
                    }
                    output.replaceSubrange(written..<written + replacement.count, with: replacement)
                    written += replacement.count
                    inPointer = inPointer.map { $0 + 1 }
                    inLeft -= 1
                default:
                    return nil
                }
            }
            return Conversion(utf8: Array(output[..<written]), invalidBytes: invalid)
        }
    }
}

/// Bytes decoded as UTF-8 with every invalid sequence replaced by U+FFFD, and the counts that tell
/// whether they are UTF-8 with a few broken sequences or another charset altogether.
struct LenientUTF8 {
    /// The decoded text.
    let text: String
    /// Invalid or truncated sequences, each replaced by one U+FFFD.
    let errors: Int
    /// Valid non-ASCII characters.
    let multiByte: Int

    init(_ bytes: [UInt8]) {
        var errors = 0
        var multiByte = 0
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
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
        self.text = String(scalars)
        self.errors = errors
        self.multiByte = multiByte
    }

    /// Valid UTF-8, or UTF-8 with a few broken sequences (a truncated download, one bad paste): at least
    /// four valid non-ASCII characters per error. Legacy charsets read as UTF-8 are mostly errors.
    var isMostlyUTF8: Bool { errors == 0 || multiByte >= errors * 4 }
}

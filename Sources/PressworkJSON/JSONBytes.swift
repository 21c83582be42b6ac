/// A small JSON writer over bytes for output written line by line in bulk: no Foundation, no reflection.
public enum JSONBytes {
    /// Appends `string` as a JSON string: quotes, backslashes and control characters escaped, all else
    /// (non-ASCII included) passed through as UTF-8.
    public static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(0x22)
        var string = string
        string.withUTF8 { bytes in
            var clean = 0  // start of the bytes not yet copied
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<index]))
                clean = index + 1
                out.append(0x5C)
                switch byte {
                case 0x22, 0x5C: out.append(byte)
                case 0x0A: out.append(0x6E)  // n
                case 0x0D: out.append(0x72)  // r
                case 0x09: out.append(0x74)  // t
                case 0x08: out.append(0x62)  // b
                case 0x0C: out.append(0x66)  // f
                default:
                    out.append(contentsOf: [0x75, 0x30, 0x30, hex(byte >> 4), hex(byte & 0xF)])  // u00XX
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean...]))
        }
        out.append(0x22)
    }

    /// Appends ASCII text as is (keys, codes known to need no escaping).
    public static func appendRaw(_ text: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    public static func appendInt(_ value: Int, to out: inout [UInt8]) {
        if value < 0 {
            out.append(0x2D)
            appendInt(-value, to: &out)
            return
        }
        if value >= 10 { appendInt(value / 10, to: &out) }
        out.append(0x30 + UInt8(value % 10))
    }

    /// Appends `value` rounded to `decimals` places, without trailing zeros: `0.495`, `0.5`, `1`, `31.5`.
    public static func appendDecimal(_ value: Double, decimals: Int, to out: inout [UInt8]) {
        guard value.isFinite else { return out.append(0x30) }
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        var scaled = Int((abs(value) * Double(scale)).rounded())
        if value < 0 && scaled > 0 { out.append(0x2D) }
        appendInt(scaled / scale, to: &out)
        scaled %= scale
        guard scaled > 0 else { return }
        out.append(0x2E)
        var digits = decimals
        while scaled % 10 == 0 {
            scaled /= 10
            digits -= 1
        }
        var divisor = 1
        for _ in 1..<max(digits, 1) { divisor *= 10 }
        while divisor > 0 {
            out.append(0x30 + UInt8(scaled / divisor % 10))
            divisor /= 10
        }
    }

    private static func hex(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x61 + nibble - 10 }
}

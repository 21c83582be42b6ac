import CZlib

/// Whole-buffer gzip decompression with a bound on the output, for small files such as gzipped sitemaps.
public enum Gunzip {
    /// Whether `bytes` start with the gzip magic number.
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// The decompressed bytes of every gzip member in `bytes`.
    /// - Throws: `GunzipError` when the data is not gzip, is cut short, or would decompress to more than
    ///   `maxBytes` (a gzip bomb stops there, not at the machine's memory).
    public static func decompress(_ bytes: [UInt8], maxBytes: Int) throws(GunzipError) -> [UInt8] {
        guard let inflater = Inflater() else { throw GunzipError(message: "zlib could not allocate its state") }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var offset = 0
        while offset < bytes.count {
            var status: Int32 = Z_OK
            try bytes.withUnsafeBufferPointer { (input) throws(GunzipError) in
                let stream = inflater.stream
                stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + offset)
                stream.pointee.avail_in = UInt32(min(input.count - offset, Int(UInt32.max)))
                repeat {
                    let produced = chunk.withUnsafeMutableBufferPointer { out -> Int in
                        stream.pointee.next_out = out.baseAddress
                        stream.pointee.avail_out = UInt32(out.count)
                        status = inflate(stream, Z_NO_FLUSH)
                        return out.count - Int(stream.pointee.avail_out)
                    }
                    guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                        throw GunzipError(message: "not valid gzip data: \(inflater.lastMessage)")
                    }
                    guard output.count + produced <= maxBytes else {
                        throw GunzipError(message: "decompresses to more than \(maxBytes) bytes")
                    }
                    output += chunk[0..<produced]
                    if produced == 0 && status != Z_STREAM_END { break }
                } while status != Z_STREAM_END
                offset = input.count - Int(stream.pointee.avail_in)
            }
            guard status == Z_STREAM_END else { throw GunzipError(message: "the gzip data is cut short") }
            // Concatenated members decode as one file, as gunzip does; trailing zero padding is ignored.
            guard bytes[offset...].contains(where: { $0 != 0 }) else { break }
            inflater.reset()
        }
        return output
    }
}

/// Why gzip data could not be decompressed.
public struct GunzipError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

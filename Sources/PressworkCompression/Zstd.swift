import CZstd

/// Zstandard through the system's libzstd: article bodies are kept compressed in the store and sent so to
/// workers that can read them, which decompress within a bound (a peer's frame may claim anything).
public enum Zstd {
    /// The encoding's name on the wire and in the store.
    public static let name = "zstd"

    /// Level 1: on news pages about 5× smaller at ~480 MB/s a core (level 3: 5.5× at ~380 MB/s; measured with
    /// `zstd -b` on 300 WCXB pages); the coordinator compresses on its loop thread, so speed comes first.
    public static let level: Int32 = 1

    /// `bytes` compressed into one frame (see `ZstdCompressor`), with a context made for the call.
    public static func compress(_ bytes: [UInt8], level: Int32 = Zstd.level) -> [UInt8] {
        ZstdCompressor(level: level).compress(bytes)
    }

    /// The bytes of the frame(s) in `bytes`, at most `maxBytes` of them; throws on a corrupt or truncated
    /// frame and on one that would decompress to more than `maxBytes`, whatever its header claims.
    public static func decompress(_ bytes: [UInt8], maxBytes: Int) throws(ZstdError) -> [UInt8] {
        guard let context = ZSTD_createDCtx() else { throw ZstdError("cannot allocate a decompression context") }
        defer { ZSTD_freeDCtx(context) }
        let declared = bytes.withUnsafeBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }
        if declared != ZSTD_CONTENTSIZE_UNKNOWN && declared != ZSTD_CONTENTSIZE_ERROR && declared > UInt64(maxBytes) {
            throw ZstdError("the body decompresses to \(declared) bytes, over the limit of \(maxBytes)")
        }
        var output: [UInt8] = []
        if declared != ZSTD_CONTENTSIZE_UNKNOWN && declared != ZSTD_CONTENTSIZE_ERROR {
            output.reserveCapacity(Int(declared))
        }
        let chunk = Int(ZSTD_DStreamOutSize())
        var buffer = [UInt8](repeating: 0, count: chunk)
        // `withUnsafeBytes` rethrows untyped errors: the closure returns its failure instead.
        let failure = bytes.withUnsafeBytes { (input: UnsafeRawBufferPointer) -> ZstdError? in
            var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
            while true {
                let (result, produced) = buffer.withUnsafeMutableBytes { out in
                    var outBuffer = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
                    let result = ZSTD_decompressStream(context, &outBuffer, &inBuffer)
                    return (result, outBuffer.pos)
                }
                if ZSTD_isError(result) != 0 {
                    return ZstdError("the body is not valid zstd: \(String(cString: ZSTD_getErrorName(result)))")
                }
                guard output.count + produced <= maxBytes else {
                    return ZstdError("the body decompresses to more than the limit of \(maxBytes) bytes")
                }
                output.append(contentsOf: buffer[..<produced])
                let inputUsed = inBuffer.pos == inBuffer.size
                // 0: a frame ended and is flushed; with input left, another frame follows.
                if result == 0 && inputUsed { return nil }
                // A frame half read, no input left and the output not full: nothing more will come.
                if result != 0 && inputUsed && produced < chunk { return ZstdError("the zstd body is truncated") }
            }
        }
        if let failure { throw failure }
        return output
    }
}

/// A zstd body that cannot be read.
public struct ZstdError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A compression context kept for reuse (making one costs more than compressing a small page). Not thread-safe:
/// one per thread.
public final class ZstdCompressor {
    private let context: OpaquePointer

    public init(level: Int32 = Zstd.level) {
        guard let context = ZSTD_createCCtx() else { fatalError("cannot allocate a zstd compression context") }
        self.context = context
        ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level)
        // A checksum, so a corrupted body fails to decompress instead of turning into other text.
        ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1)
    }

    deinit { ZSTD_freeCCtx(context) }

    /// `bytes` compressed into one frame that records its content size and checksum.
    public func compress(_ bytes: [UInt8]) -> [UInt8] {
        let bound = ZSTD_compressBound(bytes.count)
        var output = [UInt8](repeating: 0, count: bound)
        let written = output.withUnsafeMutableBytes { out in
            bytes.withUnsafeBytes { input in
                ZSTD_compress2(context, out.baseAddress, bound, input.baseAddress, input.count)
            }
        }
        // Compressing into a buffer of ZSTD_compressBound cannot fail short of memory exhaustion.
        precondition(
            ZSTD_isError(written) == 0, "ZSTD_compress2 failed: \(String(cString: ZSTD_getErrorName(written)))")
        output.removeSubrange(written...)
        return output
    }

    /// `bytes` compressed when that saves at least a tenth of them, else nil (small or incompressible bodies
    /// are kept as they are: decompressing them would cost more than it saves).
    public func compressIfSmaller(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= 512 else { return nil }
        let packed = compress(bytes)
        return packed.count <= bytes.count - bytes.count / 10 ? packed : nil
    }
}

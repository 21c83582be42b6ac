import CZlib

/// The one owner of a zlib inflate stream. zlib keeps a pointer back to the `z_stream`, so it lives at a fixed
/// address allocated here, never in a Swift value that could move.
final class Inflater {
    let stream: UnsafeMutablePointer<z_stream>

    /// Nil when zlib cannot allocate its state.
    init?() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // 15 + 32: the largest window, and a gzip or zlib header detected from the stream itself.
        guard inflateInit2_(stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            return nil
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Makes the stream ready for a new gzip member.
    func reset() { inflateReset(stream) }

    /// zlib's message for the last error, or a generic one.
    var lastMessage: String {
        guard let message = stream.pointee.msg else { return "invalid deflate data" }
        return String(cString: message)
    }
}

import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `LogHandler` writing one JSON object per line to stderr, for log collectors.
///
/// Each line holds `timestamp` (ISO 8601, UTC, milliseconds), `level`, `label`, `message`, then the metadata
/// flattened into string fields (see `JSONLogLine`). A line is written with a single `write(2)`, so lines from
/// several threads never interleave.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let fileDescriptor: Int32

    /// A handler for `label` writing to standard error.
    public static func standardError(label: String) -> JSONLogHandler {
        JSONLogHandler(label: label, fileDescriptor: STDERR_FILENO)
    }

    /// - Parameters:
    ///   - label: the logger's label, written in every line.
    ///   - fileDescriptor: where lines go; the handler does not own or close it.
    public init(label: String, fileDescriptor: Int32) {
        self.label = label
        self.fileDescriptor = fileDescriptor
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = LogLineWriter.metadata(of: event, handler: metadata, provider: metadataProvider)
        let now = LogLineWriter.now()
        let line = JSONLogLine.render(
            seconds: now.seconds, milliseconds: now.milliseconds, level: event.level, label: label,
            message: event.message.description, metadata: merged)
        LogLineWriter.writeLine(line + "\n", to: fileDescriptor)
    }
}

/// What both handlers do around rendering: merge metadata, read the clock, write the line.
enum LogLineWriter {
    /// The handler's metadata, then the provider's, then the event's own, and its error.
    static func metadata(
        of event: LogEvent, handler: Logger.Metadata, provider: Logger.MetadataProvider?
    ) -> Logger.Metadata {
        var merged = handler
        if let provided = provider?.get() { merged.merge(provided) { $1 } }
        if let own = event.metadata { merged.merge(own) { $1 } }
        if let error = event.error { merged["error"] = .string("\(error)") }
        return merged
    }

    /// Wall-clock time in whole seconds since 1970 and the milliseconds within that second.
    static func now() -> (seconds: Int, milliseconds: Int) {
        var timestamp = timespec()
        clock_gettime(CLOCK_REALTIME, &timestamp)
        return (Int(timestamp.tv_sec), Int(timestamp.tv_nsec) / 1_000_000)
    }

    /// Writes the whole line in one call; only a short write (a full pipe) needs a second one.
    static func writeLine(_ text: String, to fileDescriptor: Int32) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                write(fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return  // a log line that cannot be written is dropped; logging must not fail the process
            }
        }
    }
}

import Logging
import PressworkProtocol

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `LogHandler` writing one plain-text line per event to stderr, for people:
/// `2026-12-06T20:28:09.156Z info presswork.coordinator: worker registered presswork.worker=w1 …`.
///
/// Messages and metadata often quote what a peer sent (a worker's host, a submitted source, an error
/// message). Control characters in them are written as visible `\u{…}` escapes, so a peer cannot forge a
/// log line with a newline or drive the operator's terminal with escape sequences. One `write(2)` per line.
public struct TextLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let fileDescriptor: Int32

    /// A handler for `label` writing to standard error.
    public static func standardError(label: String) -> TextLogHandler {
        TextLogHandler(label: label, fileDescriptor: STDERR_FILENO)
    }

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
        let line = Self.render(
            timestamp: JSONLogLine.timestamp(seconds: now.seconds, milliseconds: now.milliseconds),
            level: event.level, label: label, message: event.message.description, metadata: merged)
        LogLineWriter.writeLine(line + "\n", to: fileDescriptor)
    }

    /// One line without its newline; pure, for tests.
    public static func render(
        timestamp: String, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata
    ) -> String {
        var out = "\(timestamp) \(level.rawValue) \(PeerText.escaped(label)): \(PeerText.escaped(message))"
        for key in metadata.keys.sorted() {
            out += " " + PeerText.escaped(key) + "=" + PeerText.escaped(JSONLogLine.flatten(metadata[key]!))
        }
        return out
    }
}

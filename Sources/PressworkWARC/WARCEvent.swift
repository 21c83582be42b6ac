/// One step of reading a WARC file: a record, or a part of the file that could not be read as one.
public enum WARCEvent: Sendable {
    /// A well-formed record with its content block.
    case record(WARCRecord)
    /// A well-formed record whose block is longer than the reader's `maxBlockBytes`: skipped without being held.
    case oversize(offset: Int64, contentLength: Int64, headers: WARCHeaderFields)
    /// A malformed, truncated or corrupt record starting at `offset`; reading goes on after it.
    case skipped(offset: Int64, reason: WARCSkipReason)
}

/// Why a part of a WARC file was skipped.
public struct WARCSkipReason: Sendable, Hashable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Hashable, Sendable {
            case noVersionLine, badContentLength, truncated, corruptGzip, lineTooLong, tooManyFields, badHeaderLine
            case readFailed
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }
        /// The record does not start with a `WARC/1.x` line.
        public static let noVersionLine = Code(.noVersionLine)
        /// `Content-Length` is missing, repeated with other values, or not a decimal number.
        public static let badContentLength = Code(.badContentLength)
        /// The file ends inside the record (its header or a block shorter than `Content-Length`).
        public static let truncated = Code(.truncated)
        /// A gzip member cannot be inflated.
        public static let corruptGzip = Code(.corruptGzip)
        /// A header line, or a field folded over several, longer than `WARCReader.maxLineBytes`.
        public static let lineTooLong = Code(.lineTooLong)
        /// More header lines than `WARCReader.maxFields`.
        public static let tooManyFields = Code(.tooManyFields)
        /// A header line without a `:` or with an empty name.
        public static let badHeaderLine = Code(.badHeaderLine)
        /// An I/O error; reading stops after this event.
        public static let readFailed = Code(.readFailed)
        public var description: String { kind.rawValue }
    }

    public var code: Code
    /// A sentence for people: what was wrong.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

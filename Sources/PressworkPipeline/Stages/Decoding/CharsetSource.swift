/// Where a document's charset came from, as recorded in `charsetSource`.
enum CharsetSource: String, Sendable, Equatable {
    /// A byte order mark.
    case bom
    /// The `Content-Type` passed with the job.
    case header
    /// `<meta charset>` or `http-equiv` in the page.
    case meta
    /// Detected from the bytes (valid UTF-8, or uchardet).
    case detected
    /// Nothing declared or detected: the WHATWG default, windows-1252.
    case `default`
}

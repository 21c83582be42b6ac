/// A date found in an article, and the evidence it came from.
public struct DateFact: Sendable, Codable, Equatable {
    /// ISO 8601: a full timestamp with offset (`2024-07-03T09:30:00+06:00`) when the time is known,
    /// else a calendar date (`2024-07-03`).
    public var value: String
    /// Where it was read: `json-ld`, `meta`, `time`, `url`, `text`, `script` (state JSON of a page
    /// rendered by scripts) or `dateline`.
    public var source: String

    public init(value: String, source: String) {
        self.value = value
        self.source = source
    }
}

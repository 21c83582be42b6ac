import Foundation

/// Who processed an article, when, and how long it took; copied into the result document as `processing`.
///
/// The caller (worker or CLI) fills these in: the pipeline itself knows nothing of hosts or attempts.
public struct ProcessingFacts: Sendable, Codable, Equatable {
    /// The worker's id.
    public var worker: String
    /// The host the worker runs on.
    public var host: String
    /// Which attempt this was, starting at 1.
    public var attempts: Int
    /// When processing finished: ISO 8601 in UTC with milliseconds, such as `2024-07-03T09:41:07.250Z`.
    public var processedAt: String
    /// How long processing took, in milliseconds.
    public var durationMs: Double

    /// Creates processing facts.
    ///
    /// - Parameters:
    ///   - worker: the worker's id.
    ///   - host: the host name.
    ///   - attempts: which attempt this was, starting at 1.
    ///   - processedAt: an ISO 8601 UTC timestamp with milliseconds; see ``timestamp(_:)``.
    ///   - durationMs: how long processing took, in milliseconds.
    public init(worker: String, host: String, attempts: Int, processedAt: String, durationMs: Double = 0) {
        self.worker = worker
        self.host = host
        self.attempts = attempts
        self.processedAt = processedAt
        self.durationMs = durationMs
    }

    /// Formats a date the way ``processedAt`` expects: ISO 8601, UTC, milliseconds.
    ///
    /// - Parameter date: the moment to format; now by default.
    /// - Returns: a string such as `2024-07-03T09:41:07.250Z`.
    public static func timestamp(_ date: Date = Date()) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }
}

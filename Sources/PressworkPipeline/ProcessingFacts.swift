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
    /// How that time divided between the pipeline's stages; set by the pipeline.
    public var stagesMs: StageTimings?
    /// The Presswork version whose pipeline made the document, so stored documents made by an older
    /// pipeline can be found and processed again (`presswork reprocess`).
    public var pipelineVersion: String?

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

/// Milliseconds spent in each stage of the pipeline for one article (three decimals), so that workers can
/// report where time goes and a slow stage shows in monitoring.
public struct StageTimings: Sendable, Codable, Equatable {
    /// Charset detection and conversion.
    public var decode: Double = 0
    /// HTML parsing with libxml2, freeing the tree included; absent for plain text.
    public var parse: Double?
    /// Main-content extraction (HTML) or the plain-text reading of title, date line and paragraphs.
    public var extract: Double = 0
    /// Metadata from the HTML page; absent for plain text.
    public var metadata: Double?
    /// Language identification.
    public var language: Double = 0
    /// Segmentation, normalization, stemming, keywords, counts and hashes.
    public var analysis: Double = 0

    /// Creates timings, all zero.
    public init() {}

    /// The stages that ran, by name (the JSON field names), in milliseconds.
    public var byName: [String: Double] {
        var stages = ["decode": decode, "extract": extract, "language": language, "analysis": analysis]
        if let parse { stages["parse"] = parse }
        if let metadata { stages["metadata"] = metadata }
        return stages
    }
}

/// Measures consecutive intervals with the monotonic clock, in milliseconds rounded to microseconds.
struct Lap {
    private var last = ContinuousClock.now

    /// Milliseconds since the previous call (or since creation).
    mutating func next() -> Double {
        let now = ContinuousClock.now
        let elapsed = (now - last).components
        last = now
        let milliseconds = Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15
        return (milliseconds * 1000).rounded() / 1000
    }
}

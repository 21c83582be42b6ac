import DequeModule
import PressworkProtocol

/// What the results and failures say about the articles, since start-up: articles per language, time
/// per pipeline stage, and the latest failed attempts. Every collection is bounded whatever workers send,
/// so a faulty or hostile worker cannot grow the coordinator's memory or the metrics' label sets.
struct ClusterActivity: Sendable {
    /// Distinct languages counted; results in further languages count under `other`.
    static let languageLimit = 256
    /// Distinct stage names kept; a stage name is also checked for shape.
    static let stageLimit = 16
    static let failureLimit = 20
    /// Pipeline order, for display; stages a newer worker adds follow in name order.
    static let stageOrder = ["decode", "parse", "extract", "metadata", "language", "analysis"]

    private(set) var languages: [String: Int] = [:]
    /// Results per page type; past `pageTypeLimit` types, or for a malformed name, under `other`.
    private(set) var pageTypes: [String: Int] = [:]
    static let pageTypeLimit = 32
    private(set) var stages: [String: Histogram] = [:]
    /// Newest last.
    private(set) var failures: Deque<ClusterStatus.Failure> = []

    init() {}

    /// A stored result, with the facts its worker reported alongside the document.
    mutating func recordResult(language: String?, stagesMs: [String: Double]?, pageType: String? = nil) {
        if let pageType {
            let type = Self.isStageName(pageType) ? pageType : "other"
            pageTypes[pageTypes[type] != nil || pageTypes.count < Self.pageTypeLimit ? type : "other", default: 0] += 1
        }
        let code = language.flatMap(Self.validLanguage) ?? "und"
        if languages[code] != nil || languages.count < Self.languageLimit {
            languages[code, default: 0] += 1
        } else {
            languages["other", default: 0] += 1
        }
        for (stage, milliseconds) in stagesMs ?? [:] where milliseconds.isFinite && milliseconds >= 0 {
            guard Self.isStageName(stage), stages[stage] != nil || stages.count < Self.stageLimit else { continue }
            stages[stage, default: Histogram(bounds: Histogram.stageBounds)].record(milliseconds / 1000)
        }
    }

    /// Failed attempts per code and hour (wall-clock hours since 1970), the last 24 hours: fixed cost,
    /// at most `failureCodeLimit` codes an hour (others count as `other`).
    private(set) var failuresByHour: Deque<(hour: Int, codes: [String: Int])> = []
    static let failureCodeLimit = 64

    /// A failed attempt, whether the job was scheduled again or is now dead.
    mutating func recordFailure(job: String, _ failure: FailedAttempt, final: Bool, at wall: Double) {
        let hour = Int(wall / 3_600)
        if failuresByHour.last?.hour != hour {
            failuresByHour.append((hour, [:]))
            while let first = failuresByHour.first, first.hour <= hour - 24 { failuresByHour.removeFirst() }
        }
        let code = String(failure.code.prefix(64))
        let counts = failuresByHour[failuresByHour.count - 1].codes
        let key = counts[code] != nil || counts.count < Self.failureCodeLimit ? code : "other"
        failuresByHour[failuresByHour.count - 1].codes[key, default: 0] += 1
        failures.append(
            ClusterStatus.Failure(
                job: job, attempt: failure.attempt, worker: failure.worker, code: String(failure.code.prefix(64)),
                message: String(failure.message.prefix(300)), final: final, at: Timestamp.iso8601(wall)))
        if failures.count > Self.failureLimit { failures.removeFirst() }
    }

    /// Languages, most articles first (ties by code).
    var languageCounts: [ClusterStatus.LanguageCount] {
        languages.map { ClusterStatus.LanguageCount(code: $0.key, articles: $0.value) }
            .sorted { ($1.articles, $0.code) < ($0.articles, $1.code) }
    }

    /// Page types, most articles first (ties by name).
    var pageTypeCounts: [ClusterStatus.PageTypeCount] {
        pageTypes.map { ClusterStatus.PageTypeCount(type: $0.key, articles: $0.value) }
            .sorted { ($1.articles, $0.type) < ($0.articles, $1.type) }
    }

    /// Stage histograms in pipeline order.
    var orderedStages: [(name: String, histogram: Histogram)] {
        stages.sorted { lhs, rhs in
            let l = Self.stageOrder.firstIndex(of: lhs.key) ?? Self.stageOrder.count
            let r = Self.stageOrder.firstIndex(of: rhs.key) ?? Self.stageOrder.count
            return (l, lhs.key) < (r, rhs.key)
        }.map { ($0.key, $0.value) }
    }

    var stageTimings: [ClusterStatus.StageTiming] {
        orderedStages.map { stage in
            let mean = stage.histogram.count > 0 ? stage.histogram.sum * 1000 / Double(stage.histogram.count) : 0
            return ClusterStatus.StageTiming(
                stage: stage.name, count: stage.histogram.count, meanMs: (mean * 1000).rounded() / 1000)
        }
    }

    /// The latest failures, newest first.
    var recentFailures: [ClusterStatus.Failure] { failures.reversed() }

    /// A language code as documents write them (`en`, `zh-Hant`, `haw`, `und`); anything else is refused.
    static func validLanguage(_ code: String) -> String? {
        let bytes = code.utf8
        guard (2...16).contains(bytes.count),
            bytes.allSatisfy({ (97...122).contains($0) || (65...90).contains($0) || $0 == 45 })
        else { return nil }
        return code
    }

    static func isStageName(_ name: String) -> Bool {
        let bytes = name.utf8
        return (1...32).contains(bytes.count)
            && bytes.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 95 }
    }
}

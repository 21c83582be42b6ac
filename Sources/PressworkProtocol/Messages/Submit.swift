/// `SUBMIT`: a client sends articles; one body frame follows per entry of `articles`, in order.
public struct Submit: Codable, Sendable, Hashable {
    /// The client's request number, echoed in the reply.
    public var req: UInt64
    /// One entry per body frame.
    public var articles: [ArticleMeta]
    /// An idempotency key the client chose for this batch (1–64 bytes), so that it can send the same
    /// SUBMIT again after a lost reply: a key the coordinator accepted in the last 24 hours is answered
    /// with the same job ids, and nothing new is queued.
    public var key: String?
    /// The batch these articles belong to (1–64 printable ASCII bytes): one `presswork submit` sends many
    /// SUBMITs under one batch, which `results --batch` and `status` name.
    public var batch: String?
    /// Skip articles the coordinator already has, stored or queued, by this rule: `url` (the same
    /// normalized URL), `article-id` (the same `articleId`), `content` (the same body bytes). Nil: every
    /// article becomes a new job.
    public var dedupe: Dedupe?
    /// The dispatch priority of these articles' jobs; nil is `normal`.
    public var priority: JobPriority?
    /// Seconds an attempt of these articles' jobs may run (1 to 86,400); nil is the coordinator's default.
    public var jobTimeout: Double?
    /// `zstd`: every body frame is Zstandard-compressed (the coordinator stores it so and sends it so to
    /// workers). Only to a coordinator whose `ACCEPTED` listed it in `encodings`: an older one would take the
    /// compressed bytes for the article. Nil: the bodies as they are.
    public var bodyEncoding: String?

    /// Whether `batch` is a batch id a `SUBMIT` may carry: 1 to 64 printable ASCII characters, no spaces
    /// (ids are shown in `status` and typed on command lines).
    public static func isValidBatch(_ batch: String) -> Bool {
        (1...64).contains(batch.utf8.count) && batch.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }

    /// The longest `jobTimeout` a `SUBMIT` may ask for: a day.
    public static let maxJobTimeout = 86_400.0

    /// How `SUBMIT` recognises an article the coordinator already has.
    public enum Dedupe: String, Codable, Sendable, Hashable, CaseIterable {
        case url
        case articleId = "article-id"
        case content
    }

    public init(
        req: UInt64, articles: [ArticleMeta], key: String? = nil, batch: String? = nil, dedupe: Dedupe? = nil,
        priority: JobPriority? = nil, jobTimeout: Double? = nil
    ) {
        self.req = req
        self.articles = articles
        self.key = key
        self.batch = batch
        self.dedupe = dedupe
        self.priority = priority
        self.jobTimeout = jobTimeout
    }
}

/// `ACCEPTED`: the submitted articles are durable in the journal; one job id per article, in order.
public struct Accepted: Codable, Sendable, Hashable {
    public var req: UInt64
    public var jobs: [String]
    /// With `dedupe`: the indexes of the articles that were not queued because the coordinator already
    /// has them; their entry in `jobs` is the existing job. Nil when every article became a new job.
    public var duplicates: [Int]?
    /// Body encodings this coordinator reads in `SUBMIT` (`zstd`); absent from coordinators before 0.4.
    public var encodings: [String]?

    public init(req: UInt64, jobs: [String], duplicates: [Int]? = nil) {
        self.req = req
        self.jobs = jobs
        self.duplicates = duplicates
    }
}

/// The order ready jobs are dispatched in: higher first, without starving lower ones.
public enum JobPriority: String, Codable, Sendable, Hashable, CaseIterable {
    case high, normal, low

    /// 0 for `high`, 1 for `normal`, 2 for `low`: the order of the dispatch lanes and the journal's column.
    public var rank: Int {
        switch self {
        case .high: 0
        case .normal: 1
        case .low: 2
        }
    }

    /// The priority of a rank; out-of-range ranks are clamped.
    public init(rank: Int) {
        self = rank <= 0 ? .high : rank == 1 ? .normal : .low
    }
}

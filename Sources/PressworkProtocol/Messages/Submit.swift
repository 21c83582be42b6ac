/// `SUBMIT`: a client sends articles; one body frame follows per entry of `articles`, in order.
public struct Submit: Codable, Sendable, Hashable {
    /// The client's request number, echoed in the reply.
    public var req: UInt64
    /// One entry per body frame.
    public var articles: [ArticleMeta]

    public init(req: UInt64, articles: [ArticleMeta]) {
        self.req = req
        self.articles = articles
    }
}

/// `ACCEPTED`: the submitted articles are durable in the journal; one job id per article, in order.
public struct Accepted: Codable, Sendable, Hashable {
    public var req: UInt64
    public var jobs: [String]

    public init(req: UInt64, jobs: [String]) {
        self.req = req
        self.jobs = jobs
    }
}

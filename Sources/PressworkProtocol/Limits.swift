/// Protocol-wide limits. A peer that exceeds them gets an `ERROR` reply; the message is dropped.
public enum ProtocolLimits {
    /// The largest JSON control frame accepted.
    public static let maxHeaderBytes = 1 << 20
    /// The most articles one `SUBMIT` may carry.
    public static let maxArticlesPerSubmit = 1_000
    /// The most frames any message may have (header frames plus one body per article).
    public static let maxFrames = maxArticlesPerSubmit + 4
    /// The default largest article body, configurable on the coordinator (`--max-article-bytes`).
    public static let defaultMaxArticleBytes = 32 << 20
    /// The most result documents one `EXPORT` page carries.
    public static let maxExportPage = 500
    /// The most dead jobs one `DEAD` reply lists.
    public static let maxDeadListing = 10_000
    /// The most job ids one `JOBS` request may ask about.
    public static let maxJobsPerQuery = 10_000
}

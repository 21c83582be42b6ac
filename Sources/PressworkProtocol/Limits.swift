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

    /// How many times its article a result document may be: the document repeats the text as `text`,
    /// `paragraphs` and `html` (about 3.3 times a plain-text article).
    public static let resultExpansion = 4

    /// The largest result document for articles of up to `maxArticleBytes`.
    public static func maxResultBytes(maxArticleBytes: Int) -> Int { resultExpansion * maxArticleBytes }

    /// The largest frame any Presswork socket accepts (`ZMQ_MAXMSGSIZE`), derived from the one setting
    /// `--max-article-bytes`: a result document plus room for a header. Anything larger makes libzmq drop
    /// the connection, so workers check results against `maxResultBytes` before sending them.
    public static func maxFrameBytes(maxArticleBytes: Int) -> Int {
        maxResultBytes(maxArticleBytes: maxArticleBytes) + maxHeaderBytes
    }
    /// The most result documents one `EXPORT` page carries.
    public static let maxExportPage = 500
    /// Jobs one `PURGE` deletes at most (the client sends it again while `more`).
    public static let maxPurgePage = 1_000
    /// Replaced documents a `SHOW` with `history` returns, newest first.
    public static let maxHistory = 20
    /// The most dead jobs one `DEAD` reply lists.
    public static let maxDeadListing = 10_000
    /// The most job ids one `JOBS` request may ask about.
    public static let maxJobsPerQuery = 10_000
}

/// Limits and switches for a ``Pipeline``.
public struct PipelineConfiguration: Sendable {
    /// Articles with more bytes than this fail with ``PipelineError/Code/tooLarge`` before any work is
    /// done, so that one huge input cannot exhaust a worker's memory. Default 32 MiB.
    public var maxArticleBytes: Int

    /// Whether documents list every word with its offsets, search form and stem (``ArticleDocument/tokens``).
    /// Off by default: it multiplies a document's size several times.
    public var includeTokens: Bool

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - maxArticleBytes: the largest article accepted, in bytes; default 32 MiB.
    ///   - includeTokens: list every word in the document; default false.
    public init(maxArticleBytes: Int = 32 << 20, includeTokens: Bool = false) {
        self.maxArticleBytes = maxArticleBytes
        self.includeTokens = includeTokens
    }
}

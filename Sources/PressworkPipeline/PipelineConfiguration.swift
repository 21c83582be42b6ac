/// Limits and switches for a ``Pipeline``.
public struct PipelineConfiguration: Sendable {
    /// Articles with more bytes than this fail with ``PipelineError/Code/tooLarge`` before any work is
    /// done, so that one huge input cannot exhaust a worker's memory. Default 32 MiB.
    public var maxArticleBytes: Int

    /// Creates a configuration.
    ///
    /// - Parameter maxArticleBytes: the largest article accepted, in bytes; default 32 MiB.
    public init(maxArticleBytes: Int = 32 << 20) {
        self.maxArticleBytes = maxArticleBytes
    }
}

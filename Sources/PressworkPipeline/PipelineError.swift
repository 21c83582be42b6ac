/// Why the pipeline could not turn an article into a document.
///
/// One error shape for the whole module: branch on ``code``, show ``message`` to people.
public struct PipelineError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        // A private enum keeps the set open: callers cannot switch exhaustively over it.
        private enum Kind: String, Hashable, Sendable {
            // Kebab-case names, like every other error code on the wire and in the journal.
            case undecodable
            case notAnArticle = "not-an-article"
            case tooLarge = "too-large"
            case parseFailure = "parse-failure"
            case internalFailure = "internal"
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// The bytes are empty or binary, not text in any encoding.
        public static let undecodable = Code(.undecodable)
        /// The text holds no letters after extraction: nothing to analyse.
        public static let notAnArticle = Code(.notAnArticle)
        /// The article is larger than ``PipelineConfiguration/maxArticleBytes``.
        public static let tooLarge = Code(.tooLarge)
        /// The HTML parser produced no document at all.
        public static let parseFailure = Code(.parseFailure)
        /// A failure of the pipeline itself (a bug or exhausted resources), not of the input.
        public static let internalFailure = Code(.internalFailure)

        /// A stable name for logs, metrics labels and the job store, such as `"not-an-article"`.
        public var name: String { kind.rawValue }

        public var description: String { name }

        /// Whether trying the same input again could succeed.
        fileprivate var isRetryable: Bool { kind == .internalFailure }
    }

    /// What kind of failure this is.
    public var code: Code
    /// A constant-phrase explanation for people; never contains article text.
    public var message: String
    /// The underlying error, if one caused this.
    public var cause: (any Error & Sendable)?

    /// Whether the job should be retried: false for faults of the input (`undecodable`, `notAnArticle`,
    /// `tooLarge`, `parseFailure`), which fail the same way every time; true only for internal failures.
    public var isRetryable: Bool { code.isRetryable }

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: what kind of failure this is.
    ///   - message: an explanation for people.
    ///   - cause: the underlying error, if any.
    public init(code: Code, message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        if let cause {
            return "\(code.name): \(message) (\(cause))"
        }
        return "\(code.name): \(message)"
    }
}

/// Language identification on its own, without the rest of the pipeline: for callers that have text
/// rather than articles, such as `presswork language` and benchmarks.
///
/// The same judgement as the pipeline's language stage: CLD2 with hints, script, spans, `und` rather than
/// a confident wrong answer. Stateless and thread-safe.
public struct LanguageIdentifier: Sendable {
    private let stage = LanguageStage()

    /// Creates an identifier.
    public init() {}

    /// Identifies the language of a text.
    ///
    /// - Parameters:
    ///   - text: the text; span offsets are UTF-8 byte offsets into it.
    ///   - title: a title judged together with the text, if any.
    ///   - declared: a declared language (`kk`, `mi,en`), used as a hint.
    ///   - url: where the text came from; its country-code domain (`.no`) is a hint.
    ///   - charset: the charset the text was decoded from (`shift_jis`), a hint.
    /// - Returns: the language, as the `language` field of a result document carries it.
    public func identify(
        _ text: String, title: String = "", declared: String? = nil, url: String? = nil, charset: String? = nil
    ) -> ArticleDocument.Language {
        stage.run(title: title, text: text, declared: declared, url: url, charset: charset)
    }

    /// Identifies the language of UTF-8 bytes in place, without copying them into a `String` (ill-formed
    /// sequences count as U+FFFD): for callers reading lines from a stream.
    ///
    /// - Returns: the language; span offsets are byte offsets into `bytes`.
    public func identify(
        bytes: UnsafeBufferPointer<UInt8>, declared: String? = nil, url: String? = nil
    ) -> ArticleDocument.Language {
        stage.run(bytes: bytes, declared: declared, url: url)
    }
}

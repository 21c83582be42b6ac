import CStemmer

/// One Snowball stemmer: reduces lowercased words of one language to their stems (`"running"` to `"run"`).
///
/// A stemmer is not thread-safe: libstemmer keeps its working buffers inside the `sb_stemmer` object and
/// the result of one call lives until the next. So a `Stemmer` is not `Sendable`; use one per article (or
/// per task), created for the article's language and reused for all of its tokens. Creating one costs
/// one to two microseconds, the price of stemming two or three words, so there is no pool or per-thread
/// cache to keep consistent.
final class Stemmer {
    /// The algorithm this stemmer runs.
    let algorithm: StemmingAlgorithm

    /// Longer tokens (URLs, hashes, runs of glued text) are not words and are returned unchanged.
    static let maximumTokenBytes = 256

    private let handle: OpaquePointer

    /// A stemmer for a language, or `nil` when libstemmer has no algorithm for it: the caller then uses
    /// tokens unstemmed.
    ///
    /// - Parameter languageCode: ISO 639-1 or 639-2 code, optionally with a script or region (`"pt-BR"`).
    convenience init?(languageCode: String) {
        guard let algorithm = StemmingAlgorithm(languageCode: languageCode) else { return nil }
        self.init(algorithm: algorithm)
    }

    /// A stemmer running `algorithm`; `nil` only if libstemmer cannot allocate one.
    init?(algorithm: StemmingAlgorithm) {
        // nil charenc selects UTF-8, the encoding every algorithm is built for.
        guard let handle = sb_stemmer_new(algorithm.name, nil) else { return nil }
        self.algorithm = algorithm
        self.handle = handle
    }

    deinit {
        sb_stemmer_delete(handle)
    }

    /// The stem of one token.
    ///
    /// - Parameter token: a word already lowercased (or case folded) and NFKC-normalized, as the
    ///   algorithms expect; capitals are not recognised as letters of the language.
    /// - Returns: the stem; the token itself when it is empty, longer than ``maximumTokenBytes``, or
    ///   unchanged by the algorithm.
    func stem(_ token: String) -> String {
        var token = token
        // withUTF8 makes the storage contiguous if it is not (bridged or small strings stay cheap).
        let stemmed = token.withUTF8 { stem(utf8: $0) }
        return stemmed ?? token
    }

    /// The stem of one token given as a substring, without copying it first.
    func stem(_ token: Substring) -> String {
        var token = token
        let stemmed = token.withUTF8 { stem(utf8: $0) }
        return stemmed ?? String(token)
    }

    /// The stem, or `nil` when it equals the input (so the caller can keep its own string).
    private func stem(utf8 word: UnsafeBufferPointer<UInt8>) -> String? {
        guard let base = word.baseAddress, !word.isEmpty, word.count <= Self.maximumTokenBytes else { return nil }
        // Returns NULL only when out of memory; the word is then better used as it is than lost.
        guard let output = sb_stemmer_stem(handle, base, Int32(word.count)) else { return nil }
        let result = UnsafeBufferPointer(start: output, count: Int(sb_stemmer_length(handle)))
        if result.elementsEqual(word) { return nil }
        return String(decoding: result, as: UTF8.self)
    }
}

// libstemmer's stemmer object holds per-call state; sharing one between threads corrupts results.
@available(*, unavailable)
extension Stemmer: Sendable {}

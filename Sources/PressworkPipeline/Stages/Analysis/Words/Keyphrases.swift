import Glibc

/// Keyphrase extraction by YAKE, a statistical method that needs no training and no dictionary beyond a
/// stopword list, so it works the same for every language the segmenter splits, Chinese and Thai included.
///
/// Implemented from the description in Campos et al., "YAKE! Keyword extraction from single documents using
/// multiple local features", Information Sciences 509 (2020). Each term (a stem, or the normalized word
/// when the language has no stemmer) gets a score from five features of how it is used in the article:
/// casing, position, frequency, relatedness to context and spread over sentences. Candidates are runs of
/// one to three words inside a sentence that neither start nor end with a stopword; their score combines
/// their terms' scores and their own frequency. Lower scores are better.
///
/// Departures from the paper, and why:
/// - Candidates never cross punctuation of any script (``Token/breaksBefore``) nor start or end inside a
///   hyphenated compound; the paper splits at a fixed list of ASCII punctuation.
/// - A candidate of three words (which includes every one with a stopword inside) that occurs only once
///   has its score multiplied by ``oncePenalty``: on news and abstracts in five languages such phrases
///   matched a gold keyphrase a fifth to a tenth as often as shorter ones (`Scripts/bench-keyphrase-quality.sh`);
///   most are pieces of a clause (`entrants are shaking`, `tools to pick`, `открыли новый пешеходный`).
///   Not in scripts written without spaces, where three words are often one term.
/// - A stopword inside a candidate multiplies the product by `2 - p` (the paper's penalty for words that
///   rarely appear together; `p` is how often its neighbours occur beside it), but is not subtracted from
///   the sum: the paper's subtraction can bring the denominator near zero and rank chance phrases such as
///   "summit in Paris" above the words they join.
/// - A word of a single character (`a`, `年`, a stray kana) cannot start or end a candidate: such words are
///   particles or fragments far more often than topics.
///
/// Cost: one pass to count terms and neighbours, one to score candidates, a sort of the distinct
/// candidates; dictionaries are keyed by term numbers, not strings.
enum Keyphrases {
    /// A word of the article as keyphrase extraction sees it. Build one from a ``Segmenter/Word`` with
    /// ``init(word:normalizer:stemmer:stopwords:)``.
    struct Token: Sendable, Hashable {
        /// The word as written: keyphrase texts are made of these.
        var surface: String
        /// ``TextNormalizer/token(_:)`` of the surface.
        var normalized: String
        /// The stem of `normalized`, or `nil` when the language has no stemmer.
        var stem: String?
        /// Whether `normalized` is in the language's stopword list.
        var isStopword: Bool
        /// What the segmenter says the word is made of; numbers are never part of a keyphrase.
        var kind: Segmenter.Kind
        /// Whether a phrase boundary comes before the word (punctuation of any script since the word before,
        /// or a space in a script written without spaces between words): no phrase spans it.
        var breaksBefore: Bool
        /// What attaches the word to the one before without a space (the hyphen of `Web-based`), or `nil`.
        /// A phrase neither starts nor ends inside such a compound, and its text keeps the joiner.
        var joiner: String?
        /// Characters at the start of `surface` that are an elided article or pronoun (`l'` of `l'avion`,
        /// ``Elision``): left out of the text when the word starts a phrase. `normalized` and `stem` are
        /// already without them.
        var elided: Int

        init(
            surface: String, normalized: String, stem: String? = nil, isStopword: Bool, kind: Segmenter.Kind,
            breaksBefore: Bool = false, joiner: String? = nil, elided: Int = 0
        ) {
            self.surface = surface
            self.normalized = normalized
            self.stem = stem
            self.isStopword = isStopword
            self.kind = kind
            self.breaksBefore = breaksBefore
            self.joiner = joiner
            self.elided = elided
        }

        /// What groups occurrences into one term: the stem if any, else the normalized word.
        var key: String { stem ?? normalized }
    }

    /// Settings of the extraction; the defaults are the paper's.
    struct Configuration: Sendable, Hashable {
        /// How many keyphrases to return at most.
        var count = 10
        /// The longest candidate, in words: 1…3 (longer values count as 3).
        var maximumWords = 3
        /// How many words on each side count as a term's context.
        var window = 1
        /// A candidate at least this similar (1 − edit distance / longer length, over the terms' keys) to
        /// one already chosen is a variant of it and is skipped.
        var similarityLimit = 0.8

        init(count: Int = 10, maximumWords: Int = 3, window: Int = 1, similarityLimit: Double = 0.8) {
            self.count = count
            self.maximumWords = maximumWords
            self.window = window
            self.similarityLimit = similarityLimit
        }
    }

    /// The keyphrases of an article, best first.
    ///
    /// - Parameters:
    ///   - sentences: the article's sentences in order, each the list of its words.
    ///   - unspaced: whether the script is written without spaces (Chinese, Japanese, Thai, Lao, Khmer,
    ///     Burmese): phrase texts then join words without a space, except between two Latin letters or
    ///     digits. ``writesWithoutSpaces(script:)`` answers this from an ISO 15924 code.
    ///   - configuration: how many phrases, how long, and how similar variants may be.
    /// - Returns: at most `configuration.count` phrases, lowest score first; empty when no word can start
    ///   a phrase (no words, only stopwords or numbers).
    static func extract(
        from sentences: [[Token]], unspaced: Bool, configuration: Configuration = Configuration()
    ) -> [Keyphrase] {
        guard configuration.count > 0 else { return [] }
        let sentences = Self.prefix(sentences, words: wordLimit)
        let terms = TermStatistics(sentences: sentences, window: max(configuration.window, 1))
        var candidates = Candidates(
            sentences: sentences, terms: terms, maximumWords: min(max(configuration.maximumWords, 1), 3))
        guard !candidates.isEmpty else { return [] }
        candidates.score(terms: terms, oncePenalty: unspaced ? 1 : oncePenalty)
        let chosen = candidates.best(
            count: configuration.count, terms: terms, similarityLimit: configuration.similarityLimit)
        let texts = candidates.surfaces(of: chosen, sentences: sentences, unspaced: unspaced)
        return zip(chosen, texts).map { candidate, text in
            Keyphrase(
                text: text, score: roundedScore(candidates.scores[candidate]),
                count: Int(candidates.frequencies[candidate]))
        }
    }

    /// Words read at most: the rest of a longer text is ignored. Candidate keys pack three term numbers in
    /// 21 bits each, and no article comes near a million words.
    static let wordLimit = 1_000_000

    /// The factor on the score of a candidate of three words seen once (see the type's departures from the
    /// paper), chosen on the datasets of `bench-keyphrase-quality.sh`.
    static let oncePenalty = 3.0

    /// The first `words` words of `sentences`.
    private static func prefix(_ sentences: [[Token]], words: Int) -> [[Token]] {
        var remaining = words
        for (index, sentence) in sentences.enumerated() {
            if sentence.count > remaining {
                return Array(sentences[..<index]) + [Array(sentence.prefix(remaining))]
            }
            remaining -= sentence.count
        }
        return sentences
    }

    /// Whether text in `script` (ISO 15924, as ``ScriptDetector`` names it) is written without spaces
    /// between words.
    /// Whether the bytes between two words of a text end a phrase: any character other than white space and
    /// invisible format characters (commas and full stops of every script, quotes, brackets, dashes, the
    /// Arabic comma, CJK and Thai punctuation, the Devanagari danda), or, in a script written without
    /// spaces between words (`unspaced`), white space itself, which separates phrases there.
    static func breaksPhrase(_ gap: UnsafeBufferPointer<UInt8>, unspaced: Bool) -> Bool {
        // Most gaps are one space.
        if gap.allSatisfy({ $0 == 0x20 }) { return unspaced && !gap.isEmpty }
        for scalar in String(decoding: gap, as: UTF8.self).unicodeScalars {
            if scalar.properties.isWhitespace {
                if unspaced { return true }
                continue
            }
            if scalar.properties.generalCategory == .format { continue }
            return true
        }
        return false
    }

    static func writesWithoutSpaces(script: String) -> Bool {
        switch script {
        case "Hani", "Hans", "Hant", "Jpan", "Hira", "Kana", "Thai", "Laoo", "Khmr", "Mymr": true
        default: false
        }
    }

    /// `score` to six significant digits: the document stays readable and stable across platforms'
    /// last-bit differences in `log`.
    static func roundedScore(_ score: Double) -> Double {
        guard score.isFinite, score != 0 else { return score }
        let scale = Double.pow10(5 - Int(log10(abs(score)).rounded(.down)))
        return (score * scale).rounded() / scale
    }
}

extension Double {
    /// 10 raised to `exponent`, exactly for the exponents scores need.
    fileprivate static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }
}

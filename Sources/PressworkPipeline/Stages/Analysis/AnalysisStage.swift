import PressworkHashing

/// Stage 5: what users search and rank by, from the NFC article text and its language.
///
/// Sentences and words from ICU (Chinese, Japanese and Thai included), each word folded to its search form
/// (``TextNormalizer/token(_:)``), stemmed with the language's Snowball stemmer and marked when it is a
/// stopword; keyphrases (``Keyphrases``, after YAKE); counts and reading time; an exact content hash
/// (SHA-256) and a SimHash fingerprint for finding near-duplicates.
struct AnalysisStage: Sendable {
    struct Output: Sendable {
        var sentences: [Range<Int>] = []
        var wordCount = 0
        var keywords: [Keyphrase] = []
        var readingTimeSeconds = 0
        var contentHash = ""
        var simhash: UInt64 = 0
        /// Every word, when asked for.
        var tokens: [ArticleDocument.Token]?
    }

    /// Words per minute for scripts written with spaces, and characters per minute for Chinese and
    /// Japanese, where a word count says little: common estimates of silent reading speed for news.
    static let wordsPerMinute = 230.0
    static let hanCharactersPerMinute = 350.0

    /// - Parameters:
    ///   - text: the article text, NFC.
    ///   - language: the article's language code (for the stemmer and stopwords); `und` for none.
    ///   - script: the article's ISO 15924 script, if known.
    ///   - dateline: the dateline place the text opens with (`ASTANA`), kept out of the keyphrases: it is
    ///     in capitals at the very start, which YAKE takes for a strong term.
    ///   - includeTokens: return every word with its offsets and forms.
    func run(text: String, language: String, script: String?, dateline: String? = nil, includeTokens: Bool) -> Output {
        var output = Output()
        let segmenter = Segmenter()
        output.sentences = segmenter.sentences(in: text)
        let words = segmenter.words(in: text)
        output.wordCount = words.count

        let utf8 = Array(text.utf8)
        let normalizer = TextNormalizer()
        let stemmer = Stemmer(languageCode: language)
        let stopwords = Stopwords.list(for: language)
        let unspaced = script.map(Keyphrases.writesWithoutSpaces(script:)) ?? false
        var tokens: [Keyphrases.Token] = []
        tokens.reserveCapacity(words.count)
        var previousEnd: Int?
        // Half of an article's words are repeats: each distinct word as written is normalized, stemmed
        // (Snowball costs about a microsecond a word) and looked up in the stopwords once.
        var known: [String: (normalized: String, stem: String?, isStopword: Bool, elided: Int)] = [:]
        known.reserveCapacity(words.count / 2)
        var previousKind: Segmenter.Kind?
        for word in words {
            let entry: (normalized: String, stem: String?, isStopword: Bool, elided: Int)
            if let found = known[word.text] {
                entry = found
            } else {
                var normalized = normalizer.token(word.text)
                var elided = 0
                // `l'avion` is searched, stemmed and ranked as `avion`; its offsets still cover `l'`.
                if word.kind == .letter, let split = Elision.split(normalized, language: language) {
                    normalized = String(normalized.dropFirst(split.prefix).dropLast(split.suffix))
                    elided = split.prefix
                }
                let stem = word.kind == .number ? nil : stemmer?.stem(normalized)
                entry = (normalized, stem, stopwords?.contains(normalized) ?? false, elided)
                known[word.text] = entry
            }
            var breaksBefore = false
            var joiner: String?
            if let previousEnd, previousEnd < word.range.lowerBound {
                let gap = previousEnd..<word.range.lowerBound
                if previousKind == .letter, word.kind == .letter, let hyphen = Self.hyphen(utf8[gap]) {
                    joiner = hyphen
                } else {
                    breaksBefore = utf8.withUnsafeBufferPointer {
                        Keyphrases.breaksPhrase(UnsafeBufferPointer(rebasing: $0[gap]), unspaced: unspaced)
                    }
                }
            }
            previousEnd = word.range.upperBound
            previousKind = word.kind
            tokens.append(
                Keyphrases.Token(
                    surface: word.text, normalized: entry.normalized, stem: entry.stem, isStopword: entry.isStopword,
                    kind: word.kind, breaksBefore: breaksBefore, joiner: joiner, elided: entry.elided))
        }

        // Words come back in text order, a subsequence of `words`: one cursor finds each one's token.
        var cursor = 0
        let datelineEnd = dateline.flatMap { text.hasPrefix($0) ? $0.utf8.count : nil } ?? 0
        let sentences = Keyphrases.sentences(words.filter { $0.range.lowerBound >= datelineEnd }, in: output.sentences)
        {
            word in
            while words[cursor].range != word.range { cursor += 1 }
            return tokens[cursor]
        }
        let fragments = script.map(Keyphrases.joinsFragments(script:)) ?? false
        output.keywords = Keyphrases.extract(
            from: fragments ? Keyphrases.joiningFragments(sentences) : sentences, unspaced: unspaced)

        output.readingTimeSeconds = Self.readingTimeSeconds(words: words)
        output.contentHash = SHA256.hex(of: text)
        output.simhash = SimHash.fingerprint(tokens.lazy.filter { $0.kind != .number }.map(\.normalized))
        if includeTokens {
            output.tokens = zip(words, tokens).map { word, token in
                ArticleDocument.Token(
                    offset: word.range.lowerBound, length: word.range.count, kind: word.kind.rawValue,
                    normalized: token.normalized, stem: token.stem, stopword: token.isStopword ? true : nil)
            }
        }
        return output
    }

    /// The gap between two words when it is one hyphen and nothing else (`Web-based`, `Nur-Sultan`), so
    /// the words form a compound.
    static func hyphen(_ gap: ArraySlice<UInt8>) -> String? {
        // Checked without copying: this runs for every gap between two words.
        if gap.count == 1 { return gap.first == 0x2D ? "-" : nil }
        guard gap.count == 3, gap[gap.startIndex] == 0xE2, gap[gap.startIndex + 1] == 0x80 else { return nil }
        switch gap[gap.startIndex + 2] {
        case 0x90: return "\u{2010}"
        case 0x91: return "\u{2011}"
        default: return nil
        }
    }

    /// Reading time at ``wordsPerMinute``, with Han and kana counted per character at
    /// ``hanCharactersPerMinute``; at least one second for any text.
    static func readingTimeSeconds(words: [Segmenter.Word]) -> Int {
        guard !words.isEmpty else { return 0 }
        var minutes = 0.0
        for word in words {
            if word.kind == .ideographic || word.kind == .kana {
                minutes += Double(word.text.unicodeScalars.count) / hanCharactersPerMinute
            } else {
                minutes += 1 / wordsPerMinute
            }
        }
        return max(1, Int((minutes * 60).rounded()))
    }
}

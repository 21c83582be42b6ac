extension Keyphrases {
    /// The words of a text grouped by sentence, as ``extract(from:unspaced:configuration:)`` takes them.
    ///
    /// - Parameters:
    ///   - words: the words of the text, in order (``Segmenter/words(in:)``).
    ///   - sentences: the sentences of the same text, in order (``Segmenter/sentences(in:)``).
    ///   - token: makes the token for one word.
    /// - Returns: one list per sentence that holds words; a word outside every sentence is dropped.
    static func sentences(
        _ words: [Segmenter.Word], in sentences: [Range<Int>], token: (Segmenter.Word) -> Token
    ) -> [[Token]] {
        var result: [[Token]] = []
        result.reserveCapacity(sentences.count)
        var next = words.startIndex
        for sentence in sentences {
            // Both lists are in text order: one walk assigns every word.
            while next < words.endIndex, words[next].range.lowerBound < sentence.lowerBound { next += 1 }
            var tokens: [Token] = []
            while next < words.endIndex, words[next].range.upperBound <= sentence.upperBound {
                tokens.append(token(words[next]))
                next += 1
            }
            if !tokens.isEmpty { result.append(tokens) }
        }
        return result
    }
}

extension Keyphrases {
    /// Whether keyphrases of text in `script` (ISO 15924) should be built from joined fragments
    /// (``joiningFragments(_:)``): the scripts written without spaces whose words ICU finds with a
    /// dictionary that splits compounds.
    static func joinsFragments(script: String) -> Bool {
        switch script {
        case "Thai", "Laoo", "Khmr", "Mymr": true
        default: false
        }
    }

    /// `sentences` with neighbouring words that always occur together joined into one.
    ///
    /// ICU's dictionaries for Thai, Lao, Khmer and Burmese split compounds into their parts
    /// (`เจ้าหน้าที่ท้องถิ่น`, local officials, comes out as `เจ้า|หน้าที่|ท้อง|ถิ่น`), so a phrase of at most three
    /// words can end inside a compound (`เจ้าหน้าที่ท้อง`). Two words are joined when the first is always
    /// followed by the second and the second always preceded by the first, at least twice, with no phrase
    /// boundary between them and neither a stopword nor a number: one word to the article. Joined words may
    /// join again, up to four rounds.
    static func joiningFragments(_ sentences: [[Token]]) -> [[Token]] {
        var sentences = sentences
        for _ in 0..<4 {
            var counts: [String: Int] = [:]
            var pairs: [Pair: Int] = [:]
            for sentence in sentences {
                for (index, token) in sentence.enumerated() {
                    counts[token.key, default: 0] += 1
                    if index > 0, Self.canJoin(sentence[index - 1], token) {
                        pairs[Pair(first: sentence[index - 1].key, second: token.key), default: 0] += 1
                    }
                }
            }
            let sticky = Set(
                pairs.compactMap { pair, count in
                    count >= 2 && counts[pair.first] == count && counts[pair.second] == count ? pair : nil
                })
            guard !sticky.isEmpty else { break }
            sentences = sentences.map { sentence in
                var joined: [Token] = []
                joined.reserveCapacity(sentence.count)
                for token in sentence {
                    if let last = joined.last, Self.canJoin(last, token),
                        sticky.contains(Pair(first: last.key, second: token.key))
                    {
                        joined[joined.count - 1] = Token(
                            surface: last.surface + token.surface, normalized: last.normalized + token.normalized,
                            isStopword: false, kind: last.kind, breaksBefore: last.breaksBefore)
                    } else {
                        joined.append(token)
                    }
                }
                return joined
            }
        }
        return sentences
    }

    private struct Pair: Hashable {
        var first: String
        var second: String
    }

    private static func canJoin(_ first: Token, _ second: Token) -> Bool {
        !second.breaksBefore && !first.isStopword && !second.isStopword && first.kind != .number
            && second.kind != .number
    }
}

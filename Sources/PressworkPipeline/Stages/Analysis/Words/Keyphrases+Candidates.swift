extension Keyphrases {
    /// The distinct candidate phrases of an article (runs of one to three words grouped by their terms),
    /// with their frequencies, occurrences and scores.
    struct Candidates {
        /// The terms of a candidate; -1 past its last word.
        struct Terms: Hashable {
            var first: Int32
            var second: Int32 = -1
            var third: Int32 = -1

            var count: Int { third >= 0 ? 3 : second >= 0 ? 2 : 1 }

            subscript(index: Int) -> Int32 {
                switch index {
                case 0: first
                case 1: second
                default: third
                }
            }

            /// The three term numbers in 21 bits each (all ones for none): a key for ``IntegerMap``, which
            /// never equals its empty marker. Term numbers stay below 2^21 - 1 (see ``Keyphrases/wordLimit``).
            var packed: UInt64 {
                let none: UInt64 = 0x1F_FFFF
                let second = self.second >= 0 ? UInt64(self.second) : none
                let third = self.third >= 0 ? UInt64(self.third) : none
                return UInt64(first) | second << 21 | third << 42
            }
        }

        /// Where a candidate occurs: its sentence and first word.
        struct Occurrence {
            var candidate: Int32
            var sentence: Int32
            var start: Int32
        }

        private(set) var terms: [Terms] = []
        private(set) var frequencies: [Int32] = []
        private(set) var scores: [Double] = []
        private var occurrences: [Occurrence] = []

        var isEmpty: Bool { terms.isEmpty }

        /// Every run of up to `maximumWords` words inside a sentence that holds no number, crosses no phrase
        /// boundary (``Token/breaksBefore``), whose first and last words can edge a phrase and that neither
        /// starts nor ends inside a hyphenated compound (``Token/joiner``).
        init(sentences: [[Token]], terms statistics: TermStatistics, maximumWords: Int) {
            let words = statistics.termOfWord.count
            var numbers = IntegerMap(capacity: words * maximumWords / 2)
            occurrences.reserveCapacity(words * maximumWords / 2)
            var word = 0
            for (sentenceIndex, sentence) in sentences.enumerated() {
                let sentenceStart = word
                word += sentence.count
                for start in sentence.indices
                where statistics.canEdge[sentenceStart + start] && sentence[start].joiner == nil {
                    var key = Terms(first: statistics.termOfWord[sentenceStart + start])
                    for length in 1...maximumWords {
                        let end = sentenceStart + start + length - 1
                        guard end < word, length == 1 || !sentence[start + length - 1].breaksBefore else { break }
                        let term = statistics.termOfWord[end]
                        guard !statistics.isNumber[Int(term)] else { break }
                        if length == 2 { key.second = term } else if length == 3 { key.third = term }
                        let next = start + length
                        guard statistics.canEdge[end], next == sentence.count || sentence[next].joiner == nil
                        else { continue }
                        let number = Int32(terms.count)
                        let candidate = numbers.value(of: key.packed, inserting: number)
                        if candidate == number {
                            terms.append(key)
                            frequencies.append(0)
                        }
                        frequencies[Int(candidate)] += 1
                        occurrences.append(
                            Occurrence(candidate: candidate, sentence: Int32(sentenceIndex), start: Int32(start)))
                    }
                }
            }
        }

        /// Whether a word may start or end a phrase: not a stopword, not a number, longer than one character.
        static func canEdge(_ token: Token) -> Bool {
            guard !token.isStopword, token.kind != .number else { return false }
            var scalars = token.normalized.unicodeScalars.makeIterator()
            return scalars.next() != nil && scalars.next() != nil
        }

        /// Scores every candidate: Π S(t) / (TF · (1 + Σ S(t))), the paper's equation 8, with a stopword
        /// inside weighted as the type's documentation says, times `oncePenalty` for a candidate of three
        /// words seen once.
        mutating func score(terms statistics: TermStatistics, oncePenalty: Double) {
            scores = terms.indices.map { candidate in
                let key = terms[candidate]
                var product = 1.0
                var sum = 0.0
                if frequencies[candidate] == 1 && key.count == 3 { product = oncePenalty }
                for index in 0..<key.count {
                    let term = key[index]
                    guard statistics.isStopword[Int(term)], index > 0, index < key.count - 1 else {
                        product *= statistics.scores[Int(term)]
                        sum += statistics.scores[Int(term)]
                        continue
                    }
                    // How often the stopword joins these neighbours, as a share of each neighbour's uses.
                    let before = key[index - 1]
                    let after = key[index + 1]
                    let joinsBefore =
                        Double(statistics.cooccurrences(before, term)) / Double(statistics.frequencies[Int(before)])
                    let joinsAfter =
                        Double(statistics.cooccurrences(term, after)) / Double(statistics.frequencies[Int(after)])
                    product *= 2 - joinsBefore * joinsAfter
                }
                return product / (Double(frequencies[candidate]) * (1 + sum))
            }
        }

        /// The best `count` candidates, lowest score first (earliest first on ties), skipping any whose terms
        /// read almost like those of one already chosen.
        func best(count: Int, terms statistics: TermStatistics, similarityLimit: Double) -> [Int] {
            // Sorting every candidate cost more than all the counting; the few best are enough unless
            // variants crowd them out, and then the full order is taken.
            let shortlist = lowest(max(count * 4, 16))
            let chosen = deduplicated(shortlist, count: count, terms: statistics, similarityLimit: similarityLimit)
            if chosen.count == count || shortlist.count == terms.count { return chosen }
            let ranked = scores.indices.sorted { (scores[$0], $0) < (scores[$1], $1) }
            return deduplicated(ranked, count: count, terms: statistics, similarityLimit: similarityLimit)
        }

        /// The `limit` candidates with the lowest scores (earliest on ties), in order.
        private func lowest(_ limit: Int) -> [Int] {
            var best: [(score: Double, candidate: Int)] = []
            best.reserveCapacity(limit + 1)
            for (candidate, score) in scores.enumerated() {
                if best.count == limit, let last = best.last, score >= last.score { continue }
                var index = best.count
                while index > 0 && best[index - 1].score > score { index -= 1 }
                best.insert((score, candidate), at: index)
                if best.count > limit { best.removeLast() }
            }
            return best.map(\.candidate)
        }

        /// The first `count` of `ranked` that are not variants of one taken before: not spelled alike, and
        /// not mostly the same words (`climate` after `climate summit`, `river bank sent` after `burst river
        /// bank`), which YAKE's spelling test alone lets through and readers see as repeats.
        private func deduplicated(
            _ ranked: [Int], count: Int, terms statistics: TermStatistics, similarityLimit: Double
        ) -> [Int] {
            var chosen: [Int] = []
            var chosenKeys: [[Unicode.Scalar]] = []
            var chosenTerms: [Set<Int>] = []
            for candidate in ranked {
                let key = terms[candidate]
                let words = (0..<key.count).map { statistics.keys[Int(key[$0])] }
                let spelled = Array(words.joined(separator: " ").unicodeScalars)
                if chosenKeys.contains(where: { Self.similarity($0, spelled) >= similarityLimit }) { continue }
                let termSet = Set((0..<key.count).map { Int(key[$0]) })
                if chosenTerms.contains(where: { Self.overlaps($0, termSet) }) { continue }
                chosen.append(candidate)
                chosenKeys.append(spelled)
                chosenTerms.append(termSet)
                if chosen.count == count { break }
            }
            return chosen
        }

        /// Whether two phrases share at least two thirds of the shorter one's words (all of a one- or
        /// two-word phrase's).
        static func overlaps(_ a: Set<Int>, _ b: Set<Int>) -> Bool {
            let shorter = min(a.count, b.count)
            guard shorter > 0 else { return false }
            return Double(a.intersection(b).count) >= (Double(shorter) * 2 / 3).rounded(.up)
        }

        /// 1 − Levenshtein distance / the longer length: 1 for equal texts, 0 for nothing in common.
        static func similarity(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Double {
            let longer = max(a.count, b.count)
            guard !a.isEmpty, !b.isEmpty else { return longer == 0 ? 1 : 0 }
            // The distance is at least the difference in length: skip the table when that alone is too far.
            if Double(longer - min(a.count, b.count)) / Double(longer) > 0.5 { return 0 }
            var previous = Array(0...b.count)
            var current = [Int](repeating: 0, count: b.count + 1)
            for i in 1...a.count {
                current[0] = i
                for j in 1...b.count {
                    let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                    current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
                }
                swap(&previous, &current)
            }
            return 1 - Double(previous[b.count]) / Double(longer)
        }

        /// The text of each candidate: its most frequent surface form (the first seen on ties).
        func surfaces(of chosen: [Int], sentences: [[Token]], unspaced: Bool) -> [String] {
            var slots = [Int](repeating: -1, count: terms.count)
            for (slot, candidate) in chosen.enumerated() { slots[candidate] = slot }
            // Each form is kept as one occurrence that spells it; texts are built for the winners only.
            var forms = [[(occurrence: Occurrence, count: Int)]](repeating: [], count: chosen.count)
            for occurrence in occurrences {
                let slot = slots[Int(occurrence.candidate)]
                guard slot >= 0 else { continue }
                let length = terms[Int(occurrence.candidate)].count
                let index = forms[slot].firstIndex {
                    Self.spellsAlike($0.occurrence, occurrence, length: length, sentences: sentences)
                }
                if let index {
                    forms[slot][index].count += 1
                } else {
                    forms[slot].append((occurrence, 1))
                }
            }
            return forms.map { variants in
                let best = variants.reduce(variants[0]) { best, form in form.count > best.count ? form : best }
                let start = Int(best.occurrence.start)
                let length = terms[Int(best.occurrence.candidate)].count
                return Self.text(
                    of: sentences[Int(best.occurrence.sentence)][start..<start + length], unspaced: unspaced)
            }
        }

        /// A phrase's words as the article writes them: joined by their hyphens inside a compound, else as
        /// ``join(_:unspaced:)`` joins them, without an elided article before the first word.
        static func text(of words: ArraySlice<Token>, unspaced: Bool) -> String {
            var parts: [String] = []
            for token in words {
                var surface = token.surface
                if parts.isEmpty && token.elided > 0 { surface = String(surface.dropFirst(token.elided)) }
                if let joiner = token.joiner, let last = parts.popLast() {
                    parts.append(last + joiner + surface)
                } else {
                    parts.append(surface)
                }
            }
            return join(parts, unspaced: unspaced)
        }

        /// Whether two occurrences of one candidate are written with the same bytes.
        private static func spellsAlike(
            _ a: Occurrence, _ b: Occurrence, length: Int, sentences: [[Token]]
        ) -> Bool {
            let first = sentences[Int(a.sentence)]
            let second = sentences[Int(b.sentence)]
            for offset in 0..<length
            where !first[Int(a.start) + offset].surface.utf8.elementsEqual(second[Int(b.start) + offset].surface.utf8) {
                return false
            }
            return true
        }

        /// Words joined by spaces, or without in unspaced scripts except between two ASCII letters or digits
        /// (a Latin name inside Chinese text: `巴黎` `COP` `28` → `巴黎COP 28`).
        static func join(_ words: [String], unspaced: Bool) -> String {
            guard unspaced else { return words.joined(separator: " ") }
            var text = ""
            for word in words {
                if let last = text.utf8.last, let first = word.utf8.first, isASCIIAlphanumeric(last),
                    isASCIIAlphanumeric(first)
                {
                    text += " "
                }
                text += word
            }
            return text
        }

        private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        }
    }
}

import Glibc

extension Keyphrases {
    /// The terms of an article, numbered in order of first appearance, with YAKE's score of each.
    struct TermStatistics {
        /// The term number of every word, sentence after sentence.
        private(set) var termOfWord: [Int32] = []
        /// The grouping key of each term (stem or normalized word), for comparing candidates.
        var keys: [String] { index.keys }
        private var index = TermIndex(capacity: 0)
        /// How many times each term occurs.
        private(set) var frequencies: [Int32] = []
        /// Whether any occurrence of the term is a stopword.
        private(set) var isStopword: [Bool] = []
        /// Whether the term's first occurrence is a number.
        private(set) var isNumber: [Bool] = []
        /// Whether each word may start or end a candidate (``Candidates/canEdge(_:)``).
        private(set) var canEdge: [Bool] = []
        /// How many times each left term (high 32 bits) is followed by each right term (low 32 bits) within
        /// the window: the context counts, and the stopword-in-the-middle probabilities.
        private(set) var pairs = IntegerMap(capacity: 0)
        /// S(t) of each term: lower is more important.
        private(set) var scores: [Double] = []

        init(sentences: [[Token]], window: Int) {
            var uppercase: [Int32] = []
            var acronyms: [Int32] = []
            var sentenceCounts: [Int32] = []
            var lastSentence: [Int32] = []
            let wordCount = sentences.reduce(0) { $0 + $1.count }
            termOfWord.reserveCapacity(wordCount)
            canEdge.reserveCapacity(wordCount)
            index = TermIndex(capacity: wordCount / 2)
            pairs = IntegerMap(capacity: wordCount * window)

            for (sentenceIndex, sentence) in sentences.enumerated() {
                let sentenceStart = termOfWord.count
                for (position, token) in sentence.enumerated() {
                    let term = index.number(of: token.key)
                    if term == frequencies.count {
                        frequencies.append(0)
                        isStopword.append(false)
                        uppercase.append(0)
                        acronyms.append(0)
                        sentenceCounts.append(0)
                        lastSentence.append(-1)
                        isNumber.append(token.kind == .number)
                    }
                    let t = Int(term)
                    termOfWord.append(term)
                    canEdge.append(Candidates.canEdge(token))
                    frequencies[t] += 1
                    if token.isStopword { isStopword[t] = true }
                    if lastSentence[t] != Int32(sentenceIndex) {
                        lastSentence[t] = Int32(sentenceIndex)
                        sentenceCounts[t] += 1
                    }
                    let casing = Self.casing(token.surface)
                    // A capital that starts a sentence says nothing about the word.
                    if casing.capitalized && position > 0 { uppercase[t] += 1 }
                    if casing.acronym { acronyms[t] += 1 }
                    guard !isNumber[t] else { continue }
                    let here = termOfWord.count - 1
                    for before in max(sentenceStart, here - window)..<here {
                        let left = termOfWord[before]
                        if isNumber[Int(left)] { continue }
                        pairs.add(1, to: Self.pair(left, term))
                    }
                }
            }
            scores = Self.scores(
                sentences: sentences, termOfWord: termOfWord, frequencies: frequencies, isStopword: isStopword,
                isNumber: isNumber, uppercase: uppercase, acronyms: acronyms, sentenceCounts: sentenceCounts,
                pairs: pairs)
        }

        /// How many times `left` is followed by `right` within the window.
        func cooccurrences(_ left: Int32, _ right: Int32) -> Int32 {
            pairs[Self.pair(left, right)] ?? 0
        }

        /// The key of a pair of terms in `pairs`.
        private static func pair(_ left: Int32, _ right: Int32) -> UInt64 {
            UInt64(UInt32(left)) << 32 | UInt64(UInt32(right))
        }

        /// S(t) = Rel·Pos / (Case + Freq/Rel + Sent/Rel) for every term (the paper's equation 7).
        private static func scores(
            sentences: [[Token]], termOfWord: [Int32], frequencies: [Int32], isStopword: [Bool], isNumber: [Bool],
            uppercase: [Int32], acronyms: [Int32], sentenceCounts: [Int32], pairs: IntegerMap
        ) -> [Double] {
            let termCount = frequencies.count
            // Context: distinct neighbours over all co-occurrences, on each side.
            var distinctLeft = [Int32](repeating: 0, count: termCount)
            var distinctRight = [Int32](repeating: 0, count: termCount)
            var totalLeft = [Int32](repeating: 0, count: termCount)
            var totalRight = [Int32](repeating: 0, count: termCount)
            pairs.forEach { pair, count in
                let left = Int(pair >> 32)
                let right = Int(pair & 0xFFFF_FFFF)
                distinctLeft[right] += 1
                totalLeft[right] += count
                distinctRight[left] += 1
                totalRight[left] += count
            }
            let medians = medianSentences(sentences: sentences, termOfWord: termOfWord, frequencies: frequencies)

            // Frequency is normalized by the mean and deviation over content terms only: stopwords would
            // swamp both.
            var sum = 0.0
            var squares = 0.0
            var contentTerms = 0.0
            var maximum: Int32 = 1
            for term in 0..<termCount where !isNumber[term] {
                maximum = max(maximum, frequencies[term])
                guard !isStopword[term] else { continue }
                let frequency = Double(frequencies[term])
                sum += frequency
                squares += frequency * frequency
                contentTerms += 1
            }
            let mean = contentTerms > 0 ? sum / contentTerms : 1
            let deviation = contentTerms > 0 ? (max(squares / contentTerms - mean * mean, 0)).squareRoot() : 0
            let sentenceCount = Double(max(sentences.count, 1))

            var scores = [Double](repeating: 0, count: termCount)
            for term in 0..<termCount {
                let frequency = Double(frequencies[term])
                let casing = Double(max(uppercase[term], acronyms[term])) / (1 + log(frequency))
                let position = log(log(3 + medians[term]))
                let normalizedFrequency = frequency / (mean + deviation)
                let left = totalLeft[term] > 0 ? Double(distinctLeft[term]) / Double(totalLeft[term]) : 0
                let right = totalRight[term] > 0 ? Double(distinctRight[term]) / Double(totalRight[term]) : 0
                let relatedness = 1 + (left + right) * frequency / Double(maximum)
                let spread = Double(sentenceCounts[term]) / sentenceCount
                scores[term] =
                    relatedness * position
                    / (casing + normalizedFrequency / relatedness + spread / relatedness)
            }
            return scores
        }

        /// The median number of the sentences each term occurs in, one entry per occurrence, counting the first
        /// sentence as 1. Occurrences come in sentence order, so the median is the middle occurrence (the mean
        /// of the two middle ones).
        ///
        /// Counting from 1, not 0: from 0, ln(ln(3 + 0)) ≈ 0.09 makes every word of the first sentence eight
        /// times as strong as one in the sixth, and the lead sentence's chance phrases outrank the topic.
        private static func medianSentences(
            sentences: [[Token]], termOfWord: [Int32], frequencies: [Int32]
        ) -> [Double] {
            var seen = [Int32](repeating: 0, count: frequencies.count)
            var medians = [Double](repeating: 0, count: frequencies.count)
            var word = 0
            for (sentenceIndex, sentence) in sentences.enumerated() {
                for _ in sentence.indices {
                    let term = Int(termOfWord[word])
                    word += 1
                    let frequency = frequencies[term]
                    let occurrence = seen[term]
                    seen[term] += 1
                    let number = Double(sentenceIndex + 1)
                    if occurrence == (frequency - 1) / 2 { medians[term] += number / 2 }
                    if occurrence == frequency / 2 { medians[term] += number / 2 }
                }
            }
            return medians
        }

        /// Whether a word as written starts with a capital (`Paris`, `ООН`) and whether it is all capitals,
        /// two or more (`NATO`, `ООН`). Scripts without case have neither.
        static func casing(_ surface: String) -> (capitalized: Bool, acronym: Bool) {
            var scalars = surface.unicodeScalars.makeIterator()
            guard let first = scalars.next(), isUppercase(first) else { return (false, false) }
            var capitals = 1
            while let scalar = scalars.next() {
                if isLowercase(scalar) { return (true, false) }
                if isUppercase(scalar) { capitals += 1 }
            }
            return (true, capitals >= 2)
        }

        private static func isUppercase(_ scalar: Unicode.Scalar) -> Bool {
            if scalar.isASCII { return (0x41...0x5A).contains(scalar.value) }
            return !isCaseless(scalar) && scalar.properties.isUppercase
        }

        private static func isLowercase(_ scalar: Unicode.Scalar) -> Bool {
            if scalar.isASCII { return (0x61...0x7A).contains(scalar.value) }
            return !isCaseless(scalar) && scalar.properties.isLowercase
        }

        /// Blocks with no cased letter, where the property lookup can be skipped: Hebrew to Myanmar
        /// (Arabic, the Indic scripts, Thai), CJK with kana, and Hangul syllables.
        private static func isCaseless(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x0590..<0x10A0, 0x2E80..<0xA640, 0xAC00..<0xD7B0: true
            default: false
            }
        }
    }
}

// Time of keyphrase extraction and the SimHash fingerprint per article, and SHA-256 throughput.
// Built and run by bench-keyphrases.sh together with the Stages/Analysis/Words sources, optimized.

import Foundation

let words = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 1000
let iterations = Int(CommandLine.arguments.dropFirst(2).first ?? "") ?? 2000
let clock = ContinuousClock()

func microseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
}

/// A seeded generator, so every run times the same articles.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        return SimHash.mix(state)
    }
}

/// An article of `count` words: English stopwords a third of the time, else content words drawn from a
/// Zipf-like vocabulary of 3,000 made-up words, sentences of 8 to 25 words, as real news text has.
func syntheticArticle(_ count: Int, seed: UInt64) -> [[Keyphrases.Token]] {
    var generator = SplitMix(state: seed)
    let letters = Array("abcdefghijklmnopqrstuvwxyz")
    let vocabulary = (0..<3000).map { _ in
        String((0..<Int.random(in: 4...10, using: &generator)).map { _ in letters.randomElement(using: &generator)! })
    }
    let stopwords = Array(Stopwords.list(for: "en")!).sorted()
    let stemmer = Stemmer(languageCode: "en")!
    var sentences: [[Keyphrases.Token]] = []
    var made = 0
    while made < count {
        let length = Int.random(in: 8...25, using: &generator)
        var sentence: [Keyphrases.Token] = []
        for _ in 0..<length {
            if Int.random(in: 0..<3, using: &generator) == 0 {
                let word = stopwords[Int.random(in: 0..<stopwords.count, using: &generator)]
                sentence.append(.init(surface: word, normalized: word, isStopword: true, kind: .letter))
            } else {
                // Rank r with probability about 1/r.
                let rank = Int(exp(Double.random(in: 0..<log(3000.0), using: &generator)))
                let word = vocabulary[rank - 1]
                sentence.append(
                    .init(surface: word, normalized: word, stem: stemmer.stem(word), isStopword: false, kind: .letter))
            }
        }
        made += length
        sentences.append(sentence)
    }
    return sentences
}

func timed(_ label: String, _ body: () -> Int) {
    var rounds: [Double] = []
    var sink = 0
    for _ in 0..<5 {
        let start = clock.now
        for _ in 0..<iterations { sink &+= body() }
        rounds.append(microseconds(clock.now - start) / Double(iterations))
    }
    print(label.padding(toLength: 44, withPad: " ", startingAt: 0), String(format: "%8.1f µs", rounds.sorted()[2]), sink == 42 ? "" : "")
}

print("\(words) words per article, \(iterations) runs per round; median of 5 rounds, one thread")
let synthetic = syntheticArticle(words, seed: 7)
timed("keyphrases, synthetic English (stems)") {
    Keyphrases.extract(from: synthetic, unspaced: false).count
}
let normalized = synthetic.flatMap { $0.map(\.normalized) }
timed("simhash, same words") { Int(truncatingIfNeeded: SimHash.fingerprint(normalized)) }

let segmenter = Segmenter()
let normalizer = TextNormalizer()
for (language, paragraph) in [
    ("en", "World leaders gathered in Paris on Monday for the climate summit, hoping to agree on deeper cuts to carbon emissions. The climate summit opened with a warning from scientists that global temperatures are rising faster than expected. "),
    ("zh", "气候峰会星期一在巴黎开幕，各国领导人希望就进一步减少碳排放达成协议。科学家在气候峰会开幕时警告说，全球气温上升的速度超过预期。"),
] {
    var text = ""
    while segmenter.words(in: text).count < words { text += paragraph }
    let stemmer = Stemmer(languageCode: language)
    let stopwords = Stopwords.list(for: language)
    let sentences = Keyphrases.sentences(segmenter.words(in: text), in: segmenter.sentences(in: text)) {
        let normalized = normalizer.token($0.text)
        return Keyphrases.Token(
            surface: $0.text, normalized: normalized, stem: $0.kind == .number ? nil : stemmer?.stem(normalized),
            isStopword: stopwords?.contains(normalized) ?? false, kind: $0.kind)
    }
    timed("keyphrases, repeated \(language) paragraph") {
        Keyphrases.extract(from: sentences, unspaced: language == "zh").count
    }
}

let megabytes = 64
func randomBytes(_ count: Int) -> [UInt8] {
    var generator = SplitMix(state: 1)
    return (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
}
let bytes = randomBytes(megabytes << 20)
var best = Double.infinity
for _ in 0..<3 {
    let start = clock.now
    var hasher = SHA256()
    bytes.withUnsafeBytes { hasher.update($0) }
    _ = hasher.finalize()
    best = min(best, microseconds(clock.now - start))
}
print("sha256".padding(toLength: 44, withPad: " ", startingAt: 0), String(format: "%8.0f MB/s", Double(megabytes) * 1.048576e6 / best))

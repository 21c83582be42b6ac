/// A keyphrase of an article, as ``Keyphrases/extract(from:unspaced:configuration:)`` ranks it.
struct Keyphrase: Sendable, Hashable, Codable {
    /// The phrase as the article most often writes it: its words' surfaces joined by a space, or without
    /// one in scripts written without spaces.
    var text: String
    /// YAKE's score, rounded to six significant digits: lower is more relevant. Scores compare within
    /// one article only; they have no absolute scale.
    var score: Double
    /// How many times the phrase (any surface form of its stems) occurs in the article.
    var count: Int
}

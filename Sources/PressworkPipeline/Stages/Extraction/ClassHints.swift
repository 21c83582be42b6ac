/// What an element's `class` and `id` say about it, the way readers of page templates judge them: words
/// such as article, content, story or body mark the main text; nav, menu, footer, comment, share,
/// related, promo, ad, cookie or newsletter mark page furniture.
struct ClassHints: Equatable {
    /// +25 for a content word, -25 for a furniture word (both cancel out).
    var weight = 0
    /// A furniture word without a content word: the element is removed before scoring.
    var unlikely = false
    /// A byline or dateline: removed when short, whatever else it says.
    var byline = false
    /// A cookie or consent banner.
    var consent = false
    /// A paywall or subscription prompt.
    var paywall = false

    /// Judges `class` and `id` together, ASCII-lowercased; only their first 256 bytes are read.
    init(_ classAndId: String) {
        var bytes = Array(classAndId.utf8.prefix(256))
        for index in bytes.indices where bytes[index] >= 0x41 && bytes[index] <= 0x5A { bytes[index] |= 0x20 }
        var positive = false
        var negative = false
        for token in bytes.split(whereSeparator: { $0 < 0x80 && !Self.isAlphanumeric($0) }) {
            if Self.positiveTokens.contains(token) || Self.contains(token, anyOf: Self.positiveStems) {
                positive = true
            }
            if Self.negativeTokens.contains(token) || Self.contains(token, anyOf: Self.negativeStems) {
                negative = true
            }
            if Self.contains(token, anyOf: Self.bylineStems) { byline = true }
            if Self.consentTokens.contains(token) || Self.contains(token, anyOf: Self.consentStems) { consent = true }
            if Self.contains(token, anyOf: Self.paywallStems) { paywall = true }
        }
        weight = (positive ? 25 : 0) - (negative ? 25 : 0)
        unlikely = negative && !positive
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// Whether one of `stems` occurs in `token` (naive search: tokens and stems are short).
    private static func contains(_ token: ArraySlice<UInt8>, anyOf stems: [[UInt8]]) -> Bool {
        for stem in stems where stem.count <= token.count {
            var start = token.startIndex
            let last = token.endIndex - stem.count
            while start <= last {
                if token[start] == stem[0] {
                    var offset = 1
                    while offset < stem.count, token[start + offset] == stem[offset] { offset += 1 }
                    if offset == stem.count { return true }
                }
                start += 1
            }
        }
        return false
    }

    static let positiveTokens: Set<ArraySlice<UInt8>> = Self.slices([
        "main", "text", "post", "page", "prose", "hentry", "entry",
    ])
    static let positiveStems: [[UInt8]] = [
        "article", "content", "story", "body", "blog", "column", "artikel", "markdown",
    ].map { Array($0.utf8) }
    static let negativeTokens: Set<ArraySlice<UInt8>> = Self.slices([
        "ad", "ads", "adv", "nav", "aside", "tools", "extra", "hidden", "hide", "tag", "tags", "foot", "share",
        "sns", "tweet", "facebook", "twitter", "whatsapp", "email", "print", "rss", "meta", "more", "cta", "skip",
        "jump", "sronly", "sr", "visually", "outbrain", "taboola", "breaking", "ticker", "dropdown", "links",
    ])
    static let negativeStems: [[UInt8]] = [
        "comment", "sidebar", "footer", "related", "social", "sharing", "sharebar", "sponsor", "promo", "newsletter",
        "cookie", "consent", "gdpr", "banner", "breadcrumb", "pagination", "pager", "popup", "modal", "masthead",
        "widget", "subscri", "signup", "advert", "disqus", "recommend", "trending", "toolbar", "menu", "navbar",
        "navigation", "login", "header", "byline", "author", "dateline", "popular", "readmore", "overlay", "donate",
        "carousel", "rating", "follow", "shoutbox", "skyscraper", "supplemental", "community",
    ].map { Array($0.utf8) }
    static let bylineStems: [[UInt8]] = ["byline", "author", "dateline", "writtenby"].map { Array($0.utf8) }
    static let consentTokens: Set<ArraySlice<UInt8>> = Self.slices(["cmp"])
    static let consentStems: [[UInt8]] = ["cookie", "consent", "gdpr", "onetrust", "didomi", "truste", "privacybanner"]
        .map { Array($0.utf8) }
    static let paywallStems: [[UInt8]] = ["paywall", "regwall", "piano", "metered", "subscriber"].map { Array($0.utf8) }

    private static func slices(_ words: [String]) -> Set<ArraySlice<UInt8>> {
        Set(words.map { ArraySlice($0.utf8) })
    }
}

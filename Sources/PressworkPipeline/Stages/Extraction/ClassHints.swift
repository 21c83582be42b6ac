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
    /// What a shop puts beside one product: customer reviews, "also viewed" and upsell rails, delivery,
    /// payment and wish-list panels, image sliders. Removed only on product pages: on an article a
    /// `review` class marks the review itself.
    var shopFurniture = false
    /// An accordion's panel (`collapse`, `accordion`) that names no furniture (a collapsed `navbar`
    /// menu does): read even when closed.
    var panel = false
    /// Text for screen readers only (`sr-only`, `visually-hidden`, `screen-reader-text`): moved off-screen
    /// by the page's style sheet, so no sighted reader sees it ("Opens in a new window", "This is an image
    /// carousel", "Current price is").
    var screenReaderOnly = false

    /// Judges `class` and `id` together; only their first 256 bytes are read.
    init(_ classAndId: String) {
        var bytes = Array(classAndId.utf8.prefix(256))
        for index in bytes.indices where bytes[index] >= 0x41 && bytes[index] <= 0x5A { bytes[index] |= 0x20 }
        self.init(lowercased: bytes.withUnsafeBufferPointer { $0 })
    }

    /// Judges `class` and `id` already ASCII-lowercased, in one pass over their bytes.
    init(lowercased bytes: UnsafeBufferPointer<UInt8>) {
        let found = Self.keywords.scan(bytes)
        func has(_ mark: Mark) -> Bool { found & mark.bit != 0 }
        let positive = has(.positive)
        // Tailwind's `overflow-hidden` clips an element's overflow; it hides nothing. Page builders
        // (Elementor, HubSpot) call every block of a page a widget, the text included.
        let negative =
            has(.negative) || (has(.hiddenWord) && !has(.overflowUtility)) || (has(.widgetWord) && !has(.pageBuilder))
        byline = has(.byline)
        consent = has(.consent)
        paywall = has(.paywall)
        shopFurniture = has(.shop)
        panel = has(.panel) && !negative
        screenReaderOnly = has(.screenReader)
        weight = (positive ? 25 : 0) - (negative ? 25 : 0)
        unlikely = negative && !positive
    }

    /// What a keyword found says, one bit of ``KeywordSet``'s mask each.
    private enum Mark: UInt32 {
        case positive, negative, byline, consent, paywall, shop, panel, screenReader
        /// `hidden`, furniture unless `overflow-hidden` says otherwise; `widget`, unless a page builder's.
        case hiddenWord, overflowUtility, widgetWord, pageBuilder

        var bit: UInt32 { 1 << rawValue }

        func keywords(_ words: [String], whole: Bool = false) -> [(word: String, mask: UInt32, wholeToken: Bool)] {
            words.map { ($0, bit, whole) }
        }
    }

    /// Every word below with its mark: tokens match whole (`ad` is not in `header`), stems anywhere.
    private static let keywords = KeywordSet(
        Mark.positive.keywords(positiveTokens, whole: true) + Mark.positive.keywords(positiveStems)
            + Mark.negative.keywords(negativeTokens, whole: true) + Mark.negative.keywords(negativeStems)
            + Mark.byline.keywords(bylineStems) + Mark.consent.keywords(consentStems)
            + Mark.paywall.keywords(paywallStems) + Mark.shop.keywords(shopStems)
            + Mark.panel.keywords(["collapse", "accordion"]) + Mark.screenReader.keywords(screenReaderStems)
            + Mark.hiddenWord.keywords(["hidden"], whole: true)
            + Mark.overflowUtility.keywords(["overflow-hidden", "overflow-x-hidden", "overflow-y-hidden"])
            + Mark.widgetWord.keywords(["widget"]) + Mark.pageBuilder.keywords(builderStems))

    static let positiveTokens = ["main", "text", "post", "page", "prose", "hentry", "entry"]
    static let positiveStems = [
        "article", "content", "story", "body", "blog", "column", "artikel", "markdown",
    ]
    static let negativeTokens = [
        "ad", "ads", "adv", "nav", "aside", "tools", "extra", "hide", "tag", "tags", "foot", "share",
        "sns", "tweet", "facebook", "twitter", "whatsapp", "email", "print", "rss", "meta", "more", "cta", "skip",
        "jump", "sronly", "sr", "visually", "outbrain", "taboola", "breaking", "ticker", "dropdown", "links",
    ]
    static let negativeStems = [
        "comment", "sidebar", "footer", "related", "social", "sharing", "sharebar", "sponsor", "promo", "newsletter",
        "cookie", "consent", "gdpr", "banner", "breadcrumb", "pagination", "pager", "popup", "modal", "masthead",
        "subscri", "signup", "advert", "disqus", "recommend", "trending", "toolbar", "menu", "navbar",
        "navigation", "login", "header", "byline", "author", "dateline", "popular", "readmore", "overlay", "donate",
        "carousel", "rating", "follow", "shoutbox", "skyscraper", "supplemental", "community",
    ]
    static let bylineStems = ["byline", "author", "dateline", "writtenby"]
    /// Consent platforms by name; a bare `cmp` is not one of them: Adobe Experience Manager prefixes every
    /// component with `cmp-` (`cmp-container`, `cmp-text`).
    static let consentStems = [
        "cookie", "consent", "gdpr", "onetrust", "didomi", "truste", "privacybanner", "cmp-banner", "cmpbox",
        "qc-cmp", "sp_message", "usercentrics",
    ]
    /// Page builders' names for every block of a page (Elementor's `elementor-widget-text-editor`,
    /// HubSpot's `widget-span` and `hs_cos_wrapper_widget`).
    static let builderStems = ["elementor-widget", "widget-span", "hs_cos_wrapper", "widget-type-", "layout-widget"]
    /// The utility classes of Bootstrap, Tailwind, WordPress, Drupal, Foundation and the HTML5 boilerplate.
    static let screenReaderStems = [
        "sr-only", "sr_only", "visually-hidden", "visuallyhidden", "visually_hidden", "screen-reader",
        "screenreader", "element-invisible", "show-for-sr", "hidden-visually", "a11y-hidden", "assistive-text",
    ]
    static let paywallStems = ["paywall", "regwall", "piano", "metered", "subscriber"]
    static let shopStems = [
        "review", "upsell", "up-sell", "crosssell", "cross-sell", "recently", "also-viewed", "alsoviewed",
        "also-bought", "similar", "shipping", "delivery", "payment", "klarna", "afterpay", "wishlist", "swiper",
        "flyout", "popover",
    ]

}

/// ASCII-lowercases the bytes of a `class` value one at a time, the way every reader of class names
/// compares them; with `skippingBrackets`, Tailwind's arbitrary values (`[--sidebar-width:18rem]`,
/// `mr-[--nav-height]`) come out as spaces: they name CSS variables, not the element.
struct ClassNameFolder {
    let skippingBrackets: Bool
    private var bracketed = false

    init(skippingBrackets: Bool) { self.skippingBrackets = skippingBrackets }

    mutating func fold(_ byte: UInt8) -> UInt8 {
        if skippingBrackets {
            if byte == 0x5B || byte == 0x5D {
                bracketed = byte == 0x5B
                return 0x20
            }
            if bracketed { return 0x20 }
        }
        return byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}

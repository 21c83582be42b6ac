/// Tells article pages from the pages that only look like they hold text: section fronts full of linked
/// teasers, cookie-consent walls, paywall teasers and error pages.
///
/// Judged on what the strict extraction kept (so a long article with a cookie banner stays an article)
/// and on page-wide signs: consent and paywall class names, schema.org paywall markup, the title, the
/// share of linked headlines.
struct PageTypeClassifier {
    struct Facts {
        /// Weighted characters the strict extraction kept, and the part inside links.
        var articleCharacters = 0
        /// Weighted characters kept with class-name hints on (consent banners removed).
        var strictCharacters = 0
        var articleLinkCharacters = 0
        /// The kept text, lowercased.
        var articleText = ""
        /// Linked headings (teaser headlines) inside the chosen content and on the whole page.
        var contentLinkedHeadings = 0
        var pageLinkedHeadings = 0
        /// Visible characters of the page and the part inside links.
        var pageCharacters = 0
        var pageLinkCharacters = 0
        /// Characters inside consent banners; whether a paywall element or markup exists.
        var consentCharacters = 0
        var paywallMarked = false
        /// The page title and first `<h1>`, lowercased.
        var title = ""
        var firstHeading = ""
    }

    func classify(_ facts: Facts) -> String {
        let characters = facts.articleCharacters
        if characters < 1500,
            ByteSearch.containsAny(facts.title, Self.errorPhrases)
                || ByteSearch.containsAny(facts.firstHeading, Self.errorPhrases)
        {
            return "error"
        }
        // Phrase checks only matter for short texts: a long article is never a wall or a teaser.
        let text = characters < 2000 ? facts.articleText : ""
        let consentWords = Self.consentWords.filter { ByteSearch.contains(text, $0) }.count
        // A wall: the banner holds more text than the page keeps beside it (the strict attempt removed the
        // banner; a looser one may have kept it, so it is taken off that one's count).
        // Only when the page holds little else: a page with a banner and much more text whose extraction
        // kept little is an extraction miss, left to the fallbacks, not a wall.
        let besideBanner = max(facts.strictCharacters, characters - facts.consentCharacters)
        let pageBesideBanner = facts.pageCharacters - facts.consentCharacters
        if pageBesideBanner < max(1500, facts.consentCharacters),
            (facts.consentCharacters >= 100 && besideBanner < facts.consentCharacters)
                || (characters < 1500 && consentWords >= 3)
        {
            return "consent"
        }
        let paywallPhrase = ByteSearch.containsAny(text, Self.paywallPhrases)
        if (facts.paywallMarked && characters < 600) || (paywallPhrase && characters < 1500) {
            return "paywall"
        }
        let teasers = facts.contentLinkedHeadings
        let articleDensity = characters == 0 ? 0 : Double(facts.articleLinkCharacters) / Double(characters)
        let pageDensity =
            facts.pageCharacters == 0 ? 0 : Double(facts.pageLinkCharacters) / Double(facts.pageCharacters)
        if (teasers >= 5 && characters < teasers * 250 && (articleDensity > 0.3 || facts.strictCharacters < 200))
            || (articleDensity > 0.6 && characters < 1500) || (characters < 500 && pageDensity > 0.7)
        {
            return "listing"
        }
        return "article"
    }

    /// Page types whose text is only a wall or an error message: nothing is extracted from them.
    static let withoutContent: Set<String> = ["consent", "error"]

    static let errorPhrases = [
        "404", "page not found", "not found", "error 404", "seite nicht gefunden", "página no encontrada",
        "page introuvable", "pagina non trovata", "страница не найдена", "页面不存在", "找不到", "ページが見つかりません",
        "الصفحة غير موجودة", "ไม่พบหน้า",
    ]
    static let consentWords = [
        "cookie", "consent", "accept", "agree", "privacy", "partners", "personalis", "personaliz", "einwillig",
        "zustimm", "akzeptier", "datenschutz", "accepter", "aceptar", "consentement", "согласи", "同意",
    ]
    static let paywallPhrases = [
        "subscribe to continue", "subscribe to read", "to continue reading", "already a subscriber",
        "subscribers only", "exclusive to subscribers", "for subscribers", "jetzt abonnieren", "réservé aux abonnés",
        "abonnez-vous", "suscríbete", "subscribe now to", "this article is for subscribers",
    ]
}

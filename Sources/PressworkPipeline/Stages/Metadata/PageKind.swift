/// What kind of page a web page is, from what the page says about itself (schema.org types, `og:type`),
/// its URL and what extraction found: `article`, `forum`, `product`, `collection`, `listing`,
/// `documentation` or `service` (the content stage's `paywall`, `consent` and `error` stand).
///
/// Checked in this order, each on evidence a site would not give by accident: a discussion (forum markup,
/// a thread URL or a community host), a set of products (a product group, a category URL with product
/// markup), one product (product markup on a page that does not call itself an article, a product URL), a
/// set of products again (a shop's category path, markup or not), documentation (technical markup, a docs
/// URL or host), a listing (linked teasers, an index URL, item-list markup, a dated front page), an article
/// (a date, article markup, a slug of several words, a post under `/blog/`), and a service page (a short
/// path with none of those). Anything else is an article.
struct PageKind {
    var contentType: String
    var url: String?
    var schemaTypes: Set<String>
    var openGraphType: String?
    var dated: Bool

    func classify() -> String {
        guard contentType == "article" || contentType == "listing" else { return contentType }
        let (host, segments) = Self.split(url)
        let path = "/" + segments.joined(separator: "/") + "/"
        let og = openGraphType ?? ""
        let articleMarkup = Self.isArticleMarkup(schemaTypes, og)

        if !schemaTypes.isDisjoint(with: ["discussionforumposting", "qapage"])
            || Self.has(
                path,
                [
                    "t", "thread", "threads", "topic", "topics", "forum", "forums", "questions", "discussion",
                    "discussions", "comments",
                ])
            || ["community.", "forum.", "forums.", "discuss."].contains(where: host.hasPrefix)
            || ["reddit.com", "stackexchange.com", "stackoverflow.com"].contains(where: host.hasSuffix)
        {
            return "forum"
        }
        let productMarkup = !schemaTypes.isDisjoint(with: ["product", "offer", "itemlist"]) || og.hasPrefix("product")
        // A product's own path segment (`/shop/p/mug`, `/c/product/123`) outranks the shop or category
        // it sits under.
        if og == "product.group"
            || (productMarkup && !Self.has(path, Self.productSegments + ["p"])
                && Self.has(
                    path,
                    ["collections", "collection", "category", "categories", "c", "shop", "browse", "department", "b"]))
        {
            return "collection"
        }
        if Self.describesProduct(url: url, schemaTypes: schemaTypes, openGraphType: openGraphType) {
            return "product"
        }
        // A shop's category path (Shopify's `/collections/`, WooCommerce's `/product-category/`, the `/c/`
        // of REI, Target or Bose) is a set of products, with or without product markup, unless the page
        // says it is a story.
        if !articleMarkup, !dated, Self.has(path, ["collections", "product-category", "c"]) {
            return "collection"
        }
        if !schemaTypes.isDisjoint(with: ["techarticle", "apireference"])
            || Self.has(
                path,
                [
                    "doc", "docs", "documentation", "reference", "api", "manual", "guide", "guides", "library", "learn",
                    "tutorial",
                ])
            || ["docs.", "developer.", "learn."].contains(where: host.hasPrefix) || host.contains("readthedocs")
        {
            return "documentation"
        }
        let last = segments.last ?? ""
        // A site's front page with a date is a news or blog front: the date is its newest story's.
        if contentType == "listing" || !schemaTypes.isDisjoint(with: ["itemlist", "collectionpage"])
            || (segments.isEmpty && url != nil && dated)
            || ["blog", "news", "articles", "category", "tag", "tags", "archive", "page"].contains(last)
        {
            return "listing"
        }
        let slugWords = last.split(whereSeparator: { !$0.isLetter }).count
        // A deep path alone is no sign: service and catalogue pages nest as deep as stories
        // (`/us/en/services/consulting`).
        if dated || articleMarkup || slugWords >= 4 || (segments.first == "blog" && segments.count >= 2) {
            return "article"
        }
        if ["website", ""].contains(og), url != nil { return "service" }
        return "article"
    }

    /// One product, by product markup or a product URL, on a page that does not call itself an article.
    /// Known before extraction, which then treats the shop's panels as furniture.
    /// WordPress shops (WooCommerce with an SEO plugin) declare `og:type` `article` on every product: there,
    /// product or offer markup on a product's path still makes a product. Service pages that borrow
    /// `Product` markup for its review stars keep their own paths.
    static func describesProduct(url: String?, schemaTypes: Set<String>, openGraphType: String?) -> Bool {
        let og = openGraphType ?? ""
        guard schemaTypes.isDisjoint(with: articleTypes) else { return false }
        if og.hasPrefix("product") { return true }
        let productPath = has("/" + split(url).segments.joined(separator: "/") + "/", productSegments)
        if og == "article" {
            return productPath && !schemaTypes.isDisjoint(with: ["product", "productgroup", "offer", "aggregateoffer"])
        }
        return productPath || !schemaTypes.isDisjoint(with: ["product", "productgroup"])
    }

    /// Path segments that name one product: Amazon's `dp`, eBay's `itm`, Walmart's `ip`.
    private static let productSegments = ["dp", "itm", "product", "products", "ip"]

    private static let articleTypes: Set<String> = ["article", "newsarticle", "blogposting", "reportagenewsarticle"]

    private static func isArticleMarkup(_ schemaTypes: Set<String>, _ og: String) -> Bool {
        og == "article" || !schemaTypes.isDisjoint(with: articleTypes)
    }

    /// The URL's lowercased host and path segments (no query or fragment).
    static func split(_ url: String?) -> (host: String, segments: [String]) {
        guard let url = url?.lowercased(), let scheme = url.range(of: "://") else { return ("", []) }
        let rest = url[scheme.upperBound...].prefix { $0 != "?" && $0 != "#" }
        let parts = rest.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        return (parts.first ?? "", Array(parts.dropFirst()))
    }

    /// Whether one of the path's segments is one of `names` (`/t/slug/42`, `/docs/x/`).
    static func has(_ path: String, _ names: [String]) -> Bool {
        names.contains { path.contains("/\($0)/") }
    }
}

import Testing

@testable import PressworkPipeline

@Suite("Page kinds")
struct PageKindTests {
    static func kind(
        _ url: String?, types: Set<String> = [], og: String? = nil, dated: Bool = false, content: String = "article"
    ) -> String {
        PageKind(contentType: content, url: url, schemaTypes: types, openGraphType: og, dated: dated).classify()
    }

    @Test("a discussion is a forum: its markup, a thread URL or a community host")
    func forum() {
        #expect(Self.kind("https://example.org/x/y", types: ["discussionforumposting"]) == "forum")
        #expect(Self.kind("https://community.example.com/t/stuck-on-update/931828") == "forum")
        #expect(Self.kind("https://example.com/questions/42/why") == "forum")
    }

    @Test("one product is a product page; a category of products is a collection; a review is an article")
    func products() {
        #expect(Self.kind("https://shop.example.com/item/red-kettle", types: ["product", "offer"]) == "product")
        #expect(Self.kind("https://www.example.com/itm/365999454668") == "product")
        #expect(Self.kind("https://shop.example.com/collections/kettles", types: ["product"]) == "collection")
        #expect(Self.kind("https://shop.example.com/kettles", og: "product.group") == "collection")
        // A shop's category path, even without product markup (rendered by scripts); a story filed under
        // one is still a story.
        #expect(Self.kind("https://shop.example.com/collections/kettles", og: "website") == "collection")
        #expect(Self.kind("https://www.example.com/c/camping-tents") == "collection")
        #expect(Self.kind("https://shop.example.com/product-category/outdoor-gear/") == "collection")
        #expect(Self.kind("https://www.example.com/c/how-much-does-a-kettle-cost/", dated: true) == "article")
        #expect(
            Self.kind("https://www.example.com/best-kettles-2025", types: ["article", "product"], og: "article")
                == "article")
        // WooCommerce with an SEO plugin: `og:type` article on every product.
        #expect(
            Self.kind("https://shop.example.com/product/red-kettle/", types: ["product"], og: "article") == "product")
        #expect(Self.kind("https://shop.example.com/product/red-kettle/", types: ["offer"], og: "article") == "product")
        // A service page borrowing Product markup for its stars, a company's product news, a newsletter post.
        #expect(
            Self.kind("https://movers.example.com/residential-movers/", types: ["product"], og: "article") != "product")
        #expect(Self.kind("https://www.example.com/product/launch-of-our-new-kettle-range", og: "article") == "article")
        #expect(Self.kind("https://letter.example.com/p/the-world-without-work") == "article")
        // A product's own segment outranks the shop it sits under.
        #expect(
            Self.kind("https://pottery.example.com/shop/p/white-mug", types: ["product"], og: "product") == "product")
        #expect(Self.kind("https://www.example.com/c/product/1082604-REG/camera.html", types: ["product"]) == "product")
    }

    @Test("documentation by its markup, a docs path or a docs host")
    func documentation() {
        #expect(Self.kind("https://docs.example.com/start") == "documentation")
        #expect(Self.kind("https://example.com/docs/install/linux") == "documentation")
        #expect(Self.kind("https://example.com/x", types: ["techarticle"]) == "documentation")
    }

    @Test("a listing by its teasers, its index URL, item-list markup or a dated front page")
    func listing() {
        #expect(Self.kind("https://example.com/news/", content: "listing") == "listing")
        #expect(Self.kind("https://example.com/blog") == "listing")
        #expect(Self.kind("https://example.com/best-of", types: ["itemlist"]) == "listing")
        // A dated front page is a news or blog front; an undated one is the site's service page.
        #expect(Self.kind("https://news.example.com/", og: "website", dated: true) == "listing")
        #expect(Self.kind("https://www.example.com/", og: "website") == "service")
    }

    @Test("an article by its date, its markup, a slug of words or a blog post; an undated other page is a service page")
    func articleOrService() {
        #expect(Self.kind("https://example.com/cleaning", dated: true) == "article")
        #expect(Self.kind("https://example.com/how-to-clean-an-office-at-night") == "article")
        #expect(Self.kind("https://example.com/services/office-cleaning", og: "website") == "service")
        #expect(Self.kind("https://example.com/pricing") == "service")
        // A deep path alone says nothing: consultancies nest their offers as deep as newspapers their stories.
        #expect(Self.kind("https://www.example.com/us/en/services/cybersecurity") == "service")
        #expect(Self.kind("https://www.example.com/us/en/2024/night-buses", dated: true) == "article")
        #expect(Self.kind("https://example.com/blog/night-buses") == "article")
        #expect(Self.kind(nil) == "article")
    }

    @Test("what the content stage decided about walls and paywalls stands")
    func contentVerdictsStand() {
        #expect(Self.kind("https://example.com/itm/1", content: "paywall") == "paywall")
        #expect(Self.kind("https://example.com/x", content: "consent") == "consent")
    }
}

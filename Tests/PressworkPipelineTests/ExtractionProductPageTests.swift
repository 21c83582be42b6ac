import Testing

@testable import PressworkPipeline

/// Product pages: the product's name, description and specifications are the content; the shop's panels
/// around them (customer reviews, "recently viewed" rails, delivery and payment notes) are not, however
/// much text they hold. Each page is written small for a class of miss found on shops' pages.
@Suite("Extraction: product pages")
struct ExtractionProductPageTests {
    static let description = [
        "A stoneware mug thrown on the wheel, glazed in light green over brown clay, holding 400 millilitres.",
        "Each mug is made to order in a small workshop, so the glaze varies a little from the photographs.",
        "Dishwasher safe, but washing it by hand keeps the glaze bright for longer. Not for the microwave.",
    ]

    static let reviews = (1...8).map {
        "Review \($0): the mug arrived well packed, the glaze is lovely and it keeps my tea warm for ages, thank you."
    }

    /// A shop's page for one mug: description and specifications, then reviews that outweigh them, a
    /// rail of other products and a delivery note.
    static func page(head: String, reviewsClass: String = "product-reviews") -> String {
        """
        <html><head><title>Handmade ceramic mug</title>\(head)</head><body>
        <header><a href="/">The Pottery</a></header><main><div class="product-page">
        <h1>Handmade ceramic mug</h1><p class="price">USD 60.00</p>
        <div class="description">\(description.map { "<p>\($0)</p>" }.joined())
        <ul><li>Stoneware, made by hand</li><li>Holds 400 millilitres</li><li>Height 9.5 centimetres</li></ul></div>
        <div class="delivery-info"><p>Order today and your mug arrives within two weeks; returns are accepted
        within thirty days of delivery, at the buyer's cost, provided the item is unused.</p></div>
        </div><section class="\(reviewsClass)"><h2>Reviews (76)</h2>\(reviews.map { "<p>\($0)</p>" }.joined())</section>
        <section class="recently-viewed"><h2>Recently viewed</h2><p>Speckled bowl, a wide stoneware bowl for
        soups and salads, glazed white with brown speckles, 45 dollars, in stock and ready to ship.</p></section>
        </main><footer><p>Copyright The Pottery.</p></footer></body></html>
        """
    }

    static let productMarkup = """
        <script type="application/ld+json">{"@type":"Product","name":"Handmade ceramic mug",
        "offers":{"@type":"Offer","price":"60.00"}}</script>
        """

    @Test("reviews, recommendation rails and delivery notes are not a product's content")
    func shopPanels() throws {
        let document = try TestSupport.process(Self.page(head: Self.productMarkup))
        #expect(document.pageType == "product")
        for sentence in Self.description { #expect(document.paragraphs.contains(sentence)) }
        #expect(document.paragraphs.contains("Holds 400 millilitres"))
        #expect(!document.text.contains("Review 1"))
        #expect(!document.text.contains("Speckled bowl"))
        #expect(!document.text.contains("Order today"))
    }

    @Test("a shop's closed tabs stay closed")
    func closedShopTab() throws {
        let tab = """
            <div role="tabpanel" hidden><p>Our team of potters has worked together since 1998 and answers every
            question about glazes, kilns and clay by telephone or email within one working day.</p></div>
            """
        let html = Self.page(head: Self.productMarkup).replacingOccurrences(
            of: "</div><section", with: "\(tab)</div><section")
        let document = try TestSupport.process(html)
        for sentence in Self.description { #expect(document.paragraphs.contains(sentence)) }
        #expect(!document.text.contains("Our team of potters"))
    }

    @Test("the buy box (size and glaze pickers, gift wrap, quantity, cart) is not a product's content")
    func buyBox() throws {
        let glazes = ["celadon green", "tenmoku brown", "shino white", "cobalt blue", "ash grey", "iron red"]
            .map { "<input type=\"radio\" id=\"\($0)\"><label for=\"\($0)\">\($0) glaze, ready to ship</label>" }
            .joined()
        let form = """
            <form class="variations_form cart"><table class="variations"><tr><th><label>Glaze</label></th>
            <td><fieldset>\(glazes)</fieldset></td></tr></table><fieldset><legend>Select a size</legend>
            <input type="radio" id="s"><label for="s">small</label><input type="radio" id="l"><label for="l">large</label>
            </fieldset><fieldset><label>Add gift wrapping? (+$5)</label><input type="checkbox"></fieldset>
            <div class="quantity"><label for="q">Handmade ceramic mug quantity</label><input id="q" type="number"></div>
            <button type="submit">Add to cart</button></form>
            """
        let page = { (form: String) in
            """
            <html><head><title>Handmade ceramic mug</title>\(Self.productMarkup)</head><body><main>
            <div class="product"><div class="summary entry-summary"><h1>Handmade ceramic mug</h1>
            <p class="price">USD 60.00</p>\(form)</div><div class="tabs"><div class="description">
            \(Self.description.map { "<p>\($0)</p>" }.joined())</div></div></div></main></body></html>
            """
        }
        let document = try TestSupport.process(page(form))
        for sentence in Self.description { #expect(document.paragraphs.contains(sentence)) }
        for control in ["Select a size", "large", "celadon", "gift wrapping", "quantity", "Add to cart"] {
            #expect(!document.text.contains(control))
        }

        // A form around the description (or around the whole page, as ASP.NET has it) is no buy box.
        let wrapped = page("<form id=\"aspnetForm\"><input type=\"hidden\"><button>Add to cart</button>")
            .replacingOccurrences(of: "</main>", with: "</form></main>")
        let whole = try TestSupport.process(wrapped)
        for sentence in Self.description { #expect(whole.paragraphs.contains(sentence)) }
    }

    @Test("a privacy policy in the footer is never a product's content, however long")
    func policyInFooter() throws {
        let policy = (1...6).map {
            "<p>Section \($0). We process personal information to run our business, to comply with the law and to"
                + " protect our websites and customers; you may ask us to correct or delete it at any time.</p>"
        }
        let slides = Self.description.map { "<div class=\"swiper-slide\"><p>\($0)</p></div>" }
        let menu = (1...14).map {
            "<li><a href=\"/c/\($0)\">Collection \($0): mugs, bowls, plates, vases and jugs, glazed and unglazed</a></li>"
        }
        let html = """
            <html><head><title>Handmade ceramic mug</title>\(Self.productMarkup)</head><body>
            <nav><ul>\(menu.joined())</ul></nav><main><div class="pdp"><h1>Handmade ceramic mug</h1><p>USD 60.00</p><p>Stoneware, made by hand in our
            workshop, holding 400 millilitres.</p><button>Add to cart</button></div>
            <div class="swiper">\(slides.joined())</div></main><footer><a href="/privacy">Privacy</a>
            <div id="modal-privacy-policy" role="dialog"><h2>Privacy policy</h2>\(policy.joined())</div></footer>
            </body></html>
            """
        let document = try TestSupport.process(html)
        #expect(!document.text.contains("personal information"))
        #expect(document.text.contains("holding 400 millilitres"))
    }

    @Test("the product's name, price and short facts beside the description are part of the content")
    func besideTheName() throws {
        let menu = (1...14).map {
            "<li><a href=\"/c/\($0)\">Collection \($0): mugs, bowls, plates, vases and jugs, glazed and unglazed</a></li>"
        }
        let html = """
            <html><head><title>Handmade ceramic mug</title>\(Self.productMarkup)</head><body>
            <nav><ul>\(menu.joined())</ul></nav><main><div class="pdp"><div class="summary"><h1>Handmade ceramic mug</h1><span>USD 60.00</span>
            <span>Stoneware, 400 ml</span></div>
            <div class="details">\(Self.description.map { "<p>\($0)</p>" }.joined())</div></div></main></body></html>
            """
        let document = try TestSupport.process(html)
        for sentence in Self.description { #expect(document.paragraphs.contains(sentence)) }
        #expect(document.paragraphs.contains("USD 60.00 Stoneware, 400 ml"))
    }

    @Test("a product URL alone is enough to know the page sells one product")
    func productURL() throws {
        let document = try TestSupport.process(Self.page(head: ""), url: "https://pottery.example/products/mug-green")
        #expect(document.pageType == "product")
        #expect(!document.text.contains("Review 1"))
    }

    @Test("on an article, a review-named block is the review itself and stays")
    func reviewArticle() throws {
        let head = """
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"Handmade ceramic mug"}</script>
            """
        let document = try TestSupport.process(Self.page(head: head, reviewsClass: "review-body"))
        #expect(document.pageType == "article")
        #expect(document.text.contains("Review 1"))
    }

    @Test("a shop that wraps the whole product in a furniture-named panel still yields its text")
    func wrappedInPanel() throws {
        let html = """
            <html><head><title>Handmade ceramic mug</title>\(Self.productMarkup)</head><body>
            <div class="shipping-wrapper"><h2>Handmade ceramic mug</h2>
            \(Self.description.map { "<p>\($0)</p>" }.joined())</div></body></html>
            """
        let document = try TestSupport.process(html)
        for sentence in Self.description { #expect(document.paragraphs.contains(sentence)) }
    }

    @Test("a description the page shows is not added again from JSON-LD typed with other quotes")
    func describedOnce() throws {
        let declared = "The potter's mug, thrown on the wheel and glazed in light green over brown clay - 400 ml."
        let shown = "The potter’s mug, thrown on the wheel and glazed in light green over brown clay – 400 ml."
        let html = """
            <html><head><title>Handmade ceramic mug</title><script type="application/ld+json">{"@type":"Product",
            "name":"Handmade ceramic mug","description":"\(declared)"}</script>
            </head><body><main><h1>Handmade ceramic mug</h1><p>\(shown)</p><p>\(Self.description[1])</p></main></body></html>
            """
        let document = try TestSupport.process(html)
        #expect(document.paragraphs.filter { $0.contains("potter") }.count == 1)
    }
}

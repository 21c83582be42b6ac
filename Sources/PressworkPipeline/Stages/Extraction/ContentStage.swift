import CLibXML2

/// Stage 2 for web pages: the main content of a parsed page, and what kind of page it is.
///
/// Flattens the page once (``PageTable``), then tries up to three strictness levels: class-name hints
/// and furniture elements removed, furniture elements only, hidden nodes only; the first attempt that
/// keeps enough text wins (else the longest). Each attempt scores blocks (``ContentSelector``), cleans
/// the chosen content (``ContentCleaner``) and writes it (``ContentWriter``). Text is measured in
/// characters weighted by script (``TextMeasure``), so CJK, Thai or Arabic pages are judged like English.
/// Every pass is a loop over the flat table: linear time, no recursion.
struct ContentStage: Sendable {
    /// What the page yields.
    struct Output: Sendable, Equatable {
        var paragraphs: [String]
        /// Clean minimal HTML of the content.
        var html: String
        /// `article`, `listing`, `consent`, `paywall` or `error`.
        var pageType: String
    }

    /// Weighted characters an attempt must keep to stop trying less strict ones.
    static let enoughCharacters = 250
    /// Below this, the attempts found nothing usable and the whole page is read instead.
    static let nothingCharacters = 25
    /// Weighted characters kept by the scoring from which the landmark fallback drops link lists.
    static let landmarkCleanedFrom = 1000
    /// Weighted characters from which a mostly unlinked block counts as prose for the prose fallback.
    static let proseBlock = 60

    /// The page describes one product (its markup or URL says so): the shop's panels around it are
    /// furniture (``ClassHints/shopFurniture``).
    var product = false

    func run(_ root: xmlNodePtr) -> Output {
        let output = extract(root)
        // A shop that wraps its whole product in a panel named like its furniture still has content.
        guard product, output.paragraphs.isEmpty else { return output }
        let plain = ContentStage().extract(root)
        return plain.paragraphs.isEmpty ? output : plain
    }

    private func extract(_ root: xmlNodePtr) -> Output {
        var table = PageTable(root)
        let noneRemoved = table.removals(.bare, pageCharacters: [])
        table.aggregate(removed: noneRemoved)
        let pageCharacters = table.nodes.map { $0.kind == .element ? $0.text.characters : $0.inline.characters }
        var facts = pageFacts(table)
        if product { Self.removeShopFurniture(&table) }
        let productName = product ? table.nodes.firstIndex { $0.tag == "h1" && !$0.hidden } : nil

        var best: ContentWriter.Result?
        var prose: (root: Int, total: Int)?
        for strictness in PageTable.Strictness.allCases {
            let useHints = strictness == .strict
            var removed = table.removals(strictness, pageCharacters: pageCharacters)
            table.aggregate(removed: removed)
            if strictness == .strict { prose = Self.prose(in: table, removed: removed) }
            let roots = ContentSelector(useHints: useHints, anchor: productName).select(&table, removed: removed)
            if strictness != .strict, roots.allSatisfy({ Self.insideFurniture(table, $0) }),
                Self.marksMain(table, pageCharacters)
            {
                continue
            }
            ContentCleaner(useHints: useHints, title: facts.title).clean(table, roots: roots, removed: &removed)
            let result = ContentWriter().write(table, roots: roots, removed: removed)
            if strictness == .strict {
                facts.strictCharacters = result.characters
                facts.contentLinkedHeadings = roots.reduce(0) { $0 + Int(table.nodes[$1].linkedHeadings) }
            }
            if best == nil || result.characters > best!.characters { best = result }
            if result.characters >= Self.enoughCharacters { break }
        }
        var result = best ?? ContentWriter.Result()
        if let landmark = landmarkContent(&table, pageCharacters: pageCharacters, kept: result.characters) {
            result = landmark
        }
        if let prose, let content = proseContent(&table, prose, pageCharacters: pageCharacters, kept: result.characters)
        {
            result = content
        }
        if result.characters < Self.nothingCharacters,
            let whole = wholePageContent(&table, pageCharacters: pageCharacters, kept: result.characters)
        {
            result = whole
        }
        facts.articleCharacters = result.characters
        facts.articleLinkCharacters = result.linkCharacters
        if result.characters < 2000 {
            facts.articleText = result.paragraphs.joined(separator: " ").lowercased()
        }
        let pageType = PageTypeClassifier().classify(facts)
        if pageType == "listing", let listing = listingContent(&table, pageCharacters: pageCharacters),
            listing.characters > result.characters
        {
            return Output(paragraphs: listing.paragraphs, html: listing.html, pageType: pageType)
        }
        // A wall or an error page has nothing of its own to extract; every other kind of page keeps its
        // main content (a listing's entries, a paywall's teaser), and users filter on `pageType`.
        guard !PageTypeClassifier.withoutContent.contains(pageType) else {
            return Output(paragraphs: [], html: "", pageType: pageType)
        }
        return Output(paragraphs: result.paragraphs, html: result.html, pageType: pageType)
    }

    /// When the scoring kept less than half of what the page's main landmark (`<main>`, `role=main`,
    /// `itemprop=articleBody`) holds, the page is not one long text but several sections (a service page,
    /// a product page, a documentation page): the landmark, furniture removed, is its content.
    private func landmarkContent(_ table: inout PageTable, pageCharacters: [Int], kept: Int) -> ContentWriter.Result? {
        // Most pages have no landmark: skip the extra aggregation pass for them.
        guard table.nodes.contains(where: Self.isLandmark) else { return nil }
        var removed = table.removals(.relaxed, pageCharacters: pageCharacters)
        table.aggregate(removed: removed)
        guard let landmark = Self.largestLandmark(in: table, removed: removed) else { return nil }
        let available = table.nodes[landmark].text.characters
        guard available >= Self.enoughCharacters * 2, kept * 2 < available else { return nil }
        // Scoring that kept a long text found an article inside the landmark: what else the landmark holds
        // is its furniture, and link lists go. Scoring that kept a fragment met a page of sections and
        // linked cards (a service page, a listing), which are its content and stay.
        if kept >= Self.landmarkCleanedFrom {
            ContentCleaner(useHints: false, title: "", lightly: true).clean(table, roots: [landmark], removed: &removed)
        }
        let result = ContentWriter().write(table, roots: [landmark], removed: removed)
        return result.characters > kept ? result : nil
    }

    /// When the scoring kept less than half of the page's prose (blocks of 60 characters or more, mostly
    /// unlinked, outside furniture), it chose one part of a page made of many: one post of a thread, one
    /// section of a service page. The content is then the smallest element holding 80 % of that prose.
    private func proseContent(
        _ table: inout PageTable, _ prose: (root: Int, total: Int), pageCharacters: [Int], kept: Int
    ) -> ContentWriter.Result? {
        guard prose.total >= Self.enoughCharacters * 2, kept * 2 < prose.total else { return nil }
        if Self.insideFurniture(table, prose.root), Self.marksMain(table, pageCharacters) { return nil }
        let removed = table.removals(.strict, pageCharacters: pageCharacters)
        table.aggregate(removed: removed)
        // Not cleaned: the cleaner's link-density rules drop the cards and short sections such pages are
        // made of, and the strict removals already took the furniture out.
        let result = ContentWriter().write(table, roots: [prose.root], removed: removed)
        return result.characters > kept * 2 ? result : nil
    }

    /// Whether the page marks its content with a `<main>` that holds text. On such a page, text inside a
    /// footer or a dialog is a policy or a notice (a shop's privacy policy in its footer), however long:
    /// no fallback takes it for the content.
    private static func marksMain(_ table: PageTable, _ pageCharacters: [Int]) -> Bool {
        table.nodes.indices.contains { table.nodes[$0].tag == "main" && pageCharacters[$0] >= enoughCharacters }
    }

    /// Whether a node is a furniture element (footer, navigation, dialog) or inside one.
    private static func insideFurniture(_ table: PageTable, _ index: Int) -> Bool {
        var current = index
        while current >= 0 {
            if table.nodes[current].furniture { return true }
            current = Int(table.nodes[current].parent)
        }
        return false
    }

    /// The page's prose and the smallest element holding 80 % of it, read from the strict attempt's table
    /// (so that most pages, which never need the fallback, pay one loop for it).
    private static func prose(in table: PageTable, removed: [Bool]) -> (root: Int, total: Int)? {
        let nodes = table.nodes
        var coverage = [Int](repeating: 0, count: nodes.count)
        var total = 0
        for index in nodes.indices where !removed[index] && nodes[index].kind == .element {
            let node = nodes[index]
            let characters = node.inline.characters
            guard characters >= Self.proseBlock, node.inlineLinkCharacters * 3 < characters,
                !node.flags.contains(.inline), !ContentSelector.unscored.contains(node.tag)
            else { continue }
            total += characters
            coverage[index] = characters
        }
        // Children come after their parents: one pass from the end sums each subtree, however deep.
        for index in nodes.indices.reversed() where nodes[index].parent >= 0 {
            coverage[Int(nodes[index].parent)] += coverage[index]
        }
        // Ancestors covering enough form a chain from the root: the last in document order is the smallest.
        guard total > 0, let root = coverage.indices.last(where: { coverage[$0] * 5 >= total * 4 }) else { return nil }
        return (root, total)
    }

    /// The last resort before giving up on a page with text: its main landmark (else its body) with only
    /// furniture elements removed and nothing cleaned, for pages whose text sits among forms and buttons
    /// (a product page's description beside its add-to-cart form) that every cleaner drops.
    private func wholePageContent(_ table: inout PageTable, pageCharacters: [Int], kept: Int) -> ContentWriter.Result? {
        let removed = table.removals(.relaxed, pageCharacters: pageCharacters)
        table.aggregate(removed: removed)
        let landmark = Self.largestLandmark(in: table, removed: removed).flatMap {
            table.nodes[$0].text.characters >= Self.enoughCharacters ? $0 : nil
        }
        let root = landmark ?? table.nodes.firstIndex { $0.tag == "body" } ?? 0
        let result = ContentWriter().write(table, roots: [root], removed: removed)
        return result.characters > kept ? result : nil
    }

    /// Hides the reviews, recommendation rails and delivery panels of a product page, whatever their size
    /// (a product's reviews often outweigh its description), except an element around the product's name
    /// or a declared body. A shop's closed tabs stay closed: they hold its extra panels (shipping, the
    /// team, more details), where documentation's hold the same content for other languages.
    private static func removeShopFurniture(_ table: inout PageTable) {
        for index in table.closedTabs { table.nodes[Int(index)].hidden = true }
        // In document order: the first heading at or after an element is the only one that can be inside it.
        let headings = table.nodes.indices.filter { table.nodes[$0].tag == "h1" }
        let buyBoxes = buyBoxes(table)
        var nextHeading = 0
        var index = 0
        while index < table.nodes.count {
            let node = table.nodes[index]
            let end = Int(node.end)
            while nextHeading < headings.count, headings[nextHeading] < index { nextHeading += 1 }
            if node.kind == .element, node.hints.shopFurniture || buyBoxes[index],
                !node.articleBody, !PageTable.roots.contains(node.tag),
                nextHeading == headings.count || headings[nextHeading] >= end
            {
                table.nodes[index].hidden = true
                index = end
                continue
            }
            index += 1
        }
    }

    /// Marks the buy boxes: forms or fieldsets with controls and only short labels, the variant pickers,
    /// quantity and cart buttons beside a product ("Select a size", "xs", "Add gift wrapping?"). A form
    /// around the whole page (ASP.NET wraps every page in one) or around the description holds sentences.
    /// Controls and characters are summed children first, in one pass from the end, so nested forms cost
    /// nothing more.
    private static func buyBoxes(_ table: PageTable) -> [Bool] {
        var inputs = table.nodes.map { Int($0.ownInputs) }
        var characters = table.nodes.map { $0.kind == .text ? $0.inline.characters : 0 }
        var longest = characters
        var boxes = [Bool](repeating: false, count: table.nodes.count)
        for index in table.nodes.indices.reversed() {
            let node = table.nodes[index]
            if node.tag == "form" || node.tag == "fieldset" {
                boxes[index] =
                    inputs[index] > 0 && characters[index] < buyBoxCharacters && longest[index] < buyBoxLabelCharacters
            }
            guard node.parent >= 0 else { continue }
            let parent = Int(node.parent)
            inputs[parent] += inputs[index]
            characters[parent] += characters[index]
            longest[parent] = max(longest[parent], longest[index])
        }
        return boxes
    }

    /// Characters from which a form is more than a product's buy box, in all and in one run of text.
    static let buyBoxCharacters = 1000
    static let buyBoxLabelCharacters = 80

    /// `<main>`, `role=main` or `itemprop=articleBody`.
    private static func isLandmark(_ node: PageNode) -> Bool {
        node.kind == .element && (node.tag == "main" || node.articleBody)
    }

    /// The landmark holding the most text, among nodes not removed.
    private static func largestLandmark(in table: PageTable, removed: [Bool]) -> Int? {
        let nodes = table.nodes
        return nodes.indices.filter { !removed[$0] && isLandmark(nodes[$0]) }
            .max { nodes[$0].text.characters < nodes[$1].text.characters }
    }

    /// A listing's content is its entries, headlines included, which the article scoring discounts as
    /// links: the smallest container (furniture removed) that holds most of the page's linked headings.
    private func listingContent(_ table: inout PageTable, pageCharacters: [Int]) -> ContentWriter.Result? {
        let removed = table.removals(.relaxed, pageCharacters: pageCharacters)
        table.aggregate(removed: removed)
        let nodes = table.nodes
        guard let body = nodes.firstIndex(where: { $0.tag == "body" }) else { return nil }
        let total = Int(nodes[body].linkedHeadings)
        guard total >= 3 else { return nil }
        var root = body
        // Nodes are in document order, so a later match is inside an earlier one or beside it.
        for index in nodes.indices where !removed[index] && nodes[index].kind == .element {
            if Int(nodes[index].linkedHeadings) * 5 >= total * 4, index > root, index < Int(nodes[root].end) {
                root = index
            }
        }
        return ContentWriter().write(table, roots: [root], removed: removed)
    }

    /// Page-wide facts for the page-type decision, read with nothing removed but hidden nodes.
    private func pageFacts(_ table: PageTable) -> PageTypeClassifier.Facts {
        var facts = PageTypeClassifier.Facts()
        let nodes = table.nodes
        facts.title = Whitespace.collapse(table.title).lowercased()
        if let body = nodes.firstIndex(where: { $0.tag == "body" }) ?? nodes.indices.first {
            facts.pageCharacters = nodes[body].text.characters
            facts.pageLinkCharacters = nodes[body].linkCharacters
            facts.pageLinkedHeadings = Int(nodes[body].linkedHeadings)
        }
        facts.paywallMarked = table.paywallMarkup
        var index = 0
        while index < nodes.count {
            let node = nodes[index]
            if node.kind == .element, !node.hidden {
                // A class on the page's frame (`<body class="cookies-not-set">`, a wrapper holding most of
                // the page) describes the page's state, not a banner.
                let frame = PageTable.roots.contains(node.tag) || node.text.characters * 2 >= facts.pageCharacters
                if node.hints.paywall && !frame { facts.paywallMarked = true }
                if node.hints.consent && !frame {
                    facts.consentCharacters += node.text.characters
                    index = Int(node.end)
                    continue
                }
                if node.tag == "h1", facts.firstHeading.isEmpty {
                    facts.firstHeading = Whitespace.collapse(HTMLDocument.textContent(of: node.pointer)).lowercased()
                }
            }
            index += 1
        }
        return facts
    }

    /// The paragraphs as `<p>` elements, escaped.
    static func html(_ paragraphs: [String]) -> String {
        paragraphs.map { "<p>\(Self.escape($0))</p>" }.joined(separator: "\n")
    }

    /// Escapes `&`, `<`, `>` and `"` for HTML text, on the UTF-8 bytes (all four are ASCII).
    static func escape(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String? in
            guard bytes.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) else { return nil }
            var escaped = [UInt8]()
            escaped.reserveCapacity(bytes.count + bytes.count / 8)
            for byte in bytes {
                switch byte {
                case 0x26: escaped += Array("&amp;".utf8)
                case 0x3C: escaped += Array("&lt;".utf8)
                case 0x3E: escaped += Array("&gt;".utf8)
                case 0x22: escaped += Array("&quot;".utf8)
                default: escaped.append(byte)
                }
            }
            return String(decoding: escaped, as: UTF8.self)
        } ?? text
    }
}

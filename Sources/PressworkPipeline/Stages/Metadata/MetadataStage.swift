import CLibXML2
import Foundation

/// Stage 2 for web pages, beside ``ContentStage``: the facts around the article.
///
/// Reads `<meta>` (OpenGraph, Dublin Core, Parse.ly, Sailthru…), JSON-LD, `<time>`, bylines and the URL.
/// Never throws; every step is bounded so that hostile pages cost linear time.
struct MetadataStage: Sendable {
    /// What the page says about itself.
    struct Output: Sendable, Equatable {
        var title = ""
        var authors: [String] = []
        var published: DateFact?
        var modified: DateFact?
        var siteName: String?
        var description: String?
        var canonicalUrl: String?
        var image: String?
        var section: String?
        var tags: [String] = []
        /// `<html lang>` (or `og:locale`): a hint for language detection.
        var declaredLanguage: String?
        /// The page's schema.org types and `og:type`, lowercased: evidence of what kind of page it is.
        var schemaTypes: Set<String> = []
        /// Whether `published` is only a generic `WebPage`'s date (no sign the page is an article).
        var publishedByGenericPage = false
        var openGraphType: String?
        /// JSON-LD `articleBody`: the text of pages whose markup holds none (rendered by scripts).
        var articleBody: String?
        /// The first user name posting after the headline: the author when the page is a forum thread.
        var firstPoster: String?
        /// JSON-LD `Product` `description`.
        var productDescription: String?
    }

    /// Most tags kept.
    static let maxTags = 50

    /// - Parameters:
    ///   - url: the page's URL, if known, to resolve relative links and read dates from.
    ///   - now: dates after this are rejected.
    func run(_ root: xmlNodePtr, url: String?, now: Date) -> Output {
        let facts = PageFacts(root: root)
        let linkedData = JSONLinkedData(scripts: facts.jsonLDScripts)
        var output = Output()
        output.declaredLanguage = Self.language(facts)
        output.siteName = Self.nonEmpty(
            facts.meta("og:site_name") ?? linkedData.publisher ?? facts.meta("application-name")
                ?? facts.meta("apple-mobile-web-app-title"))
        output.title = TitleChooser.choose(
            facts: facts, linkedData: linkedData, siteName: output.siteName,
            hostLabels: TitleChooser.siteLabels(of: url ?? facts.canonical ?? facts.meta("og:url")))
        output.authors = Self.authors(facts: facts, linkedData: linkedData, title: output.title)
        if output.authors.isEmpty { output.firstPoster = Self.firstPoster(facts: facts, title: output.title) }
        let dates = DateChooser(
            facts: facts, linkedData: linkedData, url: url, now: now,
            dayFirst: Self.readsDayFirst(output.declaredLanguage))
        output.published = dates.published()
        output.modified = dates.modified()
        output.description = Self.nonEmpty(
            facts.meta("description", "og:description", "twitter:description", "dc.description")
                ?? linkedData.description)
        let base = url.flatMap { URL(string: $0) }
        output.canonicalUrl = Self.resolve(facts.canonical ?? facts.meta("og:url") ?? linkedData.url, against: base)
        output.image = Self.resolve(
            facts.meta("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
                ?? linkedData.image, against: base)
        output.section = Self.nonEmpty(
            facts.meta("article:section", "parsely-section", "section") ?? linkedData.section)
        output.tags = Self.tags(facts: facts, linkedData: linkedData)
        output.schemaTypes = linkedData.types
        output.publishedByGenericPage =
            linkedData.isGenericPage && output.published?.source == "json-ld"
        output.openGraphType = facts.meta("og:type")?.lowercased()
        output.articleBody = linkedData.articleBody
        output.productDescription = linkedData.productDescription
        return output
    }

    // MARK: - Fields

    static func language(_ facts: PageFacts) -> String? {
        if let lang = nonEmpty(facts.htmlLanguage.map { Whitespace.collapse($0.prefix(35)) }) { return lang }
        guard let locale = facts.meta("og:locale", "content-language", "dc.language", "language") else { return nil }
        let normalized = Whitespace.collapse(locale.prefix(35)).replacingOccurrences(of: "_", with: "-")
        return nonEmpty(normalized)
    }

    /// Month-first for United States English, day-first elsewhere.
    static func readsDayFirst(_ language: String?) -> Bool {
        guard let language = language?.lowercased() else { return true }
        return !(language == "en" || language.hasPrefix("en-us"))
    }

    /// Meta keys naming authors, best first. RDFa `property="dc:creator"` comes before the `name="DC.creator"`
    /// spelling.
    static let authorMetaKeys = [
        "dc:creator", "dc.creator", "dcterm:creator", "dcterms.creator", "dcterms:creator", "author",
        "parsely-author", "article:author", "article:author_name", "author_name", "sailthru.author", "byl",
        "og:article:author", "citation_author",
    ]

    /// Authors from JSON-LD, else from the first meta key naming someone (every value of it: Dublin Core and
    /// citation metas repeat the key once per author), else from the byline element nearest after the
    /// headline (then nearest before it) naming someone, with its like inline siblings (`<a rel=author>`
    /// or `itemprop=author` once per author).
    static func authors(facts: PageFacts, linkedData: JSONLinkedData, title: String = "") -> [String] {
        // Structured data names its author on purpose: a forum handle (`raoul`, `chunix64`) is a name there.
        let fromLinkedData = unique(
            linkedData.authors.flatMap { author in
                let names = Byline.names(author)
                return names.isEmpty && Byline.isHandle(author) ? [author] : names
            })
        if !fromLinkedData.isEmpty { return fromLinkedData }
        for key in authorMetaKeys {
            let values = facts.metaValues(key)
            let names = unique(values.flatMap { Byline.names($0) })
            if !names.isEmpty { return names }
            // The site names its author on purpose: a lowercase name or a user name is its answer.
            if let name = values.lazy.compactMap(Byline.declaredName).first { return [name] }
        }
        // Yoast's sharing labels: `twitter:label1` "Written by", `twitter:data1` the name.
        for index in 1...4 {
            guard let label = facts.meta("twitter:label\(index)")?.lowercased(),
                Self.writtenByLabels.contains(label), let value = facts.meta("twitter:data\(index)")
            else { continue }
            if let name = Byline.names(value).first ?? Byline.declaredName(value) { return [name] }
        }
        let candidates = zip(facts.bylineNodes, facts.bylinePositions).filter { node, _ in
            !MetadataDOM.isInFurniture(node, allowingAside: isSchemaAuthor(node))
        }
        let headline = headlinePosition(facts: facts, title: title)
        let after = candidates.filter { $0.1 > headline }
        let before = candidates.filter { $0.1 <= headline }.reversed()
        // Microdata authors on three posts or more make a thread, whose author signs its first post, which
        // some forums print above the thread's title.
        let thread = candidates.lazy.filter { isSchemaAuthor($0.0) }.prefix(3).count == 3
        for (node, position) in thread ? candidates : after + Array(before) {
            let names = bylineNames(node, allowingHandle: isSchemaAuthor(node))
            guard !names.isEmpty else { continue }
            let siblings = candidates.filter { $0.1 > position && MetadataDOM.isLike(node, $0.0) }.prefix(10)
            return unique(names + siblings.flatMap { bylineNames($0.0) })
        }
        // A label element (`<p>Written by</p>`) followed by the name in the next element.
        let labels = zip(facts.authorLabels, facts.authorLabelPositions).filter { !MetadataDOM.isInFurniture($0.0) }
        for (label, _) in labels.filter({ $0.1 > headline }) + labels.filter({ $0.1 <= headline }).reversed() {
            guard let next = MetadataDOM.nextElement(after: label),
                let text = MetadataDOM.shortText(of: next, limit: Byline.maxLength)
            else { continue }
            // A label is no declaration: only a name's form, or a user name, is taken after it.
            if let name = Byline.names(text).first ?? (Byline.isHandle(text) ? text : nil) { return [name] }
        }
        return []
    }

    /// Labels that say the next words name the author (Yoast's `twitter:label1`, byline labels).
    static let writtenByLabels: Set<String> = [
        "written by", "written by:", "author", "author:", "authored by", "by", "by:", "posted by", "words by",
        "autor", "autor:", "auteur", "auteur :", "geschrieben von", "escrito por", "scritto da", "автор", "автор:",
    ]

    /// Where the headline sits among the page's elements: the first `<h1>` agreeing with the title, else the
    /// first `<h1>`; 0 (the page's start) without one.
    static func headlinePosition(facts: PageFacts, title: String) -> Int {
        let folded = TitleChooser.fold(title)
        let agreeing = zip(facts.headings, facts.headingPositions).first { heading, _ in
            let headingFolded = TitleChooser.fold(heading)
            return !folded.isEmpty && !headingFolded.isEmpty
                && (folded.containsBytes(headingFolded) || headingFolded.containsBytes(folded))
        }
        return agreeing?.1 ?? facts.headingPositions.first ?? 0
    }

    /// Whether `node` is schema.org microdata naming the author (`itemprop=author`).
    static func isSchemaAuthor(_ node: xmlNodePtr) -> Bool {
        HTMLDocument.attribute("itemprop", of: node)?.lowercased().containsBytes("author") ?? false
    }

    /// The names in one byline element (its `itemprop=name` part when it has one).
    ///
    /// - Parameter allowingHandle: a user name (`JosephF`, `jldugger`) counts as a name, for microdata that
    ///   names the author on purpose, as JSON-LD does.
    static func bylineNames(_ node: xmlNodePtr, allowingHandle: Bool = false) -> [String] {
        let nameNode = MetadataDOM.itemprop("name", under: node) ?? node
        // Microdata often gives the name as `<meta itemprop=name content=…>` beside the shown one.
        let content = HTMLDocument.name(of: nameNode) == "meta" ? HTMLDocument.attribute("content", of: nameNode) : nil
        guard let text = content ?? MetadataDOM.shortText(of: nameNode, limit: Byline.maxLength, keepingLines: true)
        else {
            return []
        }
        let names = Byline.names(text)
        if names.isEmpty, allowingHandle, Byline.isHandle(text) { return [text] }
        return names
    }

    /// The first poster of a discussion: the first user name (`username`, `bigusername`, `PostUser-name`
    /// classes) after the headline. Read only for pages that are forum threads, where the first post's
    /// author is the thread's.
    static func firstPoster(facts: PageFacts, title: String) -> String? {
        let headline = headlinePosition(facts: facts, title: title)
        var names: [String] = []
        for (node, position) in zip(facts.posterNodes, facts.posterPositions) where position > headline {
            // The name is the node's profile link when it has one (the rest is reputation and badges), unless
            // that link is an avatar's initial.
            let linkText = profileLink(in: node).flatMap { MetadataDOM.shortText(of: $0, limit: Byline.maxLength) }
            guard !MetadataDOM.isInNavigation(node),
                let text = linkText.flatMap({ $0.count >= 2 ? $0 : nil })
                    ?? MetadataDOM.shortText(of: node, limit: Byline.maxLength),
                let name = Byline.isHandle(text) ? text : Byline.names(text).first
            else { continue }
            // Q&A sites sign a question twice, its last editor before its asker (`post-signature owner`).
            if isOwner(node) { return name }
            names.append(name)
            if names.count == Self.ownerSearch { break }
        }
        return names.first
    }

    /// The first link among the first few elements under a poster node.
    static func profileLink(in node: xmlNodePtr) -> xmlNodePtr? {
        var link: xmlNodePtr?
        var visited = 0
        HTMLDocument.forEachElement(under: node) { element, name in
            visited += 1
            if name == "a" { link = element }
            return link == nil && visited < 16
        }
        return link
    }

    /// Poster nodes searched for the thread owner's signature before the first poster is taken.
    static let ownerSearch = 4

    static let ownerWords = KeywordSet(["owner"])

    /// Whether a poster node sits in its thread owner's signature (a class or id word `owner`, within
    /// three levels).
    static func isOwner(_ node: xmlNodePtr) -> Bool {
        var levels = 0
        return MetadataDOM.ancestorsDecide(node) { element, _ in
            if MetadataDOM.scanClassAndId(of: element, for: ownerWords) != 0 { return true }
            levels += 1
            return levels == 4 ? false : nil
        }
    }

    static func tags(facts: PageFacts, linkedData: JSONLinkedData) -> [String] {
        var tags: [String] = facts.metaValues("article:tag", "og:article:tag")
        for keywords in facts.metaValues("keywords", "news_keywords") {
            tags += keywords.split(separator: ",").map(String.init)
        }
        tags += linkedData.keywords
        var seen: Set<String> = []
        var result: [String] = []
        for tag in tags {
            let cleaned = Whitespace.collapse(tag)
            guard !cleaned.isEmpty, cleaned.count <= 100, seen.insert(cleaned.lowercased()).inserted else {
                continue
            }
            result.append(cleaned)
            if result.count == maxTags { break }
        }
        return result
    }

    static func resolve(_ link: String?, against base: URL?) -> String? {
        guard let link = nonEmpty(link.map { Whitespace.collapse($0.prefix(2048)) }),
            let resolved = URL(string: link, relativeTo: base)?.absoluteURL,
            let scheme = resolved.scheme?.lowercased(), scheme == "http" || scheme == "https"
        else { return nil }
        return resolved.absoluteString
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text else { return nil }
        let collapsed = Whitespace.collapse(HTMLEntities.decode(text))
        return collapsed.isEmpty ? nil : collapsed
    }

    static func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert($0.lowercased()).inserted }
    }
}

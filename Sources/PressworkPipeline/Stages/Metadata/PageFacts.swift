import CLibXML2

/// Everything the metadata stage reads from a page, gathered in one walk over the tree.
///
/// Node pointers are only valid inside the ``HTMLDocument/parse(_:_:)`` closure that produced them, and
/// a `PageFacts` never leaves ``MetadataStage/run(_:url:now:)``.
struct PageFacts {
    /// `<meta>` values by lowercased key (`property`, `name`, `itemprop` or `http-equiv`), in page order.
    var metas: [String: [String]] = [:]
    var titleElement: String?
    var headings: [String] = []
    /// The position of each of `headings` among the page's elements (document order).
    var headingPositions: [Int] = []
    var canonical: String?
    var htmlLanguage: String?
    var jsonLDScripts: [String] = []
    /// Elements that may hold a byline, in page order.
    var bylineNodes: [xmlNodePtr] = []
    /// The position of each of `bylineNodes` among the page's elements (document order).
    var bylinePositions: [Int] = []
    /// Elements whose class names a user (`username`): the posters of a forum thread, in page order, with
    /// their positions among the page's elements.
    var posterNodes: [xmlNodePtr] = []
    var posterPositions: [Int] = []
    /// Elements whose only text is a byline label (`Written by`), with their positions.
    var authorLabels: [xmlNodePtr] = []
    var authorLabelPositions: [Int] = []
    /// Elements seen so far by the walk.
    private var elementCount = 0
    /// `<time>` elements, in page order.
    var timeNodes: [xmlNodePtr] = []
    /// Elements whose class, id or itemprop says they hold a date.
    var dateNodes: [xmlNodePtr] = []
    /// The elements just before and after the first `<h1>` (the first `<h2>` on a page without one, as
    /// phpBB and SMF threads print their titles), nearest first: where a page prints its date when no
    /// markup names it.
    var aroundHeading: [xmlNodePtr] { (h1.found ? h1 : h2).around }
    /// How many of `aroundHeading` (its first ones) come after the heading.
    var afterHeadingCount: Int { max(0, (h1.found ? h1 : h2).after) }
    private var h1 = HeadingNeighbours(tag: "h1")
    private var h2 = HeadingNeighbours(tag: "h2")
    /// Elements kept on each side of the first `<h1>`.
    static let aroundHeadingWindow = 40
    /// `itemprop=datePublished|dateModified` values (`content` or `datetime`).
    var microdataPublished: String?
    var microdataModified: String?

    /// Longest meta value kept; longer ones are cut (descriptions) rather than copied whole.
    static let maxMetaValue = 4000
    /// Most nodes of each kind kept, so that a hostile page cannot make later steps quadratic.
    static let maxNodes = 40
    /// Most byline elements kept: more than other kinds, as lists of related stories before the article
    /// may each carry one.
    static let maxBylineNodes = 200

    static let bylineMarks = [
        "byline", "author", "autor", "auteur", "writer", "reporter", "journalist", "firma", "verfasser", "creator",
    ]
    static let dateMarks = ["date", "publish", "posted", "timestamp", "dateline", "datum", "fecha", "time"]
    static let posterMarks = ["username", "user-name", "postuser", "poster-name", "membername", "user-details"]
    /// The lists in one matcher: mask 1 for a byline word, 2 for a date word, 4 for a poster word.
    private static let marks = KeywordSet(
        bylineMarks.map { ($0, 1, false) } + dateMarks.map { ($0, 2, false) } + posterMarks.map { ($0, 4, false) })

    init(root: xmlNodePtr) {
        htmlLanguage = HTMLDocument.attribute("lang", of: root) ?? HTMLDocument.attribute("xml:lang", of: root)
        HTMLDocument.forEachElement(under: root) { node, name in
            elementCount += 1
            h1.note(node, name: name)
            if !h1.found { h2.note(node, name: name) }
            if name == "p" || name == "span" || name == "div" || name == "dt" || name == "strong" || name == "b"
                || name == "em" || name == "h4" || name == "h5" || name == "h6" || name == "small"
            {
                readLabel(node)
            }
            switch name {
            case "meta": readMeta(node)
            case "title":
                if titleElement == nil { titleElement = MetadataDOM.shortText(of: node, limit: 1000) }
            case "h1":
                if headings.count < 3,
                    let text = MetadataDOM.shortText(of: node, limit: 400).map(Self.withoutPermalink),
                    !text.isEmpty
                {
                    headings.append(text)
                    headingPositions.append(elementCount)
                }
            case "link":
                let rel = (HTMLDocument.attribute("rel", of: node) ?? "").lowercased().split(separator: " ")
                if rel.contains("canonical"), canonical == nil { canonical = HTMLDocument.attribute("href", of: node) }
            case "script":
                let type = (HTMLDocument.attribute("type", of: node) ?? "").lowercased()
                if type.containsBytes("ld+json"), jsonLDScripts.count < Self.maxNodes {
                    jsonLDScripts.append(HTMLDocument.textContent(of: node))
                }
                return true
            case "time":
                if timeNodes.count < Self.maxNodes { timeNodes.append(node) }
            default:
                break
            }
            readMarks(node, name: name)
            return true
        }
    }

    /// A heading without the permalink mark documentation generators append (Sphinx's and MkDocs' `¶`).
    static func withoutPermalink(_ heading: String) -> String {
        guard let last = heading.last, ["¶", "§", "#", "🔗"].contains(last) else { return heading }
        return Whitespace.collapse(heading.dropLast())
    }

    private mutating func readMeta(_ node: xmlNodePtr) {
        let content = HTMLDocument.attribute("content", of: node) ?? HTMLDocument.attribute("value", of: node)
        guard let content else { return }
        let value = Whitespace.collapse(content.prefix(Self.maxMetaValue))
        guard !value.isEmpty else { return }
        for attribute in ["property", "name", "itemprop", "http-equiv"] {
            guard let keys = HTMLDocument.attribute(attribute, of: node)?.lowercased() else { continue }
            for key in keys.prefix(200).split(separator: " ") {
                let key = String(key)
                if metas[key, default: []].count < Self.maxNodes { metas[key, default: []].append(value) }
            }
        }
    }

    /// Notes an element whose single child is text reading as a byline label.
    private mutating func readLabel(_ node: xmlNodePtr) {
        guard authorLabels.count < Self.maxNodes, let child = node.pointee.children, child.pointee.next == nil,
            HTMLDocument.isText(child), let content = child.pointee.content
        else { return }
        // Labels are short (with a template's indentation around them): a longer text is not compared.
        var length = 0
        while content[length] != 0 && length <= 48 { length += 1 }
        guard length <= 48 else { return }
        let text = Whitespace.collapse(String(cString: content)).lowercased()
        if MetadataStage.writtenByLabels.contains(text) {
            authorLabels.append(node)
            authorLabelPositions.append(elementCount)
        }
    }

    /// Links to an author's page (`/author/jane-doe`): bylines that carry no byline class.
    static let authorPaths = KeywordSet([
        "/author/", "/authors/", "/autor/", "/autoren/", "/auteur/", "/writers/", "/writer/", "/contributors/",
        "/contributor/", "/journalist/", "/journalists/", "/reporters/", "/producers/", "/people/", "/staff/",
    ])

    private mutating func readMarks(_ node: xmlNodePtr, name: String) {
        // Every mark below is an attribute; most elements have none.
        guard node.pointee.properties != nil else { return }
        if let itemprop = HTMLDocument.attribute("itemprop", of: node)?.lowercased() {
            let value = HTMLDocument.attribute("content", of: node) ?? HTMLDocument.attribute("datetime", of: node)
            if itemprop.containsBytes("datepublished"), microdataPublished == nil {
                microdataPublished = value ?? MetadataDOM.shortText(of: node, limit: 100)
            } else if itemprop.containsBytes("datemodified"), microdataModified == nil {
                microdataModified = value ?? MetadataDOM.shortText(of: node, limit: 100)
            }
            if itemprop.containsBytes("author") || itemprop.containsBytes("creator"), name != "meta", name != "link",
                bylineNodes.count < Self.maxBylineNodes
            {
                addByline(node)
                return
            }
        }
        guard name != "meta", name != "link", name != "script", name != "style", name != "html", name != "body"
        else { return }
        if name == "a", bylineNodes.count < Self.maxBylineNodes,
            HTMLDocument.attribute("rel", of: node)?.lowercased().containsBytes("author") ?? false
                || MetadataDOM.scanAttribute("href", of: node, for: Self.authorPaths) != 0
        {
            addByline(node)
            return
        }
        let found = MetadataDOM.scanClassAndId(of: node, for: Self.marks)
        if found & 1 != 0, bylineNodes.count < Self.maxBylineNodes {
            addByline(node)
        } else if found & 4 != 0 {
            if posterNodes.count < Self.maxNodes {
                posterNodes.append(node)
                posterPositions.append(elementCount)
            }
        } else if found & 2 != 0, dateNodes.count < Self.maxNodes {
            dateNodes.append(node)
        }
    }

    private mutating func addByline(_ node: xmlNodePtr) {
        bylineNodes.append(node)
        bylinePositions.append(elementCount)
    }

    /// The first value of the first key present.
    func meta(_ keys: String...) -> String? {
        for key in keys {
            if let value = metas[key]?.first { return value }
        }
        return nil
    }

    /// Every value of the keys, in key order.
    func metaValues(_ keys: String...) -> [String] {
        keys.flatMap { metas[$0] ?? [] }
    }
}

/// The elements on each side of a page's first heading of one level, collected in the one walk.
private struct HeadingNeighbours {
    let tag: String
    /// Nearest first: the elements after the heading, then those before it.
    var around: [xmlNodePtr] = []
    private var before: [xmlNodePtr] = []
    /// How many elements after the heading were kept; -1 until the heading is met.
    private(set) var after = -1
    var found: Bool { after >= 0 }

    init(tag: String) { self.tag = tag }

    mutating func note(_ node: xmlNodePtr, name: String) {
        if after < 0 {
            if name == tag {
                after = 0
                // The heading's own ancestors hold the whole story, not a date line beside it.
                var ancestors = Set<xmlNodePtr>()
                var parent = node.pointee.parent
                while let current = parent {
                    ancestors.insert(current)
                    parent = current.pointee.parent
                }
                around = before.reversed().filter { !ancestors.contains($0) }
                before = []
            } else if name != "script" && name != "style" && name != "meta" && name != "link" {
                before.append(node)
                if before.count > PageFacts.aroundHeadingWindow { before.removeFirst() }
            }
        } else if after < PageFacts.aroundHeadingWindow {
            after += 1
            // After the heading first: a date under the headline is the article's.
            around.insert(node, at: after - 1)
        }
    }
}

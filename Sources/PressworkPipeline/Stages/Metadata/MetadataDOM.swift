import CLibXML2

/// DOM helpers the metadata stage needs beyond ``HTMLDocument``: bounded text, ancestors.
enum MetadataDOM {
    /// Visible text below `node` (scripts and styles skipped), whitespace collapsed; nil when it is longer
    /// than `limit` characters, so that a huge element costs no more than `limit` to reject.
    ///
    /// - Parameter keepingLines: block elements and `<br>` end a line (`\n`) instead of a word.
    static func shortText(of node: xmlNodePtr, limit: Int, keepingLines: Bool = false) -> String? {
        var text = ""
        var tooLong = false
        TreeWalker(root: node).walk { current in
            guard !tooLong else { return false }
            if current.pointee.type == XML_ELEMENT_NODE {
                let name = HTMLDocument.name(of: current)
                if name == "script" || name == "style" || name == "noscript" { return false }
                if keepingLines, name == "br" || lineBreakingElements.contains(name) {
                    text += "\n"
                } else if name == "br" || name == "p" || name == "div" || name == "li" {
                    text += " "
                }
                return true
            }
            if HTMLDocument.isText(current), let content = current.pointee.content {
                // A newline inside a run of words (`Dana\nOrtiz`) is a space; around the words, where
                // templates put one per tag, it still ends a line.
                let piece = String(cString: content)
                if keepingLines, Whitespace.containsLetter(piece), piece.contains(where: \.isNewline) {
                    let leading = piece.prefix(while: \.isWhitespace)
                    let trailing = piece.reversed().prefix(while: \.isWhitespace)
                    let core = piece.dropFirst(leading.count).dropLast(trailing.count)
                    text += leading.contains(where: \.isNewline) ? "\n" : (leading.isEmpty ? "" : " ")
                    text += String(core.map { $0.isNewline ? " " : $0 })
                    text += trailing.contains(where: \.isNewline) ? "\n" : (trailing.isEmpty ? "" : " ")
                } else {
                    text += piece
                }
                if text.utf8.count > limit * 4 { tooLong = true }
            }
            return true
        } leave: { current in
            if keepingLines, current.pointee.type == XML_ELEMENT_NODE,
                lineBreakingElements.contains(HTMLDocument.name(of: current))
            {
                text += "\n"
            }
        }
        guard !tooLong else { return nil }
        guard keepingLines else {
            let collapsed = Whitespace.collapse(text)
            return collapsed.count > limit ? nil : collapsed
        }
        let lines = text.split(separator: "\n").map { Whitespace.collapse($0) }.filter { !$0.isEmpty }
        let joined = lines.joined(separator: "\n")
        return joined.count > limit ? nil : joined
    }

    /// Elements whose start and end break a line of text.
    static let lineBreakingElements: Set<String> = [
        "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "dt", "dd", "section", "header",
        "footer", "table", "tr", "td", "th", "figure", "figcaption", "address", "blockquote", "hr", "article",
        "aside", "nav",
    ]

    /// Words that mark page furniture around an element: comments, sidebars, related links, footers.
    /// Layout modifiers of a main container that mention a sidebar beside it (`p-body-main--withSidebar`,
    /// `has-sidebar`) carry mask 2: such an element is not furniture.
    static let furnitureWords = KeywordSet(
        [
            "comment", "sidebar", "related", "footer", "widget", "recommend", "promo", "newsletter", "popular",
            "trending", "most-read", "mostread", "share", "social", "nav", "menu", "advert", "teaser", "reply",
            "replies",
        ].map { ($0, UInt32(1), false) }
            + [
                "withsidebar", "with-sidebar", "has-sidebar", "hassidebar", "no-sidebar", "nosidebar",
                "sidebar-layout", "sidebar-mode", "sidebar-left", "sidebar-right", "left-sidebar", "right-sidebar",
            ].map { ($0, UInt32(2), false) })

    /// Whether `node` sits inside navigation, an aside (other than an article's own), a footer, a form or a
    /// comment/sidebar container.
    /// The classes of `<body>` and `<html>` describe the whole page, not a region of it, and are not read.
    ///
    /// - Parameter allowingAside: an `<aside>` does not count (for schema.org `itemprop=author` markup,
    ///   which speaks about the page's item wherever it sits).
    static func isInFurniture(_ node: xmlNodePtr, allowingAside: Bool = false) -> Bool {
        var current: xmlNodePtr? = node
        var depth = 0
        // Inside an `<article>` or `<main>`, the class names around it describe the page's layout
        // (`sidebar-mode`, Drupal's `node--promoted`), not the node's region: only element names count.
        var inContent = false
        while let element = current, depth < 64 {
            if element.pointee.type == XML_ELEMENT_NODE {
                let name = HTMLDocument.name(of: element)
                switch name {
                case "body", "html": return false
                case "nav", "footer", "form", "blockquote": return true
                // An `<aside>` inside an `<article>` is the article's own: its byline and date block.
                case "aside" where !allowingAside && !isInsideArticle(element): return true
                case "article", "main": inContent = true
                default: break
                }
                if !inContent, depth > 0 || name != "a",
                    scanClassAndId(of: element, for: furnitureWords) == 1
                {
                    return true
                }
            }
            current = element.pointee.parent
            depth += 1
        }
        return false
    }

    /// Whether an `<article>` element holds `node`.
    private static func isInsideArticle(_ node: xmlNodePtr) -> Bool {
        ancestorsDecide(node, includingSelf: false) { _, name in name == "article" ? true : nil }
    }

    /// Walks from `node` (its parent first, unless `includingSelf`) up to `<body>`, at most 64 levels, and
    /// returns the first answer `decide` gives about an element; false when it gives none.
    static func ancestorsDecide(
        _ node: xmlNodePtr, includingSelf: Bool = true, _ decide: (_ element: xmlNodePtr, _ name: String) -> Bool?
    ) -> Bool {
        var current = includingSelf ? node : node.pointee.parent
        var depth = 0
        while let element = current, depth < 64, element.pointee.type == XML_ELEMENT_NODE {
            let name = HTMLDocument.name(of: element)
            if name == "body" || name == "html" { return false }
            if let answer = decide(element, name) { return answer }
            current = element.pointee.parent
            depth += 1
        }
        return false
    }

    /// Whether `node` sits in a `<nav>`, `<header>` or `<footer>` (where a signed-in user's name shows).
    static func isInNavigation(_ node: xmlNodePtr) -> Bool {
        ancestorsDecide(node, includingSelf: false) { _, name in
            name == "nav" || name == "header" || name == "footer" ? true : nil
        }
    }

    /// The element after `node`: its next element sibling, else its parent's (a label and its value often
    /// sit in sibling wrappers).
    static func nextElement(after node: xmlNodePtr) -> xmlNodePtr? {
        var current: xmlNodePtr? = node
        for _ in 0..<2 {
            var sibling = current?.pointee.next
            while let candidate = sibling {
                if candidate.pointee.type == XML_ELEMENT_NODE { return candidate }
                // Text between the label and the next element is the value (`Written by Jane Doe`).
                if HTMLDocument.isText(candidate), let content = candidate.pointee.content,
                    Whitespace.containsLetter(String(cString: content))
                {
                    return nil
                }
                sibling = candidate.pointee.next
            }
            current = current?.pointee.parent
        }
        return nil
    }

    /// Words of regions that list other items with their own dates and bylines.
    static let otherItemsWords = KeywordSet([
        "comment", "reply", "replies", "related", "recommend", "popular", "trending", "most-read", "mostread",
    ])

    /// Whether `node` sits in comments, replies or a list of related or popular stories (by class or id).
    /// Element names are not read: an article's header keeps its date in an `<aside>` or `<footer>`.
    static func isAmongOtherItems(_ node: xmlNodePtr) -> Bool {
        ancestorsDecide(node) { element, _ in
            scanClassAndId(of: element, for: otherItemsWords, firstOnly: true) != 0 ? true : nil
        }
    }

    /// The masks of `keywords` found in the element's `class` and `id`, ASCII-lowercased and joined by a
    /// space (bounded: a huge attribute is cut). Read straight from libxml2's attribute list into a stack
    /// buffer: this runs for many elements of a page.
    static func scanClassAndId(of node: xmlNodePtr, for keywords: KeywordSet, firstOnly: Bool = false) -> UInt32 {
        guard node.pointee.properties != nil else { return 0 }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: classLimit + idLimit + 1) { buffer in
            var count = appendLowercased(
                "class", of: node, limit: classLimit, to: buffer, at: 0, skippingBrackets: true)
            buffer[count] = 0x20
            count = appendLowercased("id", of: node, limit: idLimit, to: buffer, at: count + 1)
            return keywords.scan(UnsafeBufferPointer(rebasing: buffer[..<count]), firstOnly: firstOnly)
        }
    }

    /// The masks of `keywords` found in attribute `name`, ASCII-lowercased (the first 300 bytes), read
    /// without making a string: this runs for every link of a page.
    static func scanAttribute(_ name: String, of node: xmlNodePtr, for keywords: KeywordSet) -> UInt32 {
        guard node.pointee.properties != nil else { return 0 }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: classLimit) { buffer in
            let count = appendLowercased(name, of: node, limit: classLimit, to: buffer, at: 0)
            return keywords.scan(UnsafeBufferPointer(rebasing: buffer[..<count]), firstOnly: true)
        }
    }

    private static let classLimit = 300
    private static let idLimit = 100

    /// Writes up to `limit` lowercased bytes of attribute `name` at `start` (``ClassNameFolder``, which
    /// `skippingBrackets` is passed to); returns the end offset.
    private static func appendLowercased(
        _ name: String, of node: xmlNodePtr, limit: Int, to bytes: UnsafeMutableBufferPointer<UInt8>, at start: Int,
        skippingBrackets: Bool = false
    ) -> Int {
        var end = start
        var folder = ClassNameFolder(skippingBrackets: skippingBrackets)
        var attribute = node.pointee.properties
        while let current = attribute {
            defer { attribute = current.pointee.next }
            guard let attributeName = current.pointee.name, HTMLDocument.nameEquals(attributeName, name) else {
                continue
            }
            var child = current.pointee.children
            while let text = child, end - start < limit {
                if let content = text.pointee.content {
                    var index = 0
                    while content[index] != 0 && end - start < limit {
                        bytes[end] = folder.fold(content[index])
                        index += 1
                        end += 1
                    }
                }
                child = text.pointee.next
            }
            break
        }
        return end
    }

    /// The first descendant (or the node itself) whose `itemprop` is `property`.
    static func itemprop(_ property: String, under node: xmlNodePtr) -> xmlNodePtr? {
        var found: xmlNodePtr?
        HTMLDocument.forEachElement(under: node) { element, _ in
            if let value = HTMLDocument.attribute("itemprop", of: element)?.lowercased(),
                value.split(separator: " ").contains(Substring(property))
            {
                found = element
                return false
            }
            return true
        }
        return found
    }

    /// Whether `other` is an inline sibling of the same kind as `node` (same parent or grandparent, element
    /// name, `class`, `rel` and `itemprop`): the next author in a list of authors. Block elements are
    /// bylines of separate stories, not a list.
    static func isLike(_ node: xmlNodePtr, _ other: xmlNodePtr) -> Bool {
        let name = HTMLDocument.name(of: node)
        guard node != other, ["a", "span", "cite", "strong", "b", "em"].contains(name),
            name == HTMLDocument.name(of: other)
        else { return false }
        for attribute in ["class", "rel", "itemprop"] {
            guard HTMLDocument.attribute(attribute, of: node) == HTMLDocument.attribute(attribute, of: other) else {
                return false
            }
        }
        guard let parent = node.pointee.parent, let otherParent = other.pointee.parent else { return false }
        return parent == otherParent
            || (parent.pointee.parent != nil && parent.pointee.parent == otherParent.pointee.parent)
    }
}

import CLibXML2

/// A page flattened into ``PageNode``s in document order, built in one walk without recursion.
struct PageTable {
    var nodes: [PageNode] = []
    /// The `<title>` text, whitespace collapsed.
    var title = ""
    /// JSON-LD says `isAccessibleForFree: false` (the schema.org paywall markup).
    var paywallMarkup = false

    /// Flattens the tree under `root`, measuring text, reading class, id, role and visibility.
    init(_ root: xmlNodePtr) {
        nodes.reserveCapacity(1024)
        var open: [Int32] = []
        var lastChild: [Int32] = []
        var hintCache: [String: ClassHints] = [:]
        var blocks: [Int32] = []
        var links = 0
        TreeWalker(root: root).walk { pointer in
            let parent = open.last ?? -1
            if HTMLDocument.isText(pointer) {
                guard let content = pointer.pointee.content, let block = blocks.last else { return false }
                var node = PageNode(pointer: pointer, kind: .text, tag: "", parent: parent)
                node.inline = TextMeasure.measure(content)
                node.end = Int32(nodes.count + 1)
                node.block = block
                if links > 0 { node.inlineLinkCharacters = node.inline.characters }
                nodes.append(node)
                lastChild.append(-1)
                return false
            }
            guard pointer.pointee.type == XML_ELEMENT_NODE else { return false }
            let tag = HTMLDocument.name(of: pointer)
            if Tags.neverText.contains(tag) {
                if Self.formControls.contains(tag), parent >= 0 { nodes[Int(parent)].ownInputs += 1 }
                inspectHidden(tag, pointer)
                return false
            }
            let index = Int32(nodes.count)
            var node = PageNode(pointer: pointer, kind: .element, tag: tag, parent: parent)
            Self.readAttributes(of: pointer, into: &node, hintCache: &hintCache)
            if Tags.furniture.contains(tag) { node.furniture = true }
            if parent >= 0 {
                let previous = lastChild[Int(parent)]
                if previous < 0 {
                    nodes[Int(parent)].firstChild = index
                } else {
                    nodes[Int(previous)].nextSibling = index
                }
                lastChild[Int(parent)] = index
            }
            nodes.append(node)
            lastChild.append(-1)
            open.append(index)
            if !Tags.inline.contains(tag) || blocks.isEmpty { blocks.append(index) }
            if tag == "a" { links += 1 }
            return true
        } leave: { pointer in
            guard pointer.pointee.type == XML_ELEMENT_NODE, let index = open.popLast() else { return }
            nodes[Int(index)].end = Int32(nodes.count)
            if blocks.last == index { blocks.removeLast() }
            if nodes[Int(index)].tag == "a" { links -= 1 }
        }
        while let index = open.popLast() { nodes[Int(index)].end = Int32(nodes.count) }
    }

    static let formControls: Set<String> = ["input", "select", "textarea", "button"]

    /// Reads what the skipped elements still tell: the title and JSON-LD paywall markup.
    private mutating func inspectHidden(_ tag: String, _ pointer: xmlNodePtr) {
        if tag == "title", title.isEmpty {
            title = Whitespace.collapse(HTMLDocument.textContent(of: pointer))
        } else if tag == "head" {
            HTMLDocument.forEachElement(under: pointer) { element, name in
                if name == "title" || name == "script" { inspectHidden(name, element) }
                return true
            }
        } else if tag == "script", !paywallMarkup,
            HTMLDocument.attribute("type", of: pointer)?.lowercased().contains("ld+json") == true
        {
            let json = HTMLDocument.textContent(of: pointer)
            if let range = json.range(of: "isAccessibleForFree") {
                let after = json[range.upperBound...].prefix(16).lowercased()
                paywallMarkup = after.contains("false")
            }
        }
    }

    /// One pass over the attribute list; long values are read only as far as the hints need.
    private static func readAttributes(
        of pointer: xmlNodePtr, into node: inout PageNode, hintCache: inout [String: ClassHints]
    ) {
        var classAndId = ""
        var attribute = pointer.pointee.properties
        while let current = attribute {
            defer { attribute = current.pointee.next }
            guard let rawName = current.pointee.name else { continue }
            let name = String(cString: rawName)
            switch name {
            case "class", "id":
                classAndId += " " + value(of: current, limit: 256)
            case "hidden":
                node.hidden = true
            case "aria-hidden":
                if value(of: current, limit: 8).lowercased() == "true" { node.hidden = true }
            case "style":
                let style = String(
                    decoding: value(of: current, limit: 512).lowercased().utf8.filter { $0 != 0x20 }, as: UTF8.self)
                if ByteSearch.containsAny(style, ["display:none", "visibility:hidden"]) { node.hidden = true }
            case "role":
                let role = value(of: current, limit: 32).lowercased()
                if Tags.furnitureRoles.contains(role) { node.furniture = true }
                if role == "main" || role == "article" { node.articleBody = true }
            case "itemprop", "property":
                if ByteSearch.contains(value(of: current, limit: 64).lowercased(), "articlebody") {
                    node.articleBody = true
                }
            default:
                break
            }
        }
        if !classAndId.isEmpty {
            if let known = hintCache[classAndId] {
                node.hints = known
            } else {
                node.hints = ClassHints(classAndId)
                if hintCache.count < 4096 { hintCache[classAndId] = node.hints }
            }
        }
    }

    /// An attribute's value, at most `limit` bytes of it (cut at a character boundary).
    private static func value(of attribute: xmlAttrPtr, limit: Int) -> String {
        var bytes: [UInt8] = []
        var child = attribute.pointee.children
        while let text = child, bytes.count < limit {
            if let content = text.pointee.content {
                var index = 0
                while bytes.count < limit, content[index] != 0 {
                    bytes.append(content[index])
                    index += 1
                }
            }
            child = text.pointee.next
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

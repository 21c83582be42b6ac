import CLibXML2

/// Turns an HTML tree into paragraphs: each block element (and each `<br>`) ends one, text nodes fill
/// them, whitespace is collapsed and empty paragraphs are dropped.
struct ParagraphCollector {
    /// Elements whose whole subtree is skipped.
    let dropping: Set<String>

    init(dropping: Set<String>) {
        self.dropping = dropping
    }

    /// Elements that start and end a paragraph.
    static let blockElements: Set<String> = [
        "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dir", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "html", "legend",
        "li", "main", "menu", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "ul",
    ]

    func collect(_ root: xmlNodePtr) -> [String] {
        var paragraphs: [String] = []
        var current = ""
        func flush() {
            guard !current.isEmpty else { return }
            let paragraph = Whitespace.collapse(current)
            if !paragraph.isEmpty { paragraphs.append(paragraph) }
            current = ""
        }
        TreeWalker(root: root).walk { node in
            if HTMLDocument.isText(node) {
                if let content = node.pointee.content { current += String(cString: content) }
                return false
            }
            guard node.pointee.type == XML_ELEMENT_NODE else { return false }
            let name = HTMLDocument.name(of: node)
            if dropping.contains(name) || HTMLDocument.attribute("hidden", of: node) != nil {
                return false
            }
            // Inline elements add no space: `<b>W</b>ord` is one word.
            if name == "br" || Self.blockElements.contains(name) {
                flush()
            }
            return true
        } leave: { node in
            if node.pointee.type == XML_ELEMENT_NODE, Self.blockElements.contains(HTMLDocument.name(of: node)) {
                flush()
            }
        }
        flush()
        return paragraphs
    }
}

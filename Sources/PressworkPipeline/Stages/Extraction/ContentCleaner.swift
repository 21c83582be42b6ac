/// Removes from the chosen content what sits inside it but is not the article: link lists (related
/// stories, tags, share bars), form-heavy boxes, image strips, headings that repeat the page title and,
/// when class names count, anything they call furniture.
struct ContentCleaner {
    let useHints: Bool
    /// The page title, lowercased and collapsed; headings repeating it are dropped.
    let title: String
    /// Only link lists (more than half of the text in links) and form boxes go: for content made of short
    /// linked cards, which the full rules would drop.
    var lightly = false

    /// Extends `removed` inside `roots`, in one loop over each root's range.
    func clean(_ table: PageTable, roots: [Int], removed: inout [Bool]) {
        let nodes = table.nodes
        var headingsSeen = 0
        for root in roots {
            var index = root + 1
            while index < Int(nodes[root].end) {
                let node = nodes[index]
                if removed[index] || node.kind == .text {
                    index += 1
                    continue
                }
                var drop = false
                if node.flags.contains(.heading) {
                    headingsSeen += 1
                    drop =
                        (useHints && node.hints.weight < 0)
                        || (headingsSeen <= 2 && (node.tag == "h1" || node.tag == "h2") && repeatsTitle(node))
                } else if node.flags.contains(.cleanable) {
                    drop = isFurniture(node)
                }
                if drop {
                    for inner in index..<Int(node.end) { removed[inner] = true }
                    index = Int(node.end)
                } else {
                    index += 1
                }
            }
        }
    }

    private func isFurniture(_ node: PageNode) -> Bool {
        if lightly {
            let paragraphs = Int(node.paragraphs)
            return node.linkDensity > 0.5 || (Int(node.inputs) > paragraphs / 3 && node.text.characters < 200)
        }
        let weight = useHints ? node.hints.weight : 0
        if weight < 0 { return true }
        if node.text.commas >= 10 || node.isDataTable { return false }
        let isList = node.tag == "ul" || node.tag == "ol" || node.tag == "dl"
        let characters = node.text.characters
        let density = node.linkDensity
        let paragraphs = Int(node.paragraphs)
        if node.images > 1 && characters < 200 && Double(paragraphs) / Double(node.images) < 0.5 { return true }
        if Int(node.inputs) > paragraphs / 3 { return true }
        if !isList && characters < 25 && density > 0 { return true }
        if isList { return density > 0.5 }
        // A container with several paragraphs of unlinked text is content: the link lists inside it are
        // judged (and dropped) one by one, instead of taking the story down with them.
        let unlinked = Double(characters) * (1 - density)
        if paragraphs >= 2 && unlinked >= 200 { return false }
        if node.linkedHeadings >= 2 && density > 0.3 { return true }
        return weight < 25 ? density > 0.2 : density > 0.5
    }

    private func repeatsTitle(_ node: PageNode) -> Bool {
        guard !title.isEmpty else { return false }
        let heading = Whitespace.collapse(HTMLDocument.textContent(of: node.pointer)).lowercased()
        guard !heading.isEmpty else { return false }
        return heading == title || (title.contains(heading) && heading.count * 2 >= title.count)
            || heading.contains(title)
    }
}

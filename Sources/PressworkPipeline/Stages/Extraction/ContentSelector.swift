/// Finds the main content of a ``PageTable``: scores text blocks, picks the best container, adds the
/// siblings that belong to it and cleans page furniture out of the result.
///
/// Each block of text (25 weighted characters or more) earns 1 point, 1 per comma and up to 3 for its
/// length, shared with its ancestors: all of it to the parent, half to the grandparent, less further up.
/// Containers start from their element and class-name hints, and lose the share of their text inside
/// links. Everything here is a loop over the flat table: linear time, no recursion.
struct ContentSelector {
    /// Whether class names count (off when an attempt that used them found too little).
    let useHints: Bool
    /// An element the content must hold (a product page's name), if any.
    var anchor: Int? = nil

    /// The chosen content roots, in document order; empty when the page has no element.
    func select(_ table: inout PageTable, removed: [Bool]) -> [Int] {
        guard !table.nodes.isEmpty else { return [] }
        score(&table, removed: removed)
        var best = -1
        for index in table.nodes.indices where table.nodes[index].scored {
            if best < 0 || table.nodes[index].score > table.nodes[best].score { best = index }
        }
        guard best >= 0 else { return [body(of: table)] }
        best = climb(from: best, in: table)
        // A product page is made of small sections (name and price, description, specifications): the
        // content is what holds the best one and the product's name, short of the whole page.
        if let anchor, !removed[anchor] {
            var holder = best
            while holder >= 0, !(holder..<Int(table.nodes[holder].end)).contains(anchor) {
                holder = Int(table.nodes[holder].parent)
            }
            if holder >= 0, table.nodes[holder].tag != "body", table.nodes[holder].tag != "html" { best = holder }
        }
        return siblings(of: best, in: table, removed: removed)
    }

    private func body(of table: PageTable) -> Int {
        table.nodes.firstIndex { $0.tag == "body" } ?? 0
    }

    private func score(_ table: inout PageTable, removed: [Bool]) {
        for index in table.nodes.indices where !removed[index] {
            let node = table.nodes[index]
            guard node.kind == .element, !node.flags.contains(.inline), !Self.unscored.contains(node.tag) else {
                continue
            }
            let characters = node.inline.characters
            guard characters >= (node.tag == "li" ? 100 : 25) else { continue }
            let points = 1 + Double(node.inline.commas) + min(Double(characters) / 100, 3)
            var ancestor = Int(node.parent)
            var level = 0
            while ancestor >= 0, level < 5 {
                if !table.nodes[ancestor].scored {
                    table.nodes[ancestor].scored = true
                    table.nodes[ancestor].score = initialScore(table.nodes[ancestor])
                }
                let divider = level == 0 ? 1 : level == 1 ? 2 : Double(level * 3)
                table.nodes[ancestor].score += points / divider
                ancestor = Int(table.nodes[ancestor].parent)
                level += 1
            }
        }
        for index in table.nodes.indices where table.nodes[index].scored {
            table.nodes[index].score *= 1 - table.nodes[index].linkDensity
        }
    }

    static let unscored: Set<TagName> = [
        "h1", "h2", "h3", "h4", "h5", "h6", "th", "caption", "figcaption", "dt", "nav", "html",
    ]

    private func initialScore(_ node: PageNode) -> Double {
        var score: Double
        switch node.tag {
        case "div", "article", "main": score = 5
        case "pre", "td", "blockquote": score = 3
        case "address", "ol", "ul", "dl", "dd", "dt", "li", "form": score = -3
        case "h1", "h2", "h3", "h4", "h5", "h6", "th": score = -5
        default: score = 0
        }
        if useHints { score += Double(node.hints.weight) }
        if node.articleBody { score += 25 }
        return score
    }

    /// Moves up from the best block to the container the page really uses: the ancestor shared by
    /// several near-best candidates, a parent that scores higher, or a parent that holds nothing else.
    private func climb(from start: Int, in table: PageTable) -> Int {
        let nodes = table.nodes
        var best = start
        let topScore = nodes[best].score
        var alternatives: [Int] = []
        for index in nodes.indices
        where nodes[index].scored && index != best && nodes[index].score >= topScore * 0.75 {
            alternatives.append(index)
            if alternatives.count > 64 { break }
        }
        if alternatives.count >= 3 {
            var ancestor = Int(nodes[best].parent)
            while ancestor >= 0, nodes[ancestor].tag != "body" {
                let range = ancestor..<Int(nodes[ancestor].end)
                if alternatives.filter({ range.contains($0) }).count >= 3 {
                    best = ancestor
                    break
                }
                ancestor = Int(nodes[ancestor].parent)
            }
        }
        var lastScore = nodes[best].score
        var parent = Int(nodes[best].parent)
        while parent >= 0, nodes[parent].tag != "body", nodes[parent].tag != "html" {
            if nodes[parent].scored {
                if nodes[parent].score < lastScore / 3 { break }
                if nodes[parent].score > lastScore {
                    best = parent
                    break
                }
                lastScore = nodes[parent].score
            }
            parent = Int(nodes[parent].parent)
        }
        while case let parent = Int(nodes[best].parent), parent >= 0, nodes[parent].tag != "body",
            nodes[parent].tag != "html", nodes[parent].text.characters == nodes[best].text.characters
        {
            best = parent
        }
        return best
    }

    /// The best container and those of its siblings that read like more of the same article.
    private func siblings(of best: Int, in table: PageTable, removed: [Bool]) -> [Int] {
        let nodes = table.nodes
        let parent = Int(nodes[best].parent)
        guard parent >= 0 else { return [best] }
        let threshold = max(10, nodes[best].score * 0.2)
        var chosen: [Int] = []
        var child = Int(nodes[parent].firstChild)
        while child >= 0 {
            defer { child = Int(nodes[child].nextSibling) }
            guard !removed[child] else { continue }
            let node = nodes[child]
            if child == best || (node.scored && node.score >= threshold) {
                chosen.append(child)
                continue
            }
            let paragraphLike = node.tag == "p" || node.inline.characters * 5 >= node.text.characters * 4
            guard paragraphLike, node.text.characters > 0 else { continue }
            let density = node.linkDensity
            if node.text.characters > 80 && density < 0.25
                || (density == 0 && node.text.sentenceEnds > 0)
            {
                chosen.append(child)
            }
        }
        return chosen
    }
}

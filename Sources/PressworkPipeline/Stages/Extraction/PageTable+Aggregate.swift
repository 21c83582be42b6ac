/// Which nodes an extraction attempt removes, and the subtree totals that remain.
extension PageTable {
    /// How much page furniture an attempt removes before scoring.
    enum Strictness: CaseIterable {
        /// Hidden nodes, furniture elements and roles, furniture class names, short bylines.
        case strict
        /// Hidden nodes and furniture elements and roles.
        case relaxed
        /// Hidden nodes only.
        case bare
    }

    /// Marks, in document order, the nodes removed at `strictness`: a node is removed with its parent or by
    /// its own marks. Furniture that holds half the page's text or more is kept (some pages wrap everything
    /// in one `<header>` or in a menu-named container).
    func removals(_ strictness: Strictness, pageCharacters: [Int]) -> [Bool] {
        var removed = [Bool](repeating: false, count: nodes.count)
        let page = max(pageCharacters.max() ?? 0, 1)
        for index in nodes.indices {
            let node = nodes[index]
            if node.parent >= 0, removed[Int(node.parent)] {
                removed[index] = true
                continue
            }
            guard node.kind == .element else { continue }
            if node.hidden {
                removed[index] = true
                continue
            }
            switch strictness {
            case .strict:
                let small = pageCharacters[index] * 2 < page
                removed[index] =
                    small
                    && (node.furniture || (node.hints.unlikely && !node.articleBody && !Self.roots.contains(node.tag)))
                    || (node.hints.byline && pageCharacters[index] < 300)
            case .relaxed:
                removed[index] = pageCharacters[index] * 2 < page && node.furniture
            case .bare:
                break
            }
        }
        return removed
    }

    /// Elements never removed for their class names.
    static let roots: Set<TagName> = ["html", "body", "main"]

    /// Fills the subtree totals of every node that is not removed, children before parents (one loop
    /// from the end), and each block's inline text from its text nodes.
    mutating func aggregate(removed: [Bool]) {
        for index in nodes.indices where nodes[index].kind == .element {
            nodes[index].inline = TextMeasure()
            nodes[index].inlineLinkCharacters = 0
            nodes[index].text = TextMeasure()
            nodes[index].linkCharacters = 0
            nodes[index].paragraphs = 0
            nodes[index].images = 0
            nodes[index].listItems = 0
            nodes[index].inputs = nodes[index].ownInputs
            nodes[index].tables = 0
            nodes[index].layoutBlocks = 0
            nodes[index].headerCells = 0
            nodes[index].linkedHeadings = 0
            nodes[index].score = 0
            nodes[index].scored = false
        }
        for index in nodes.indices.reversed() where !removed[index] {
            let node = nodes[index]
            guard node.parent >= 0 else { continue }
            let parent = Int(node.parent)
            if node.kind == .text {
                nodes[parent].text += node.inline
                nodes[parent].linkCharacters += node.inlineLinkCharacters
                nodes[Int(node.block)].inline += node.inline
                nodes[Int(node.block)].inlineLinkCharacters += node.inlineLinkCharacters
                continue
            }
            nodes[parent].text += node.text
            nodes[parent].linkCharacters += node.linkCharacters
            let flags = node.flags
            nodes[parent].paragraphs += node.paragraphs + (flags.contains(.paragraph) ? 1 : 0)
            nodes[parent].images += node.images + (flags.contains(.image) ? 1 : 0)
            nodes[parent].listItems += node.listItems + (flags.contains(.listItem) ? 1 : 0)
            nodes[parent].inputs += node.inputs
            nodes[parent].tables += node.tables + (flags.contains(.table) ? 1 : 0)
            nodes[parent].layoutBlocks += node.layoutBlocks + (flags.contains(.layoutBlock) ? 1 : 0)
            nodes[parent].headerCells += node.headerCells + (flags.contains(.headerCell) ? 1 : 0)
            let linkedHeading = flags.contains(.heading) && node.linkDensity > 0.5
            nodes[parent].linkedHeadings += node.linkedHeadings + (linkedHeading ? 1 : 0)
        }
    }
}

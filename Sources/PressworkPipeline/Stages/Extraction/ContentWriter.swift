/// Writes the chosen content as paragraphs and clean minimal HTML: `p`, `h2`–`h6`, `ul`/`ol`/`li`,
/// `blockquote`, `pre`, `figure`/`figcaption`, and `table`/`tr`/`td`/`th` for data tables; text escaped,
/// no attributes. Every block element and `<br>` ends a paragraph; whitespace is collapsed.
struct ContentWriter {
    struct Result {
        var paragraphs: [String] = []
        var html = ""
        /// Weighted characters written (see ``TextMeasure``).
        var characters = 0
        /// The part of ``characters`` inside links.
        var linkCharacters = 0
    }

    private struct Open {
        var end: Int
        var tag: String?
        var textual: Bool
        var block: Bool
        var opened = false
        var hadText = false
    }

    /// Weighted characters from which a block repeated later in the content is a copy of the first.
    static let repeatedCharacters = 100

    /// Writes the subtrees of `roots`, leaving out removed nodes and second copies of blocks.
    func write(_ table: PageTable, roots: [Int], removed: [Bool]) -> Result {
        var removed = removed
        Self.removeRepeats(table, roots: roots, removed: &removed)
        var result = Result()
        var stack: [Open] = []
        var buffer = ""

        func flush() {
            guard !buffer.isEmpty else { return }
            let text = Whitespace.collapse(buffer)
            buffer = ""
            guard
                text.unicodeScalars.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil })
            else { return }
            result.paragraphs.append(text)
            for index in stack.indices where stack[index].tag != nil && !stack[index].opened {
                result.html += "<\(stack[index].tag!)>"
                stack[index].opened = true
            }
            let escaped = ContentStage.escape(text)
            if let innermost = stack.lastIndex(where: { $0.tag != nil }), stack[innermost].textual,
                !stack[innermost].hadText
            {
                stack[innermost].hadText = true
                result.html += escaped
            } else {
                result.html += "<p>\(escaped)</p>\n"
            }
        }

        func close(until index: Int) {
            while let last = stack.last, last.end <= index {
                if last.block { flush() }
                let closing = stack.removeLast()
                if closing.opened, let tag = closing.tag { result.html += "</\(tag)>\n" }
            }
        }

        let nodes = table.nodes
        var dataTableEnd = -1
        for root in roots {
            var index = root
            let end = Int(nodes[root].end)
            while index < end {
                close(until: index)
                let node = nodes[index]
                if removed[index] {
                    index = max(Int(node.end), index + 1)
                    continue
                }
                index += 1
                if node.kind == .text {
                    if let content = node.pointer.pointee.content { buffer += String(cString: content) }
                    result.characters += node.inline.characters
                    result.linkCharacters += node.inlineLinkCharacters
                    continue
                }
                if node.tag == "br" {
                    flush()
                    continue
                }
                if node.tag == "table", node.isDataTable { dataTableEnd = Int(node.end) }
                let inDataTable = index <= dataTableEnd
                let block = !node.flags.contains(.inline)
                if block { flush() }
                let (tag, textual) = Self.output(node.tag.description, inDataTable: inDataTable)
                stack.append(Open(end: Int(node.end), tag: tag, textual: textual, block: block))
            }
            close(until: Int.max)
            flush()
        }
        return result
    }

    /// Responsive templates print the same description twice (one copy for phones, one for desktops, the
    /// other hidden by a style sheet the extractor never reads), and threads quote earlier posts whole:
    /// an element whose text, 100 weighted characters or more, equals an earlier element's outside it is
    /// a copy, and goes. Short repeats (table labels, "Reply") stay, and so does a paragraph repeated
    /// beside itself. Elements are keyed by their measured length, so texts are compared only when two
    /// lengths meet.
    static func removeRepeats(_ table: PageTable, roots: [Int], removed: inout [Bool]) {
        let nodes = table.nodes
        var firstOfLength: [Int: Int] = [:]
        // The last element compared and found no copy: an element inside it of the same length holds the
        // same text, so it is no copy either (this keeps deep wrappers from being compared level by level).
        var lastDifferent = (end: -1, characters: -1)
        for root in roots {
            var index = root
            while index < Int(nodes[root].end) {
                let node = nodes[index]
                guard !removed[index], node.kind == .element, node.text.characters >= repeatedCharacters else {
                    index = removed[index] ? max(Int(node.end), index + 1) : index + 1
                    continue
                }
                if let first = firstOfLength[node.text.characters] {
                    // A paragraph repeated beside itself is the text's own (a refrain, placeholder text).
                    let ownRepeat = nodes[first].parent == node.parent && node.paragraphs == 0 && node.listItems == 0
                    let known = index < lastDifferent.end && node.text.characters == lastDifferent.characters
                    if !ownRepeat, !known, Int(nodes[first].end) <= index {
                        if text(of: first, in: table, removed: removed) == text(of: index, in: table, removed: removed)
                        {
                            for inside in index..<Int(node.end) { removed[inside] = true }
                            index = Int(node.end)
                            continue
                        }
                        lastDifferent = (Int(node.end), node.text.characters)
                    }
                } else {
                    firstOfLength[node.text.characters] = index
                }
                index += 1
            }
        }
    }

    /// The subtree's kept text, whitespace collapsed.
    private static func text(of element: Int, in table: PageTable, removed: [Bool]) -> String {
        var text = ""
        var index = element
        while index < Int(table.nodes[element].end) {
            let node = table.nodes[index]
            if removed[index] {
                index = max(Int(node.end), index + 1)
                continue
            }
            if node.kind == .text, let content = node.pointer.pointee.content { text += String(cString: content) }
            index += 1
        }
        return Whitespace.collapse(text)
    }

    /// The output element for a page element, and whether text may sit directly in it.
    static func output(_ tag: String, inDataTable: Bool) -> (String?, Bool) {
        switch tag {
        case "p", "pre", "li", "figcaption", "h2", "h3", "h4", "h5", "h6": return (tag, true)
        case "h1": return ("h2", true)
        case "dt", "dd": return ("p", true)
        case "ul", "ol", "blockquote", "figure": return (tag, false)
        case "table", "tr": return inDataTable ? (tag, false) : (nil, false)
        case "td", "th", "caption": return inDataTable ? (tag, true) : (nil, false)
        default: return (nil, false)
        }
    }
}

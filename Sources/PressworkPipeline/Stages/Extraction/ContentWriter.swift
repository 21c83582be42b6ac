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

    /// Writes the subtrees of `roots`, leaving out removed nodes.
    func write(_ table: PageTable, roots: [Int], removed: [Bool]) -> Result {
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

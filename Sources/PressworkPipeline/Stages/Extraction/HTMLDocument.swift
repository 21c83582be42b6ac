import CLibXML2

/// The one place that owns libxml2 documents: parses, lends the tree to a closure, frees it.
///
/// The `xmlDocPtr` never escapes ``parse(_:_:)``, so no node pointer can outlive its document.
enum HTMLDocument {
    /// libxml2 sets up its global tables on first use, which is a data race when the first uses come from
    /// several threads at once; `xmlInitParser()` once, before any parse, avoids that. A global `let` is
    /// initialized exactly once, thread-safely.
    private static let parserInitialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// Recover from any tag soup, stay silent, never touch the network, and ignore `<meta charset>`: the
    /// text is already UTF-8 whatever the page declared.
    private static let options: Int32 = {
        let flags: [htmlParserOption] = [
            HTML_PARSE_RECOVER, HTML_PARSE_NOERROR, HTML_PARSE_NOWARNING, HTML_PARSE_NONET, HTML_PARSE_COMPACT,
            HTML_PARSE_IGNORE_ENC,
        ]
        return Int32(bitPattern: flags.reduce(0) { $0 | $1.rawValue })
    }()

    /// Parses HTML and calls `body` with the root element (nil for a document without one).
    static func parse<Result>(_ html: String, _ body: (xmlNodePtr?) -> Result) throws(PipelineError) -> Result {
        try parse(utf8: Array(html.utf8), body)
    }

    /// Parses UTF-8 HTML and calls `body` with the root element (nil for a document without one).
    static func parse<Result>(utf8 html: [UInt8], _ body: (xmlNodePtr?) -> Result) throws(PipelineError) -> Result {
        precondition(parserInitialized)
        let parsed: xmlDocPtr? = html.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count <= Int(Int32.max) else { return nil }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { characters in
                htmlReadMemory(characters, Int32(buffer.count), nil, "UTF-8", options)
            }
        }
        guard let document = parsed else {
            throw PipelineError(code: .parseFailure, message: "HTML parser produced no document")
        }
        defer { xmlFreeDoc(document) }
        return body(xmlDocGetRootElement(document))
    }

    /// The lowercased name of an element node.
    static func name(of node: xmlNodePtr) -> String {
        guard let name = node.pointee.name else { return "" }
        let text = String(cString: name)
        // libxml2's HTML parser already lowercases tag names; lowercase only when needed.
        return text.utf8.contains(where: { (0x41...0x5A).contains($0) }) ? text.lowercased() : text
    }

    /// Whether a NUL-terminated C name equals `name` (lowercase ASCII), ignoring ASCII case; no allocation.
    static func nameEquals(_ cName: UnsafePointer<xmlChar>, _ name: String) -> Bool {
        var index = 0
        for expected in name.utf8 {
            var byte = cName[index]
            if byte == 0 { return false }
            if (0x41...0x5A).contains(byte) { byte += 0x20 }
            if byte != expected { return false }
            index += 1
        }
        return cName[index] == 0
    }

    /// The value of an attribute, read from the node's attribute list (no allocation to free).
    static func attribute(_ attributeName: String, of node: xmlNodePtr) -> String? {
        var attribute = node.pointee.properties
        while let current = attribute {
            if let name = current.pointee.name, nameEquals(name, attributeName) {
                var value = ""
                var child = current.pointee.children
                while let text = child {
                    if let content = text.pointee.content { value += String(cString: content) }
                    child = text.pointee.next
                }
                return value
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// All text below a node, concatenated (scripts and styles included: callers pick safe nodes).
    static func textContent(of node: xmlNodePtr) -> String {
        var text = ""
        TreeWalker(root: node).walk { current in
            if isText(current), let content = current.pointee.content {
                text += String(cString: content)
            }
            return true
        } leave: { _ in
        }
        return text
    }

    /// Calls `visit` with every element below and including `root`, in document order, until it
    /// returns false.
    static func forEachElement(under root: xmlNodePtr, _ visit: (xmlNodePtr, String) -> Bool) {
        var going = true
        TreeWalker(root: root).walk { node in
            guard going else { return false }
            if node.pointee.type == XML_ELEMENT_NODE {
                going = visit(node, name(of: node))
            }
            return going
        } leave: { _ in
        }
    }

    static func isText(_ node: xmlNodePtr) -> Bool {
        node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE
    }
}

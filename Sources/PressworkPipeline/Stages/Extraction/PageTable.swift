import CLibXML2

/// A page flattened into ``PageNode``s in document order, built in one walk without recursion.
struct PageTable {
    var nodes: [PageNode] = []
    /// The `<title>` text, whitespace collapsed.
    var title = ""
    /// JSON-LD says `isAccessibleForFree: false` (the schema.org paywall markup).
    var paywallMarkup = false
    /// Hidden tab panels read as content (tabs the reader has not opened yet).
    var closedTabs: [Int32] = []

    /// Flattens the tree under `root`, measuring text, reading class, id, role and visibility.
    init(_ root: xmlNodePtr) {
        nodes.reserveCapacity(1024)
        var open: [Int32] = []
        var lastChild: [Int32] = []
        var names = ElementNames()
        var scratch = AttributeScratch()
        var blocks: [Int32] = []
        var links = 0
        // Characters of text seen so far, and at each open element's start: what a hidden element holds.
        var seen = 0
        var seenAtOpen: [Int] = []
        var hiddenText: [(index: Int32, characters: Int, hiding: Hiding)] = []
        var buttonsChecked = 0
        TreeWalker(root: root).walk { pointer in
            let parent = open.last ?? -1
            if HTMLDocument.isText(pointer) {
                guard let content = pointer.pointee.content, let block = blocks.last else { return false }
                var node = PageNode(pointer: pointer, kind: .text, tag: "", parent: parent, flags: [])
                node.inline = TextMeasure.measure(content)
                node.end = Int32(nodes.count + 1)
                node.block = block
                if links > 0 { node.inlineLinkCharacters = node.inline.characters }
                seen += node.inline.characters
                nodes.append(node)
                lastChild.append(-1)
                return false
            }
            guard pointer.pointee.type == XML_ELEMENT_NODE else { return false }
            var (name, tag, flags) = names.lookup(pointer)
            // Some sites serve the whole page for crawlers inside `<noscript>` (Discourse forums): a noscript
            // with real text is content; one with a tracking pixel or "enable JavaScript" is not.
            // When libxml2 kept a noscript's markup as text (`<img src=…>`), that text is not content either.
            if tag == "noscript", case let text = HTMLDocument.textContent(of: pointer),
                text.utf8.count >= Self.noscriptContentBytes, text.utf8.first(where: { $0 > 0x20 }) != 0x3C
            {
                flags.remove(.neverText)
            }
            // libxml2 cannot end an element whose end tag would close an open `<div>` inside it: a button
            // holding an unclosed `<div>` swallows the rest of the page (dotdash meredith's menu button).
            // A button holds phrasing content only, so one holding an article or a section is such a
            // mis-nesting, read as a plain container.
            if tag == "button", buttonsChecked < Self.maxButtonsChecked, pointer.pointee.children != nil {
                buttonsChecked += 1
                if Self.holdsFlowContent(pointer) { flags.remove([.neverText, .formControl]) }
            }
            if flags.contains(.neverText) {
                if flags.contains(.formControl), parent >= 0 { nodes[Int(parent)].ownInputs += 1 }
                inspectHidden(name, pointer)
                return false
            }
            let index = Int32(nodes.count)
            var node = PageNode(pointer: pointer, kind: .element, tag: tag, parent: parent, flags: flags)
            Self.readAttributes(of: pointer, into: &node, scratch: &scratch)
            if flags.contains(.furniture) { node.furniture = true }
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
            seenAtOpen.append(seen)
            if !flags.contains(.inline) || blocks.isEmpty { blocks.append(index) }
            if flags.contains(.anchor) { links += 1 }
            return true
        } leave: { pointer in
            guard pointer.pointee.type == XML_ELEMENT_NODE, let index = open.popLast() else { return }
            nodes[Int(index)].end = Int32(nodes.count)
            let start = seenAtOpen.removeLast()
            if nodes[Int(index)].hidden {
                hiddenText.append((index, seen - start, Self.hiding(pointer, hints: nodes[Int(index)].hints)))
            }
            if blocks.last == index { blocks.removeLast() }
            if nodes[Int(index)].flags.contains(.anchor) { links -= 1 }
        }
        while let index = open.popLast() {
            nodes[Int(index)].end = Int32(nodes.count)
            let start = seenAtOpen.removeLast()
            if nodes[Int(index)].hidden {
                let node = nodes[Int(index)]
                hiddenText.append((index, seen - start, Self.hiding(node.pointer, hints: node.hints)))
            }
        }
        // Hidden is not always invisible to readers. Pages rendered by streaming (React's
        // `<div hidden id="S:0">`) ship their text hidden for a script to move into place; single-page apps
        // and lock-down plugins cloak the page (`visibility:hidden`, `display:none`) until their scripts
        // run; `aria-hidden` marks collapsed panels (a product's details) as well as decoration. So an
        // element with the `hidden` attribute holding half of the page's text, one hidden by its style
        // holding 70 % of it, or an `aria-hidden` one holding a paragraph's worth (but not a third of the page:
        // that is a copy of the page behind an overlay, unless the page shows less than half as much: then it
        // is the page itself, set aside while a dialog is open), is read. React's streamed segments
        // (`<div hidden id="S:2e">`) are always read. Screen-reader text holding half the page is a page that
        // misuses the class, and is read too.
        let visible = hiddenText.contains { $0.hiding == .aria && $0.characters * 3 > seen } ? visibleCharacters() : 0
        for (index, characters, hiding) in hiddenText {
            let shown =
                switch hiding {
                case .attribute, .screenReader: characters * 2 >= seen
                case .streamed: true
                case .style: characters * 10 >= seen * 7
                case .aria:
                    characters >= Self.ariaHiddenCharacters && (characters * 3 <= seen || visible * 2 < characters)
                // A tab or an accordion panel the reader has not opened yet (documentation's code in
                // other languages, a product's specifications, a FAQ's answers) is content.
                case .tabPanel, .accordion: true
                }
            if shown && characters > 0 { nodes[Int(index)].hidden = false }
            if shown, hiding == .tabPanel { closedTabs.append(index) }
        }
        // The same mis-nesting leaves `<main>` inside a header or a menu: an element around the page's main
        // landmark is not furniture.
        // Each ancestor is cleared once, so nested `<main>`s cost no more than one.
        var cleared = [Bool](repeating: false, count: nodes.count)
        for index in nodes.indices where nodes[index].tag == "main" {
            var parent = nodes[index].parent
            while parent >= 0, !cleared[Int(parent)] {
                cleared[Int(parent)] = true
                nodes[Int(parent)].furniture = false
                nodes[Int(parent)].hints.unlikely = false
                parent = nodes[Int(parent)].parent
            }
        }
    }

    /// Whether an element holds a sectioning element (menus, headings and paragraphs are not enough: real
    /// buttons open menus and wrap their labels in anything).
    private static func holdsFlowContent(_ pointer: xmlNodePtr) -> Bool {
        var found = false
        var visited = 0
        HTMLDocument.forEachElement(under: pointer) { _, name in
            visited += 1
            found = Self.flowContent.contains(name)
            return !found && visited < Self.maxButtonElements
        }
        return found
    }

    /// Bounds on the swallowing-button check, so that a page of nested unclosed buttons stays linear:
    /// buttons checked per page, and elements looked at inside each (a swallowed `<main>` comes after the
    /// header's menus, well within it).
    static let maxButtonsChecked = 200
    static let maxButtonElements = 20_000

    private static let flowContent: Set<String> = ["main", "article", "section"]

    /// How an element is hidden: the `hidden` attribute, `aria-hidden`, or its style.
    enum Hiding { case attribute, streamed, aria, style, screenReader, tabPanel, accordion }

    /// Characters of text outside every hidden element.
    private func visibleCharacters() -> Int {
        var hiddenUp = [Bool](repeating: false, count: nodes.count)
        var total = 0
        for index in nodes.indices {
            let node = nodes[index]
            hiddenUp[index] = node.hidden || (node.parent >= 0 && hiddenUp[Int(node.parent)])
            if node.kind == .text, !hiddenUp[index] { total += node.inline.characters }
        }
        return total
    }

    private static func hiding(_ pointer: xmlNodePtr, hints: ClassHints) -> Hiding {
        if HTMLDocument.attribute("role", of: pointer)?.lowercased() == "tabpanel" { return .tabPanel }
        if hints.panel { return .accordion }
        if HTMLDocument.attribute("hidden", of: pointer) != nil {
            return HTMLDocument.attribute("id", of: pointer)?.hasPrefix("S:") == true ? .streamed : .attribute
        }
        if HTMLDocument.attribute("aria-hidden", of: pointer)?.lowercased() == "true",
            !(HTMLDocument.attribute("style", of: pointer) ?? "").lowercased().contains("none")
        {
            return .aria
        }
        if hints.screenReaderOnly, !(HTMLDocument.attribute("style", of: pointer) ?? "").lowercased().contains("none") {
            return .screenReader
        }
        return .style
    }

    /// Characters from which an `aria-hidden` element is a collapsed panel of text, not decoration.
    static let ariaHiddenCharacters = 200

    /// Bytes of text from which a `<noscript>` is read as content.
    static let noscriptContentBytes = 500

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
            HTMLDocument.attribute("type", of: pointer)?.lowercased().containsBytes("ld+json") == true
        {
            let json = HTMLDocument.textContent(of: pointer)
            let key = "isAccessibleForFree"
            if let offset = ByteSearch.offset(of: key, in: json) {
                let after = json.utf8.dropFirst(offset + key.utf8.count).prefix(16)
                paywallMarkup = String(decoding: after, as: UTF8.self).lowercased().containsBytes("false")
            }
        }
    }

    /// One pass over the attribute list, comparing names as bytes; values are read only as far as the
    /// hints need, into a buffer reused for every element.
    private static func readAttributes(
        of pointer: xmlNodePtr, into node: inout PageNode, scratch: inout AttributeScratch
    ) {
        var attribute = pointer.pointee.properties
        guard attribute != nil else { return }
        scratch.classAndId.removeAll(keepingCapacity: true)
        while let current = attribute {
            defer { attribute = current.pointee.next }
            guard let name = current.pointee.name else { continue }
            switch AttributeName(name) {
            case .classOrId:
                // A `<section>`'s id of several words is the anchor of its heading (`more-on-lists` in
                // Sphinx, MkDocs, Docusaurus), not a component's name.
                if node.tag == "section", HTMLDocument.nameEquals(name, "id") {
                    scratch.other.removeAll(keepingCapacity: true)
                    scratch.appendValue(of: current, limit: 256, to: \.other)
                    if scratch.other.count(where: { $0 == 0x2D || $0 == 0x5F }) >= 2 { continue }
                    scratch.classAndId.append(0x20)
                    scratch.classAndId.append(contentsOf: scratch.other)
                    continue
                }
                scratch.classAndId.append(0x20)
                scratch.appendValue(of: current, limit: 256, to: \.classAndId, skippingBrackets: true)
            case .hidden:
                node.hidden = true
            case .ariaHidden:
                if scratch.value(of: current, limit: 8) == "true" { node.hidden = true }
            case .style:
                scratch.other.removeAll(keepingCapacity: true)
                scratch.appendValue(of: current, limit: 512, to: \.other, droppingSpaces: true)
                if scratch.other.withUnsafeBufferPointer({ Self.hidingStyles.matches($0) }) { node.hidden = true }
            case .role:
                let role = scratch.value(of: current, limit: 32)
                if Tags.furnitureRoles.contains(role) { node.furniture = true }
                if role == "main" || role == "article" { node.articleBody = true }
            case .itemprop:
                if scratch.value(of: current, limit: 64).containsBytes("articlebody") { node.articleBody = true }
            case .other:
                break
            }
        }
        if !scratch.classAndId.isEmpty {
            node.hints = scratch.hints()
            if node.hints.screenReaderOnly { node.hidden = true }
        }
    }

    private static let hidingStyles = KeywordSet(["display:none", "visibility:hidden"])
}

/// Element names resolved to their string and ``TagFlags`` once per distinct name. libxml2's HTML parser
/// copies every name, so the key is the name's bytes packed into an integer (names of up to 8 bytes,
/// nearly all of HTML's); longer names are resolved each time.
struct ElementNames {
    private var known: [UInt64: (String, TagName, TagFlags)] = [:]

    mutating func lookup(_ node: xmlNodePtr) -> (name: String, tag: TagName, flags: TagFlags) {
        guard let pointer = node.pointee.name else { return ("", "", []) }
        var key: UInt64 = 0
        var length = 0
        while length <= 8, pointer[length] != 0 {
            if length < 8 { key |= UInt64(pointer[length]) << (8 * UInt64(length)) }
            length += 1
        }
        guard length <= 8 else { return Self.resolve(node) }
        if let found = known[key] { return found }
        let entry = Self.resolve(node)
        if known.count < 1024 { known[key] = entry }
        return entry
    }

    private static func resolve(_ node: xmlNodePtr) -> (String, TagName, TagFlags) {
        let name = HTMLDocument.name(of: node)
        return (name, TagName(name), TagFlags(name))
    }
}

/// The attributes the extractor reads, told apart by their packed bytes rather than by building strings.
enum AttributeName {
    case classOrId, hidden, ariaHidden, style, role, itemprop, other

    init(_ name: UnsafePointer<xmlChar>) {
        var key: UInt64 = 0
        var length = 0
        while name[length] != 0 {
            if length < 8 {
                key |=
                    UInt64(name[length] | (name[length] >= 0x41 && name[length] <= 0x5A ? 0x20 : 0))
                    << (8 * UInt64(length))
            }
            length += 1
            if length > 11 { break }
        }
        switch (key, length) {
        case (Self.packed("class"), 5), (Self.packed("id"), 2): self = .classOrId
        case (Self.packed("hidden"), 6): self = .hidden
        case (Self.packed("aria-hid"), 11): self = HTMLDocument.nameEquals(name, "aria-hidden") ? .ariaHidden : .other
        case (Self.packed("style"), 5): self = .style
        case (Self.packed("role"), 4): self = .role
        case (Self.packed("itemprop"), 8), (Self.packed("property"), 8): self = .itemprop
        default: self = .other
        }
    }

    /// Up to 8 bytes of an ASCII name, little-endian, as ``init(_:)`` packs them.
    private static func packed(_ name: StaticString) -> UInt64 {
        var key: UInt64 = 0
        for index in 0..<min(name.utf8CodeUnitCount, 8) { key |= UInt64(name.utf8Start[index]) << (8 * UInt64(index)) }
        return key
    }
}

/// Reusable buffers for attribute values, so reading them allocates once per page rather than per element.
struct AttributeScratch {
    var classAndId: [UInt8] = []
    var other: [UInt8] = []
    /// Hints by a 64-bit FNV-1a hash of the class-and-id bytes: pages repeat the same few class names
    /// thousands of times, and hashing them is cheaper than matching them. (Two distinct names of one page
    /// colliding is a chance of about one in 10^12.)
    private var knownHints: [UInt64: ClassHints] = [:]

    /// The hints of ``classAndId``.
    mutating func hints() -> ClassHints {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in classAndId { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        if let known = knownHints[hash] { return known }
        let hints = classAndId.withUnsafeBufferPointer { ClassHints(lowercased: $0) }
        if knownHints.count < 4096 { knownHints[hash] = hints }
        return hints
    }

    init() {
        classAndId.reserveCapacity(512)
        other.reserveCapacity(512)
    }

    /// Appends up to `limit` bytes of an attribute's value, ASCII-lowercased, to one of the buffers
    /// (``ClassNameFolder``, which `skippingBrackets` is passed to).
    mutating func appendValue(
        of attribute: xmlAttrPtr, limit: Int, to buffer: WritableKeyPath<AttributeScratch, [UInt8]>,
        droppingSpaces: Bool = false, skippingBrackets: Bool = false
    ) {
        var count = 0
        var folder = ClassNameFolder(skippingBrackets: skippingBrackets)
        var child = attribute.pointee.children
        while let text = child, count < limit {
            if let content = text.pointee.content {
                var index = 0
                while count < limit {
                    let byte = content[index]
                    if byte == 0 { break }
                    index += 1
                    if droppingSpaces && byte == 0x20 { continue }
                    self[keyPath: buffer].append(folder.fold(byte))
                    count += 1
                }
            }
            child = text.pointee.next
        }
    }

    /// Up to `limit` bytes of an attribute's value, ASCII-lowercased, as a string.
    mutating func value(of attribute: xmlAttrPtr, limit: Int) -> String {
        other.removeAll(keepingCapacity: true)
        appendValue(of: attribute, limit: limit, to: \.other)
        return String(decoding: other, as: UTF8.self)
    }
}

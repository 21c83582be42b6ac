import CLibXML2

/// One element or text node of a page, in document order, with what the extractor measured about it.
///
/// Kept in a flat array so that every pass over the page is a loop, never a recursion: children follow
/// their parent, and a node's subtree is the index range `index..<end`.
struct PageNode {
    enum Kind: UInt8 {
        case element, text
    }

    let pointer: xmlNodePtr
    let kind: Kind
    /// Lowercased element name; empty for text.
    let tag: TagName
    let parent: Int32
    /// For a text node: its nearest block ancestor, which its text counts for.
    var block: Int32 = -1
    /// One past the last node of the subtree.
    var end: Int32 = 0
    var firstChild: Int32 = -1
    var nextSibling: Int32 = -1
    var hints = ClassHints("")
    /// Never shown: `hidden`, `aria-hidden`, `display:none`, `visibility:hidden`.
    var hidden = false
    /// Page furniture by its element or role: nav, aside, footer, header, menus.
    var furniture = false
    /// `itemprop=articleBody` and the like.
    var articleBody = false

    /// Text whose nearest block ancestor is this element (for a text node: its own text).
    var inline = TextMeasure()
    /// The part of ``inline`` inside links.
    var inlineLinkCharacters = 0

    // Subtree totals, filled by `PageTable.aggregate(removed:)`.
    var text = TextMeasure()
    var linkCharacters = 0
    var paragraphs: Int32 = 0
    var images: Int32 = 0
    var listItems: Int32 = 0
    var inputs: Int32 = 0
    /// Form controls directly inside (they are never part of the table themselves).
    var ownInputs: Int32 = 0
    var tables: Int32 = 0
    var layoutBlocks: Int32 = 0
    var headerCells: Int32 = 0
    var linkedHeadings: Int32 = 0

    /// Content score, when the element is a candidate.
    var score: Double = 0
    var scored = false

    /// What the tag is, decided once so that the per-pass loops need no string hashing.
    let flags: TagFlags

    init(pointer: xmlNodePtr, kind: Kind, tag: TagName, parent: Int32, flags: TagFlags) {
        self.pointer = pointer
        self.kind = kind
        self.tag = tag
        self.parent = parent
        self.flags = flags
    }

    /// A table of data (no nested tables; header cells or no block layout in its cells).
    var isDataTable: Bool {
        tag == "table" && tables == 0 && (headerCells > 0 || layoutBlocks == 0)
    }

    /// Share of the subtree's text inside links.
    var linkDensity: Double {
        text.characters == 0 ? 0 : Double(linkCharacters) / Double(text.characters)
    }
}

/// Element names by role in extraction.
/// An element name stored inline (up to 16 bytes; HTML's names are shorter), so that ``PageNode`` holds no
/// reference and copying one is a plain memory copy.
struct TagName: Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    init(_ name: String) {
        for (index, byte) in name.utf8.prefix(16).enumerated() { set(byte, at: index) }
    }

    init(stringLiteral name: StaticString) {
        for index in 0..<min(name.utf8CodeUnitCount, 16) { set(name.utf8Start[index], at: index) }
    }

    private mutating func set(_ byte: UInt8, at index: Int) {
        if index < 8 {
            low |= UInt64(byte) << (8 * UInt64(index))
        } else {
            high |= UInt64(byte) << (8 * UInt64(index - 8))
        }
    }

    var description: String {
        var bytes: [UInt8] = []
        for word in [low, high] {
            for shift in stride(from: 0, to: 64, by: 8) where (word >> UInt64(shift)) & 0xFF != 0 {
                bytes.append(UInt8((word >> UInt64(shift)) & 0xFF))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// What an element name means to the extractor, as bits: decided once per name, so that the per-node
/// loops need no string hashing.
struct TagFlags: OptionSet {
    let rawValue: UInt16
    static let paragraph = TagFlags(rawValue: 1 << 0)
    static let image = TagFlags(rawValue: 1 << 1)
    static let listItem = TagFlags(rawValue: 1 << 2)
    static let table = TagFlags(rawValue: 1 << 3)
    static let headerCell = TagFlags(rawValue: 1 << 4)
    static let heading = TagFlags(rawValue: 1 << 5)
    static let layoutBlock = TagFlags(rawValue: 1 << 6)
    /// ``Tags/neverText``.
    static let neverText = TagFlags(rawValue: 1 << 7)
    /// `input`, `select`, `textarea`, `button`.
    static let formControl = TagFlags(rawValue: 1 << 8)
    /// ``Tags/furniture``.
    static let furniture = TagFlags(rawValue: 1 << 9)
    /// ``Tags/inline``.
    static let inline = TagFlags(rawValue: 1 << 10)
    static let anchor = TagFlags(rawValue: 1 << 11)
    /// ``Tags/cleanable``.
    static let cleanable = TagFlags(rawValue: 1 << 12)

    init(rawValue: UInt16) { self.rawValue = rawValue }

    init(_ tag: String) {
        var flags: TagFlags = []
        switch tag {
        case "p": flags.insert(.paragraph)
        case "img": flags.insert(.image)
        case "li": flags.insert(.listItem)
        case "table": flags.insert(.table)
        case "th": flags.insert(.headerCell)
        case "a": flags.insert(.anchor)
        case "input", "select", "textarea", "button": flags.insert(.formControl)
        default: break
        }
        if Tags.headings.contains(tag) { flags.insert(.heading) }
        if Tags.layoutBlocks.contains(tag) { flags.insert(.layoutBlock) }
        if Tags.neverText.contains(tag) { flags.insert(.neverText) }
        if Tags.furniture.contains(tag) { flags.insert(.furniture) }
        if Tags.inline.contains(tag) { flags.insert(.inline) }
        if Tags.cleanable.contains(tag) { flags.insert(.cleanable) }
        self = flags
    }
}

enum Tags {
    /// Content is never article text.
    static let neverText: Set<String> = [
        "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas",
        "button", "select", "textarea", "input", "video", "audio", "map", "dialog", "head", "title", "link", "meta",
    ]

    /// Inline elements: their text belongs to the nearest block around them.
    static let inline: Set<String> = [
        "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i", "img", "ins",
        "kbd", "label", "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time",
        "tt", "u", "var", "wbr", "br",
    ]

    /// Page furniture by element name.
    static let furniture: Set<String> = ["nav", "aside", "footer", "header", "menu"]

    /// Furniture by ARIA role.
    static let furnitureRoles: Set<String> = [
        "navigation", "complementary", "contentinfo", "banner", "menu", "menubar", "search", "dialog", "alertdialog",
    ]

    static let headings: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6"]

    /// Elements that may be cleaned out of the chosen content as a whole.
    static let cleanable: Set<String> = [
        "div", "section", "ul", "ol", "dl", "table", "form", "aside", "header", "center", "article", "fieldset",
    ]

    /// Blocks that make a table a layout table when found in its cells.
    static let layoutBlocks: Set<String> = [
        "div", "p", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "section", "article",
    ]
}

import CLibXML2

/// Stage 2 for web pages: the main content of a parsed page.
///
/// Not yet a main-content extractor: it drops what is never article text (scripts, styles, the head,
/// embedded frames) and the page furniture that is easiest to recognize (nav, header, footer, aside,
/// form), and turns every block element into a paragraph.
struct ContentStage: Sendable {
    /// What the page yields.
    struct Output: Sendable, Equatable {
        var paragraphs: [String]
        /// Clean minimal HTML of the content.
        var html: String
        /// `article`, `index`, `consent`, `paywall` or `error`.
        var pageType: String
    }

    func run(_ root: xmlNodePtr) -> Output {
        var paragraphs = ParagraphCollector(dropping: Self.droppedElements).collect(root)
        if !paragraphs.contains(where: { Whitespace.containsLetter($0) }) {
            // Some pages wrap everything in one <form> (ASP.NET) or <header>; keeping page furniture beats
            // returning nothing.
            paragraphs = ParagraphCollector(dropping: Self.neverTextElements).collect(root)
        }
        return Output(paragraphs: paragraphs, html: Self.html(paragraphs), pageType: "article")
    }

    /// The paragraphs as `<p>` elements, escaped.
    static func html(_ paragraphs: [String]) -> String {
        paragraphs.map { "<p>\(Self.escape($0))</p>" }.joined(separator: "\n")
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Elements whose content is never article text.
    static let neverTextElements: Set<String> = [
        "script", "style", "noscript", "template", "svg", "math", "iframe", "head", "object", "embed", "canvas",
        "button", "select", "textarea", "input", "video", "audio", "map", "dialog",
    ]

    /// ``neverTextElements`` plus the page furniture dropped until the main-content extractor lands.
    static let droppedElements: Set<String> = neverTextElements.union(["nav", "header", "footer", "aside", "form"])
}

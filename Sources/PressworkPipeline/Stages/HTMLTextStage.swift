import CLibXML2

/// Stage 2 for web pages: title and paragraphs from HTML, through libxml2's forgiving HTML parser.
///
/// Not yet a main-content extractor (that is its own issue): it drops what is never article text
/// (scripts, styles, the head, embedded frames) and the page furniture that is easiest to recognize
/// (nav, header, footer, aside, form), and turns every block element into a paragraph.
struct HTMLTextStage: Sendable {
    /// What the page yields.
    struct Output: Sendable, Equatable {
        var title: String
        var paragraphs: [String]
        /// The `lang` attribute of the root element, if any: a hint for language detection.
        var declaredLanguage: String?
    }

    func run(_ html: String) throws(PipelineError) -> Output {
        guard Whitespace.containsLetter(html) else {
            return Output(title: "", paragraphs: [], declaredLanguage: nil)
        }
        return try HTMLDocument.parse(html) { root in
            guard let root else { return Output(title: "", paragraphs: [], declaredLanguage: nil) }
            return Self.extract(root)
        }
    }

    private static func extract(_ root: xmlNodePtr) -> Output {
        let title = Self.title(root)
        var paragraphs = ParagraphCollector(dropping: Self.droppedElements).collect(root)
        if !paragraphs.contains(where: { Whitespace.containsLetter($0) }) {
            // Some pages wrap everything in one <form> (ASP.NET) or <header>; keeping page furniture beats
            // returning nothing.
            paragraphs = ParagraphCollector(dropping: Self.neverTextElements).collect(root)
        }
        if let first = paragraphs.first, first == title {
            paragraphs.removeFirst()
        }
        let language = HTMLDocument.attribute("lang", of: root) ?? HTMLDocument.attribute("xml:lang", of: root)
        let declaredLanguage = language.map { Whitespace.collapse($0) }.flatMap { $0.isEmpty ? nil : $0 }
        return Output(title: title, paragraphs: paragraphs, declaredLanguage: declaredLanguage)
    }

    /// `<title>`, else `og:title`, else the first `<h1>`.
    private static func title(_ root: xmlNodePtr) -> String {
        var titleText = ""
        var openGraphTitle = ""
        var firstHeading = ""
        HTMLDocument.forEachElement(under: root) { node, name in
            switch name {
            case "title" where titleText.isEmpty:
                titleText = Whitespace.collapse(HTMLDocument.textContent(of: node))
            case "meta" where openGraphTitle.isEmpty:
                let property = HTMLDocument.attribute("property", of: node) ?? HTMLDocument.attribute("name", of: node)
                if property?.lowercased() == "og:title", let content = HTMLDocument.attribute("content", of: node) {
                    openGraphTitle = Whitespace.collapse(content)
                }
            case "h1" where firstHeading.isEmpty:
                firstHeading = Whitespace.collapse(HTMLDocument.textContent(of: node))
            default:
                break
            }
            return titleText.isEmpty
        }
        if !titleText.isEmpty { return titleText }
        return openGraphTitle.isEmpty ? firstHeading : openGraphTitle
    }

    /// Elements whose content is never article text.
    static let neverTextElements: Set<String> = [
        "script", "style", "noscript", "template", "svg", "math", "iframe", "head", "object", "embed", "canvas",
        "button", "select", "textarea", "input", "video", "audio", "map", "dialog",
    ]

    /// ``neverTextElements`` plus the page furniture dropped until the main-content extractor lands.
    static let droppedElements: Set<String> = neverTextElements.union(["nav", "header", "footer", "aside", "form"])
}

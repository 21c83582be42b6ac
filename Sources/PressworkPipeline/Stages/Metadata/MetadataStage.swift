import CLibXML2
import Foundation

/// Stage 2 for web pages, beside ``ContentStage``: the facts around the article.
struct MetadataStage: Sendable {
    /// What the page says about itself.
    struct Output: Sendable, Equatable {
        var title = ""
        var authors: [String] = []
        var published: DateFact?
        var modified: DateFact?
        var siteName: String?
        var description: String?
        var canonicalUrl: String?
        var image: String?
        var section: String?
        var tags: [String] = []
        /// `<html lang>` (or `og:locale`): a hint for language detection.
        var declaredLanguage: String?
    }

    /// - Parameters:
    ///   - url: the page's URL, if known, to resolve relative links and read dates from.
    ///   - now: dates after this are rejected.
    func run(_ root: xmlNodePtr, url: String?, now: Date) -> Output {
        var output = Output()
        output.title = Self.title(root)
        let language = HTMLDocument.attribute("lang", of: root) ?? HTMLDocument.attribute("xml:lang", of: root)
        output.declaredLanguage = language.map { Whitespace.collapse($0) }.flatMap { $0.isEmpty ? nil : $0 }
        return output
    }

    /// `<title>`, else `og:title`, else the first `<h1>`.
    static func title(_ root: xmlNodePtr) -> String {
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
}

import Foundation

/// Finds the published and modified dates, best evidence first: JSON-LD, `<meta>`, `<time>`, the URL,
/// then dates written in date or byline elements. Dates after `now` are rejected.
struct DateChooser {
    let facts: PageFacts
    let linkedData: JSONLinkedData
    let url: String?
    let now: Date
    let dayFirst: Bool

    static let publishedMetas = [
        "article:published_time", "og:article:published_time", "article:published", "published_time",
        "datepublished", "date", "pubdate", "publishdate", "publish-date", "publish_date", "date_published",
        "dc.date.issued", "dcterms.issued", "dc.date", "dc:date", "dcterms.date", "dc.date.created",
        "dcterms.created", "parsely-pub-date", "sailthru.date", "article.published", "article_date_original",
        "original-publish-date", "published-date", "published_date", "publication_date", "citation_publication_date",
        "citation_date", "og:published_time",
        "cxenseparse:recs:publishtime", "displaydate", "dateline", "release_date",
    ]
    static let modifiedMetas = [
        "article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified", "last-modified",
        "dc.date.modified", "dcterms.modified", "article.updated", "modified_time", "lastmod",
    ]

    func published() -> DateFact? {
        if let fact = fact(linkedData.datePublished, source: "json-ld") { return fact }
        for key in Self.publishedMetas {
            for value in facts.metas[key] ?? [] {
                if let fact = fact(value, source: "meta") { return fact }
            }
        }
        if let fact = fact(facts.microdataPublished, source: "meta") { return fact }
        if let fact = timeElement() { return fact }
        for link in [url, facts.canonical, facts.meta("og:url")].compactMap({ $0 }) {
            if let date = MachineDate.fromURL(link), date.isPossible(before: now) {
                return DateFact(value: date.iso, source: "url")
            }
        }
        for node in facts.dateNodes + facts.bylineNodes where !MetadataDOM.isInFurniture(node) {
            guard let text = MetadataDOM.shortText(of: node, limit: 200),
                let date = TextDate.find(in: text, dayFirst: dayFirst), date.isPossible(before: now)
            else { continue }
            return DateFact(value: date.iso, source: "text")
        }
        // Nothing marked anywhere: a short line of only a date (with a word such as "Published" or
        // "Updated") next to the headline.
        for node in facts.aroundHeading where !MetadataDOM.isInFurniture(node) {
            guard let text = MetadataDOM.shortText(of: node, limit: Self.dateLineLimit),
                text.count <= Self.dateLineLimit, let date = TextDate.find(in: text, dayFirst: dayFirst),
                date.isPossible(before: now)
            else { continue }
            return DateFact(value: date.iso, source: "text")
        }
        return nil
    }

    /// Longest text read as a date line next to the headline (a sentence mentioning a date is longer).
    static let dateLineLimit = 60

    func modified() -> DateFact? {
        if let fact = fact(linkedData.dateModified, source: "json-ld") { return fact }
        for key in Self.modifiedMetas {
            for value in facts.metas[key] ?? [] {
                if let fact = fact(value, source: "meta") { return fact }
            }
        }
        return fact(facts.microdataModified, source: "meta")
    }

    /// `<time>` marked as the publication date (`pubdate`, `itemprop` or RDFa `property` naming it, a
    /// `published` class) wherever it sits, since article headers keep it beside share bars and in
    /// asides; else the first `<time>` outside page furniture.
    private func timeElement() -> DateFact? {
        let marked = facts.timeNodes.filter { node in
            HTMLDocument.attribute("pubdate", of: node) != nil
                || ["itemprop", "property", "class"].contains {
                    HTMLDocument.attribute($0, of: node)?.lowercased().containsBytes("published") ?? false
                }
        }
        let nodes = facts.timeNodes.filter { !MetadataDOM.isInFurniture($0) }
        for node in marked + nodes {
            if let value = HTMLDocument.attribute("datetime", of: node), let fact = fact(value, source: "time") {
                return fact
            }
            if let text = MetadataDOM.shortText(of: node, limit: 100),
                let date = TextDate.find(in: text, dayFirst: dayFirst),
                date.isPossible(before: now)
            {
                return DateFact(value: date.iso, source: "time")
            }
        }
        return nil
    }

    private func fact(_ value: String?, source: String) -> DateFact? {
        guard let value, let date = MachineDate.parse(value, dayFirst: dayFirst), date.isPossible(before: now) else {
            return nil
        }
        return DateFact(value: date.iso, source: source)
    }
}

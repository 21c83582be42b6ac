import Foundation

/// The article facts found in `<script type="application/ld+json">` blocks (schema.org).
struct JSONLinkedData: Sendable, Equatable {
    var headline: String?
    /// The article object's `name`, which some sites use instead of (or beside) `headline`.
    var name: String?
    var authors: [String] = []
    var datePublished: String?
    var dateModified: String?
    var publisher: String?
    var image: String?
    var section: String?
    var keywords: [String] = []
    var description: String?
    var url: String?
    /// `articleBody` (or a `text` of an article type), for pages whose markup holds no text.
    var articleBody: String?
    /// The first `Product`'s `description`: product pages often render it only from this data.
    var productDescription: String?
    /// Every schema.org `@type` on the page, lowercased (for the page-type decision).
    var types: Set<String> = []
    /// Whether the object the article fields come from is only a `WebPage` or `ItemPage`: SEO plugins
    /// describe every page so, with dates, so its dates are no sign of an article.
    var isGenericPage = false

    /// Schema.org types that describe the article itself, best first.
    static let articleTypes: [String] = [
        "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle", "article",
        "blogposting", "socialmediaposting", "liveblogposting", "report", "scholarlyarticle", "techarticle",
        "discussionforumposting", "question", "howto", "recipe", "webpage", "itempage",
    ]

    /// Largest script parsed; bigger blocks are skipped (no article needs megabytes of JSON-LD).
    static let maxScriptBytes = 4 << 20
    /// Deepest nesting followed.
    static let maxDepth = 24

    /// Reads every script; malformed JSON is ignored.
    init(scripts: [String]) {
        var objects: [[String: Any]] = []
        for script in scripts where script.utf8.count <= Self.maxScriptBytes {
            guard let data = Self.unwrapped(script).data(using: .utf8),
                let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            else { continue }
            Self.collect(json, depth: 0, into: &objects)
        }
        for object in objects {
            let objectTypes = Self.strings(object["@type"]).prefix(8).map { $0.lowercased() }
            types.formUnion(objectTypes)
            if productDescription == nil, objectTypes.contains("product") {
                productDescription = Self.strings(object["description"]).first.map(Self.clean)
            }
        }
        // The best article object: the earliest type in `articleTypes`, then document order.
        let ranked = objects.compactMap { object -> (rank: Int, object: [String: Any])? in
            let types = Self.strings(object["@type"]).map { $0.lowercased() }
            guard let rank = types.compactMap({ Self.articleTypes.firstIndex(of: $0) }).min() else { return nil }
            return (rank, object)
        }
        // Stable pick of the lowest rank.
        var best: [String: Any]?
        var bestRank = Int.max
        for candidate in ranked where candidate.rank < bestRank {
            best = candidate.object
            bestRank = candidate.rank
        }
        if let webpage = Self.articleTypes.firstIndex(of: "webpage"), bestRank >= webpage, bestRank != Int.max {
            isGenericPage = true
        }
        if let article = best {
            headline = Self.strings(article["headline"]).first
            name = Self.strings(article["name"]).first.map(Self.clean)
            // `{"@id": "…#/schema/person/1"}` points at a Person elsewhere in the `@graph` (Yoast and others).
            var byId: [String: [String: Any]] = [:]
            for object in objects {
                if let id = object["@id"] as? String, byId[id] == nil { byId[id] = object }
            }
            let resolve = { (value: Any?) -> Any? in Self.resolvingReferences(value, in: byId) }
            authors = Self.names(resolve(article["author"])) + (authorsOrNil(resolve(article["creator"])) ?? [])
            if authors.count > 1 { authors = Self.unique(authors) }
            datePublished = Self.strings(article["datePublished"]).first ?? Self.strings(article["dateCreated"]).first
            dateModified = Self.strings(article["dateModified"]).first
            publisher = Self.names(article["publisher"]).first
            image = Self.urls(article["image"]).first ?? Self.urls(article["thumbnailUrl"]).first
            section = Self.strings(article["articleSection"]).first
            keywords = Self.strings(article["keywords"]).flatMap { $0.split(separator: ",").map(String.init) }
            description = Self.strings(article["description"]).first
            url = Self.urls(article["url"]).first ?? Self.urls(article["mainEntityOfPage"]).first
            articleBody = Self.strings(article["articleBody"]).first ?? Self.strings(article["text"]).first
        }
        if publisher == nil {
            // A WebSite or Organization block names the site.
            for object in objects {
                let types = Self.strings(object["@type"]).map { $0.lowercased() }
                if types.contains("website") || types.contains("newsmediaorganization") {
                    publisher = Self.strings(object["name"]).first
                    if publisher != nil { break }
                }
            }
        }
        headline = headline.map(Self.clean).flatMap { $0.isEmpty ? nil : $0 }
        description = description.map(Self.clean).flatMap { $0.isEmpty ? nil : $0 }
        publisher = publisher.map(Self.clean).flatMap { $0.isEmpty ? nil : $0 }
        section = section.map(Self.clean).flatMap { $0.isEmpty ? nil : $0 }
        keywords = keywords.map(Self.clean).filter { !$0.isEmpty }
    }

    /// The JSON inside a script: without `<![CDATA[ … ]]>` or comment wrappers around it.
    static func unwrapped(_ script: String) -> Substring {
        var script = Substring(script)
        if let open = script.byteRange(of: "<![CDATA[") { script = script[open.upperBound...] }
        if let close = script.byteRange(of: "]]>", backwards: true) { script = script[..<close.lowerBound] }
        guard let start = script.firstIndex(where: { $0 == "{" || $0 == "[" }),
            let end = script.lastIndex(where: { $0 == "}" || $0 == "]" }), start <= end
        else { return "" }
        return script[start...end]
    }

    private func authorsOrNil(_ value: Any?) -> [String]? {
        let names = Self.names(value)
        return names.isEmpty ? nil : names
    }

    /// `value` with each `{"@id": …}` reference (an object with no name) replaced by the object it names.
    static func resolvingReferences(_ value: Any?, in byId: [String: [String: Any]]) -> Any? {
        switch value {
        case let array as [Any]:
            return array.map { resolvingReferences($0, in: byId) ?? $0 }
        case let object as [String: Any]:
            guard object["name"] == nil, object["givenName"] == nil, let id = object["@id"] as? String,
                let target = byId[id]
            else { return object }
            return target
        default:
            return value
        }
    }

    /// Every object in the JSON, in document order: top-level, arrays, `@graph`, and nested values.
    private static func collect(_ value: Any, depth: Int, into objects: inout [[String: Any]]) {
        guard depth < maxDepth, objects.count < 1000 else { return }
        if let array = value as? [Any] {
            for element in array { collect(element, depth: depth + 1, into: &objects) }
        } else if let object = value as? [String: Any] {
            if object["@type"] != nil { objects.append(object) }
            if let graph = object["@graph"] { collect(graph, depth: depth + 1, into: &objects) }
            for key in ["mainEntity", "mainEntityOfPage", "hasPart", "itemListElement", "about"] {
                if let nested = object[key] { collect(nested, depth: depth + 1, into: &objects) }
            }
        }
    }

    /// Strings from a string, a number, or an array of them.
    static func strings(_ value: Any?) -> [String] {
        switch value {
        case let string as String: return [string]
        case let array as [Any]: return array.flatMap { strings($0) }
        default: return []
        }
    }

    /// Names from a string, a `Person`/`Organization` object (`name`, else given + family name), or an array.
    static func names(_ value: Any?) -> [String] {
        switch value {
        case let string as String:
            return [clean(string)].filter { !$0.isEmpty }
        case let array as [Any]:
            return array.flatMap { names($0) }
        case let object as [String: Any]:
            if let name = strings(object["name"]).first.map(clean), !name.isEmpty { return [name] }
            let parts = [strings(object["givenName"]).first, strings(object["familyName"]).first].compactMap { $0 }
            let joined = clean(parts.joined(separator: " "))
            return joined.isEmpty ? [] : [joined]
        default:
            return []
        }
    }

    /// URLs from a string, an `ImageObject` (`url`, `contentUrl`, `@id`) or an array.
    static func urls(_ value: Any?) -> [String] {
        switch value {
        case let string as String:
            return [clean(string)].filter { !$0.isEmpty }
        case let array as [Any]:
            return array.flatMap { urls($0) }
        case let object as [String: Any]:
            return urls(object["url"]) + urls(object["contentUrl"]) + urls(object["@id"])
        default:
            return []
        }
    }

    static func clean(_ text: String) -> String {
        Whitespace.collapse(HTMLEntities.decode(text))
    }

    static func unique(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0.lowercased()).inserted }
    }
}

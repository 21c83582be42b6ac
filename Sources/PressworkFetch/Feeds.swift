import CLibXML2
import Foundation
import PressworkProtocol

/// One page a feed or sitemap lists, with what the listing says about it (hints for extraction).
public struct FeedEntry: Sendable, Hashable {
    /// Absolute `http(s)` URL of the page.
    public var url: String
    public var title: String?
    /// Publication date, ISO 8601 (`2024-05-01T08:30:00Z` or `2024-05-01`).
    public var published: String?
    public var author: String?
    /// Language code the listing declares (RSS `language`, Atom `xml:lang`, news sitemap `news:language`).
    public var language: String?

    public init(
        url: String, title: String? = nil, published: String? = nil, author: String? = nil, language: String? = nil
    ) {
        self.url = url
        self.title = title
        self.published = published
        self.author = author
        self.language = language
    }
}

/// A parsed feed (RSS 2.0, RSS 1.0, Atom) or sitemap (urlset, sitemap index, Google News sitemap).
public struct FeedDocument: Sendable {
    public enum Kind: String, Sendable {
        case rss, atom, urlset
        case sitemapIndex = "sitemap index"
    }

    public var kind: Kind
    /// The feed's own title, when it has one.
    public var title: String?
    /// The pages listed, in document order, each URL once.
    public var entries: [FeedEntry] = []
    /// A sitemap index's child sitemaps (absolute URLs).
    public var sitemaps: [String] = []
    /// Entries left out: no usable URL, not `http(s)`, too long, or over `FeedParser.maxEntries`.
    public var skipped = 0
}

/// Why a feed or sitemap could not be read.
public struct FeedError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reads feeds and sitemaps with libxml2's XML parser: no network access, no external entities, no DTD
/// loading (so no XXE), and libxml2's own guard against entity expansion bombs left on.
public enum FeedParser {
    /// The most entries taken from one document (the sitemap protocol allows 50,000).
    public static let maxEntries = 100_000
    /// The most bytes of a hint kept (a title, an author); longer ones are cut at a character boundary.
    public static let maxHintBytes = 1_024

    /// A plain-text sitemap (the protocol's other format): one absolute URL per line. Nil when `bytes` is not
    /// one (a line that is not an http(s) URL, or no URL at all).
    public static func parseTextSitemap(_ bytes: [UInt8], baseURL: String) -> FeedDocument? {
        var reader = Reader(base: URL(string: baseURL))
        reader.document = FeedDocument(kind: .urlset)
        for line in String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            let lower = text.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), !text.contains(" "),
                let url = reader.absolute(text)
            else { return nil }
            reader.add(FeedEntry(url: url))
        }
        return reader.document.entries.isEmpty ? nil : reader.document
    }

    /// The `Sitemap:` lines of a robots.txt, resolved against its URL.
    public static func sitemaps(inRobotsTxt bytes: [UInt8], baseURL: String) -> [String] {
        let reader = Reader(base: URL(string: baseURL))
        return String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).compactMap { line in
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "sitemap" else {
                return nil
            }
            return reader.absolute(parts[1].trimmingCharacters(in: .whitespaces))
        }
    }

    /// The feeds an HTML page announces (`<link rel="alternate" type="application/rss+xml" href=…>`, Atom
    /// too), resolved against `baseURL`, in page order.
    public static func discoverFeeds(inHTML bytes: [UInt8], baseURL: String) -> [String] {
        let htmlOptions = Int32(
            bitPattern: HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
                | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_RECOVER.rawValue)
        let parsed: htmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count <= Int(Int32.max) else { return nil }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(buffer.count), nil, nil, htmlOptions)
            }
        }
        guard let document = parsed else { return [] }
        defer { xmlFreeDoc(document) }
        let reader = Reader(base: URL(string: baseURL))
        var found: [String] = []
        func walk(_ node: xmlNodePtr, depth: Int) {
            guard depth < 64 else { return }
            for element in children(node) {
                if localName(element).lowercased() == "link",
                    attribute(element, "rel")?.lowercased().split(separator: " ").contains("alternate") == true,
                    let type = attribute(element, "type")?.lowercased(),
                    type.contains("rss") || type.contains("atom"),
                    let href = attribute(element, "href"), let url = reader.absolute(href), !found.contains(url)
                {
                    found.append(url)
                }
                walk(element, depth: depth + 1)
            }
        }
        if let root = xmlDocGetRootElement(document) { walk(root, depth: 0) }
        return found
    }

    private static let options: Int32 = {
        let flags: [xmlParserOption] = [
            XML_PARSE_NONET, XML_PARSE_NOERROR, XML_PARSE_NOWARNING, XML_PARSE_RECOVER, XML_PARSE_NOCDATA,
        ]
        return Int32(bitPattern: flags.reduce(0) { $0 | $1.rawValue })
    }()

    /// Parses `bytes` (gzip is decompressed first by the caller) fetched from `baseURL`, which relative
    /// links resolve against.
    public static func parse(_ bytes: [UInt8], baseURL: String) throws(FeedError) -> FeedDocument {
        let parsed: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count <= Int(Int32.max) else { return nil }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), nil, nil, options)
            }
        }
        guard let document = parsed else { throw FeedError("not XML: no feed or sitemap could be read") }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { throw FeedError("not XML: the document is empty") }
        let base = URL(string: baseURL)
        var reader = Reader(base: base)
        switch localName(root) {
        case "rss":
            let channel = children(root).first { localName($0) == "channel" }
            let language = channel.flatMap { child($0, "language") }.flatMap(text)
            reader.document = FeedDocument(kind: .rss, title: channel.flatMap { child($0, "title") }.flatMap(text))
            for item in channel.map(children) ?? [] where localName(item) == "item" {
                reader.rssItem(item, language: language)
            }
        case "RDF":
            // RSS 1.0: the items are the root's children, beside the channel.
            let channel = children(root).first { localName($0) == "channel" }
            reader.document = FeedDocument(kind: .rss, title: channel.flatMap { child($0, "title") }.flatMap(text))
            for item in children(root) where localName(item) == "item" {
                reader.rssItem(item, language: nil)
            }
        case "feed":
            reader.document = FeedDocument(kind: .atom, title: child(root, "title").flatMap(text))
            let language = attribute(root, "lang")
            for entry in children(root) where localName(entry) == "entry" {
                reader.atomEntry(entry, language: attribute(entry, "lang") ?? language)
            }
        case "urlset":
            reader.document = FeedDocument(kind: .urlset)
            for url in children(root) where localName(url) == "url" {
                reader.sitemapURL(url)
            }
        case "sitemapindex":
            reader.document = FeedDocument(kind: .sitemapIndex)
            for sitemap in children(root) where localName(sitemap) == "sitemap" {
                guard let location = child(sitemap, "loc").flatMap(text), let url = reader.absolute(location) else {
                    reader.document.skipped += 1
                    continue
                }
                if reader.document.sitemaps.count < maxEntries {
                    reader.document.sitemaps.append(url)
                } else {
                    reader.document.skipped += 1
                }
            }
        case let other:
            throw FeedError("not a feed or sitemap: the root element is <\(other.prefix(64))>")
        }
        return reader.document
    }

    /// Collects entries, each URL once.
    private struct Reader {
        let base: URL?
        var document = FeedDocument(kind: .rss)
        var seen: Set<String> = []

        mutating func add(_ entry: FeedEntry?) {
            guard let entry, document.entries.count < FeedParser.maxEntries else {
                document.skipped += 1
                return
            }
            if seen.insert(entry.url).inserted { document.entries.append(entry) }
        }

        /// An absolute `http(s)` URL from `text` resolved against the document's address.
        func absolute(_ text: String) -> String? {
            guard let url = URL(string: text, relativeTo: base)?.absoluteURL,
                let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil
            else { return nil }
            let absolute = url.absoluteString
            return absolute.utf8.count <= 8_192 ? absolute : nil
        }

        mutating func rssItem(_ item: xmlNodePtr, language: String?) {
            // FeedBurner's original link goes to the page itself, not through its redirector.
            var link = child(item, "origLink").flatMap(text) ?? child(item, "link").flatMap(text)
            if link == nil, let guid = child(item, "guid"), attribute(guid, "isPermaLink") != "false" {
                link = text(guid)
            }
            // RSS 1.0 names the page in rdf:about when it has no link.
            if link == nil { link = attribute(item, "about") }
            guard let url = link.flatMap(absolute) else {
                document.skipped += 1
                return
            }
            let date = (child(item, "pubDate") ?? child(item, "date") ?? child(item, "published")).flatMap(text)
            let author = (child(item, "creator") ?? child(item, "author")).flatMap(text).map(FeedParser.personName)
            add(
                FeedEntry(
                    url: url, title: child(item, "title").flatMap(text).map(FeedParser.plain),
                    published: date.flatMap(FeedDates.iso8601), author: author, language: language))
        }

        mutating func atomEntry(_ entry: xmlNodePtr, language: String?) {
            let links = children(entry).filter { localName($0) == "link" }
            // The alternate link (rel absent means alternate), an HTML one first.
            let alternates = links.filter { (attribute($0, "rel") ?? "alternate") == "alternate" }
            let chosen =
                alternates.first { attribute($0, "type")?.contains("html") == true } ?? alternates.first
                ?? links.first
            guard let href = chosen.flatMap({ attribute($0, "href") }), let url = absolute(href) else {
                document.skipped += 1
                return
            }
            let date = (child(entry, "published") ?? child(entry, "updated")).flatMap(text)
            let author = child(entry, "author").flatMap { child($0, "name") }.flatMap(text)
            add(
                FeedEntry(
                    url: url, title: child(entry, "title").flatMap(text).map(FeedParser.plain),
                    published: date.flatMap(FeedDates.iso8601), author: author.map(FeedParser.personName),
                    language: language))
        }

        mutating func sitemapURL(_ node: xmlNodePtr) {
            guard let location = child(node, "loc").flatMap(text), let url = absolute(location) else {
                document.skipped += 1
                return
            }
            // Google News sitemaps: <news:news> with the article's title, date and publication language.
            let news = child(node, "news")
            let publication = news.flatMap { child($0, "publication") }
            add(
                FeedEntry(
                    url: url, title: news.flatMap { child($0, "title") }.flatMap(text).map(FeedParser.plain),
                    published: news.flatMap { child($0, "publication_date") }.flatMap(text).flatMap(FeedDates.iso8601),
                    language: publication.flatMap { child($0, "language") }.flatMap(text)))
        }
    }

    // MARK: - Tree helpers (namespaces are matched by local name: feeds mix them freely)

    static func localName(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    static func children(_ node: xmlNodePtr) -> [xmlNodePtr] {
        var nodes: [xmlNodePtr] = []
        var current = node.pointee.children
        while let next = current {
            if next.pointee.type == XML_ELEMENT_NODE { nodes.append(next) }
            current = next.pointee.next
        }
        return nodes
    }

    static func child(_ node: xmlNodePtr, _ name: String) -> xmlNodePtr? {
        children(node).first { localName($0) == name }
    }

    /// An attribute by local name, in any namespace (`xml:lang`, `rdf:about`).
    static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        var property = node.pointee.properties
        while let current = property {
            if current.pointee.name.map({ String(cString: $0) }) == name,
                let value = xmlNodeGetContent(UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self))
            {
                defer { free(value) }
                let text = String(cString: value).trimmingCharacters(in: .whitespacesAndNewlines)
                return text.isEmpty ? nil : text
            }
            property = current.pointee.next
        }
        return nil
    }

    /// The element's text, whitespace trimmed; nil when empty.
    static func text(_ node: xmlNodePtr) -> String? {
        guard let content = xmlNodeGetContent(node) else { return nil }
        defer { free(content) }
        let text = String(cString: content).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : bounded(text)
    }

    /// Text with markup removed and whitespace collapsed: feed titles are often escaped HTML.
    static func plain(_ text: String) -> String {
        var output = ""
        var inTag = false
        for character in text {
            if character == "<" {
                inTag = true
            } else if character == ">" && inTag {
                inTag = false
            } else if !inTag {
                output.append(character)
            }
        }
        let collapsed = output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return collapsed.isEmpty ? text : collapsed
    }

    /// A person from RSS `author` (`jane@example.com (Jane Doe)` gives `Jane Doe`) or a plain name.
    static func personName(_ text: String) -> String {
        if let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close,
            text[..<open].contains("@")
        {
            let name = text[text.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
            if !name.isEmpty { return name }
        }
        return plain(text)
    }

    /// `text` cut to at most `maxBytes` UTF-8 bytes at a character boundary.
    public static func bounded(_ text: String, maxBytes: Int = maxHintBytes) -> String {
        guard text.utf8.count > maxBytes else { return text }
        var cut = ""
        for character in text {
            guard cut.utf8.count + character.utf8.count <= maxBytes else { break }
            cut.append(character)
        }
        return cut
    }
}

/// Feed dates to ISO 8601: RFC 822 (RSS `pubDate`, with the variants feeds really use) and W3C datetimes
/// (Atom, sitemaps, Dublin Core).
public enum FeedDates {
    /// `2024-05-01T08:30:00Z`, or `2024-05-01` for a date without time; nil when not a date.
    public static func iso8601(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil {
            return trimmed
        }
        if let date = w3c(trimmed) ?? rfc822(trimmed) { return output.string(from: date) }
        return nil
    }

    private static var output: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter
    }

    private static func w3c(_ text: String) -> Date? {
        if let seconds = Timestamp.parseISO8601(text) { return Date(timeIntervalSince1970: seconds) }
        // W3C allows minutes without seconds: 2024-05-01T08:30+02:00.
        return formatter("yyyy-MM-dd'T'HH:mmXXXXX").date(from: text)
    }

    private static func rfc822(_ text: String) -> Date? {
        // The weekday is optional and often wrong; drop it. "GMT", "UT", "+0000", "EST" and a missing zone occur.
        var rest = Substring(text)
        if let comma = rest.firstIndex(of: ","), rest.distance(from: rest.startIndex, to: comma) <= 10 {
            rest = rest[rest.index(after: comma)...]
        }
        let value = rest.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " UT", with: " GMT")
        for pattern in [
            "d MMM yyyy HH:mm:ss Z", "d MMM yyyy HH:mm:ss zzz", "d MMM yyyy HH:mm Z", "d MMM yyyy HH:mm:ss",
        ] {
            if let date = formatter(pattern).date(from: value) { return date }
        }
        return nil
    }

    private static func formatter(_ pattern: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = pattern
        return formatter
    }
}

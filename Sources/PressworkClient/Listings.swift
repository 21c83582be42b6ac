import Foundation
import PressworkFetch
import PressworkWARC

/// Feeds and sitemaps for `presswork submit --feed/--sitemap`: fetched by the client, expanded into the
/// pages they list, each a URL job for the workers. The listing's own fetch obeys the same address policy
/// as the workers' (no private addresses unless allowed), so a feed cannot point the client at an
/// intranet either.
public final class ListingReader {
    private let fetcher: Fetcher
    /// The most sitemaps one `--sitemap` expands into (an index of indexes included).
    public static let maxSitemaps = 1_000
    /// How deep sitemap indexes may nest (the protocol allows one level; some sites use more).
    public static let maxDepth = 3
    /// The largest listing accepted, decompressed (the sitemap protocol allows 50 MB).
    public static let maxBytes = 64 << 20

    public init(allowPrivateNetworks: Bool = false, userAgent: String? = nil) throws(ClientError) {
        var policy = FetchPolicy()
        policy.allowPrivateNetworks = allowPrivateNetworks
        policy.maxBytes = Self.maxBytes
        policy.totalTimeout = 60
        if let userAgent { policy.userAgent = userAgent }
        do {
            fetcher = try Fetcher(policy: policy)
        } catch {
            throw ClientError(.badInput, "cannot start fetching: \(error.message)")
        }
    }

    /// One poll of a feed.
    public struct Poll: Sendable {
        /// The feed's pages, newest as listed; empty when the feed has not changed.
        public var document: FeedDocument?
        /// To send with the next poll, so an unchanged feed costs a 304.
        public var validators: Validators
        /// The feed's own URL when the one asked for was a page that announces it (poll that from now on).
        public var discovered: String?
        public var notModified: Bool { document == nil }
    }

    /// Fetches and parses a feed (RSS or Atom; a sitemap given as a feed is read too).
    /// - Parameter validators: the previous poll's; a 304 answer gives a poll without a document.
    /// A web page instead of a feed is read for the feeds it announces, and the first of them is taken.
    public func feed(_ url: String, validators: Validators? = nil) throws(ClientError) -> Poll {
        let page = try fetch(url, validators: validators)
        let validators = Validators(etag: page.etag, lastModified: page.lastModified)
        if page.notModified { return Poll(document: nil, validators: validators) }
        do {
            return Poll(document: try parse(page, url: url), validators: validators)
        } catch {
            guard Fetcher.mediaType(page.contentType ?? "").contains("html"),
                let announced = FeedParser.discoverFeeds(inHTML: page.body, baseURL: page.finalURL).first,
                announced != url
            else { throw error }
            let feed = try fetch(announced, validators: nil)
            return Poll(
                document: try parse(feed, url: announced),
                validators: Validators(etag: feed.etag, lastModified: feed.lastModified), discovered: announced)
        }
    }

    /// Every page `url` lists: a urlset's pages, or an index's sitemaps' pages (recursively, each sitemap
    /// once). A child sitemap that cannot be read is told to `problem` and skipped; the others still count.
    /// - Throws: when `url` itself cannot be fetched or is not a sitemap or feed.
    public func sitemap(_ url: String, notice: (String) -> Void, problem: (String) -> Void) throws(ClientError)
        -> [FeedEntry]
    {
        var entries: [FeedEntry] = []
        var seenPages: Set<String> = []
        var visited: Set<String> = [url]
        var pending: [(url: String, depth: Int)] = [(url, 0)]
        // A site's address rather than a sitemap's: the sitemaps its robots.txt names, else /sitemap.xml.
        if let roots = try siteSitemaps(url, notice: notice) {
            pending = roots.map { ($0, 0) }
            visited = Set(roots)
        }
        var read = 0
        while !pending.isEmpty {
            let (next, depth) = pending.removeFirst()
            let document: FeedDocument
            do {
                document = try parse(try fetch(next, validators: nil), url: next)
            } catch {
                if next == url || (depth == 0 && pending.isEmpty && read == 0) { throw error }
                problem("\(next): \(error.message)")
                continue
            }
            read += 1
            if document.skipped > 0 { notice("\(next): \(document.skipped) entries without a usable URL skipped") }
            for entry in document.entries where seenPages.insert(entry.url).inserted {
                entries.append(entry)
            }
            for child in document.sitemaps where !visited.contains(child) {
                guard depth + 1 <= Self.maxDepth else {
                    problem("\(child): sitemap indexes nested deeper than \(Self.maxDepth) levels; not read")
                    continue
                }
                guard visited.count < Self.maxSitemaps else {
                    problem("\(url): more than \(Self.maxSitemaps) sitemaps; the rest are not read")
                    pending.removeAll()
                    break
                }
                visited.insert(child)
                pending.append((child, depth + 1))
            }
        }
        notice("\(url): \(entries.count) pages from \(read) sitemap(s)")
        return entries
    }

    /// For a URL with no path (`https://example.com` or `…/`): the `Sitemap:` lines of the site's robots.txt,
    /// or `/sitemap.xml` when it names none. Nil for any other URL (it names a sitemap itself).
    private func siteSitemaps(_ url: String, notice: (String) -> Void) throws(ClientError) -> [String]? {
        guard let parsed = URL(string: url), parsed.path.isEmpty || parsed.path == "/", parsed.query == nil,
            let robots = URL(string: "/robots.txt", relativeTo: parsed)?.absoluteString
        else { return nil }
        var found: [String] = []
        if case .success(let page) = fetcher.fetch(robots, acceptAnyType: true) {
            found = FeedParser.sitemaps(inRobotsTxt: page.body, baseURL: page.finalURL)
        }
        if found.isEmpty, let fallback = URL(string: "/sitemap.xml", relativeTo: parsed)?.absoluteString {
            found = [fallback]
        }
        notice("\(url): a site; reading its sitemaps \(found.joined(separator: ", "))")
        return Array(found.prefix(Self.maxSitemaps))
    }

    private func fetch(_ url: String, validators: Validators?) throws(ClientError) -> FetchedPage {
        switch fetcher.fetch(url, acceptAnyType: true, validators: validators) {
        case .success(let page): return page
        case .failure(let error): throw ClientError(.badInput, "\(url): \(error.message) (\(error.code))")
        }
    }

    private func parse(_ page: FetchedPage, url: String) throws(ClientError) -> FeedDocument {
        var body = page.body
        // `.xml.gz` files are usually served as application/gzip, not with a Content-Encoding libcurl undoes.
        if Gunzip.isGzip(body) {
            do {
                body = try Gunzip.decompress(body, maxBytes: Self.maxBytes)
            } catch {
                throw ClientError(.badInput, "\(url): \(error.message)")
            }
        }
        do {
            return try FeedParser.parse(body, baseURL: page.finalURL)
        } catch {
            if let text = FeedParser.parseTextSitemap(body, baseURL: page.finalURL) { return text }
            throw ClientError(.badInput, "\(url): \(error.message)")
        }
    }
}

extension ArticleInputs {
    /// A listing's pages as inputs, in the listing's order.
    public static func items(_ entries: [FeedEntry], listing: String) -> [Item] {
        entries.map { .listed($0, listing: listing) }
    }
}

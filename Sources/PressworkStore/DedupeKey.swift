import Foundation
import GRDB
import PressworkHashing
import PressworkProtocol

/// The keys `SUBMIT`'s `dedupe` compares articles by.
public enum DedupeKey {
    /// Query parameters that track a click, not name a page.
    static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid", "_ga", "ref_src",
    ]

    /// A URL as a page's identity: host in lower case without `www.` and without a default port, the path
    /// without a trailing slash, the query without tracking parameters (`utm_*`, `fbclid`, …) and without
    /// the fragment; `http` and `https` alike. Nil for what is not an http(s) URL with a host.
    public static func url(_ text: String) -> String? {
        guard var components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else { return nil }
        var key = SiteName.normalized(host)
        if let port = components.port, port != 80, port != 443 { key += ":\(port)" }
        var path = components.percentEncodedPath
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        key += path.isEmpty ? "/" : path
        components.queryItems = components.queryItems?.filter { item in
            let name = item.name.lowercased()
            return !name.hasPrefix("utm_") && !trackingParameters.contains(name)
        }
        if let query = components.percentEncodedQuery, !query.isEmpty { key += "?" + query }
        return key
    }

    /// The body's SHA-256, hex.
    public static func content(_ body: [UInt8]) -> String { SHA256.hex(ofBytes: body) }

    /// An article's content key: its body's hash; for a page still to be fetched (no body yet), the hash of
    /// its normalised URL, so that fetch jobs are not all duplicates of one empty body.
    public static func content(of article: ArticleMeta, body: [UInt8]) -> String {
        guard article.format == .fetch, let address = article.url else { return content(body) }
        return content(Array(("fetch " + (url(address) ?? address)).utf8))
    }

    /// The key of an article under `rule`, nil when it has none (no URL, no article id).
    public static func of(_ article: ArticleMeta, body: [UInt8], by rule: Submit.Dedupe) -> String? {
        switch rule {
        case .url: article.url.flatMap(url)
        case .articleId: article.articleId.flatMap { $0.isEmpty ? nil : $0 }
        case .content: content(of: article, body: body)
        }
    }

    static func column(_ rule: Submit.Dedupe) -> String {
        switch rule {
        case .url: "url_key"
        case .articleId: "article_id"
        case .content: "body_sha256"
        }
    }
}

extension JobStore {
    /// For each key, a job already stored or queued (done, queued or running; not dead, which a new
    /// submission is meant to retry) with that key under `rule`: the oldest such job.
    public func existingJobs(withKeys keys: [String], by rule: Submit.Dedupe) throws(StoreError) -> [String: String] {
        guard !keys.isEmpty else { return [:] }
        let column = DedupeKey.column(rule)
        return try read("look up duplicates") { db in
            var found: [String: String] = [:]
            // SQLite binds at most 32,766 variables; a SUBMIT holds at most 1,000 articles.
            for start in stride(from: 0, to: keys.count, by: 500) {
                let chunk = Array(keys[start..<min(keys.count, start + 500)])
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(column) AS key, id FROM jobs
                        WHERE \(column) IN (\(Array(repeating: "?", count: chunk.count).joined(separator: ", ")))
                        AND state IN ('queued', 'leased', 'done') ORDER BY seq
                        """, arguments: StatementArguments(chunk))
                for row in rows {
                    let key: String = row["key"]
                    if found[key] == nil { found[key] = row["id"] }
                }
            }
            return found
        }
    }
}

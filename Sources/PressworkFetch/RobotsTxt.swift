import Foundation

/// The rules of one robots.txt (RFC 9309) that apply to one crawler: the group naming its product token,
/// else the `*` group. A path is allowed unless its longest matching rule is a `Disallow`; on a tie `Allow`
/// wins. Rules may use `*` (any characters) and a final `$` (end of the path).
public struct RobotsTxt: Sendable, Equatable {
    public struct Rule: Sendable, Equatable {
        public var allow: Bool
        public var pattern: String
    }

    public private(set) var rules: [Rule]

    /// Everything allowed (no robots.txt, or a 4xx for it).
    public static let allowAll = RobotsTxt(rules: [])
    /// Nothing allowed (the server failed to answer for it: RFC 9309 says assume complete disallow).
    public static let disallowAll = RobotsTxt(rules: [Rule(allow: false, pattern: "/")])

    init(rules: [Rule]) { self.rules = rules }

    /// Parses `text` for the crawler whose product token is `agent` (e.g. `presswork`). Only the first
    /// 512 KiB are read, as the RFC allows; lines that are not rules are ignored.
    public init(parsing text: [UInt8], agent: String) {
        let body = String(decoding: text.prefix(512 * 1024), as: UTF8.self)
        let token = agent.lowercased()
        var groups: [(agents: [String], rules: [Rule])] = []
        var collectingAgents = false
        for rawLine in body.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "user-agent":
                // Consecutive user-agent lines name one group.
                if !collectingAgents || groups.isEmpty { groups.append(([], [])) }
                groups[groups.count - 1].agents.append(value.lowercased())
                collectingAgents = true
            case "allow", "disallow":
                collectingAgents = false
                guard !groups.isEmpty, !value.isEmpty else { continue }  // an empty Disallow allows all
                groups[groups.count - 1].rules.append(Rule(allow: key == "allow", pattern: value))
            default:
                continue
            }
        }
        let mine = groups.filter { $0.agents.contains { $0 == token || $0.hasPrefix(token + "/") } }
        let chosen = mine.isEmpty ? groups.filter { $0.agents.contains("*") } : mine
        rules = chosen.flatMap(\.rules)
    }

    /// Whether `path` (with its query, as in the request line) may be fetched.
    public func allows(_ path: String) -> Bool {
        var best: Rule?
        for rule in rules where Self.matches(rule.pattern, path) {
            if let current = best {
                if rule.pattern.count > current.pattern.count
                    || (rule.pattern.count == current.pattern.count && rule.allow)
                {
                    best = rule
                }
            } else {
                best = rule
            }
        }
        return best?.allow ?? true
    }

    /// `*` matches any run of characters; a `$` at the end anchors the pattern at the end of the path.
    static func matches(_ pattern: String, _ path: String) -> Bool {
        var pattern = Substring(pattern)
        let anchored = pattern.hasSuffix("$")
        if anchored { pattern = pattern.dropLast() }
        let pieces = pattern.split(separator: "*", omittingEmptySubsequences: false)
        var rest = Substring(path)
        guard let first = pieces.first, rest.hasPrefix(first) else { return false }
        rest = rest.dropFirst(first.count)
        guard pieces.count > 1 else { return !anchored || rest.isEmpty }
        for piece in pieces.dropFirst().dropLast() where !piece.isEmpty {
            guard let range = rest.range(of: piece) else { return false }
            rest = rest[range.upperBound...]
        }
        let last = pieces[pieces.count - 1]
        return anchored ? rest.hasSuffix(last) : (last.isEmpty || rest.range(of: last) != nil)
    }
}

/// robots.txt per site (scheme, host, port), fetched once and kept for an hour, for the jobs of one slot.
public final class RobotsCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: (robots: RobotsTxt, until: Date)] = [:]
    /// How long a robots.txt is trusted.
    static let lifetime: TimeInterval = 3_600
    /// Sites remembered at most; past that the cache starts over.
    static let capacity = 4_096

    public init() {}

    /// Whether `url` may be fetched under its site's robots.txt, fetched with `fetcher` when not known.
    /// - Returns: a `robots-unavailable` failure (retryable) when robots.txt could not be had for a reason that
    ///   may pass (a timeout, a 5xx, a 429): try later.
    public func allows(_ url: String, agent: String, using fetcher: Fetcher) -> Result<Bool, FetchError> {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host?.lowercased()
        else {
            return .failure(FetchError(code: "bad-url", message: "not a URL", retryable: false))
        }
        let site = "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
        var path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        if let query = components.percentEncodedQuery { path += "?" + query }
        lock.lock()
        let cached = entries[site].flatMap { $0.until > Date() ? $0.robots : nil }
        lock.unlock()
        if let cached { return .success(cached.allows(path)) }
        let robots: RobotsTxt
        switch fetcher.fetch(site + "/robots.txt", acceptAnyType: true) {
        case .success(let page): robots = RobotsTxt(parsing: page.body, agent: agent)
        case .failure(let error) where error.status.map({ (400...499).contains($0) && $0 != 429 }) == true:
            robots = .allowAll  // no robots.txt (429 is the server asking to wait: tried again later)
        case .failure(let error) where error.code == "private-address" || error.code == "bad-url":
            return .failure(error)
        case .failure(let error):
            return .failure(
                FetchError(
                    code: "robots-unavailable", message: "robots.txt could not be fetched (\(error.code))",
                    retryable: true, retryAfter: error.retryAfter))
        }
        lock.lock()
        if entries.count >= Self.capacity { entries.removeAll() }
        entries[site] = (robots, Date().addingTimeInterval(Self.lifetime))
        lock.unlock()
        return .success(robots.allows(path))
    }
}

import Foundation
import PressworkHTTP

/// Who may use the dashboard's job views and actions: the credentials of `--http-auth`, the address the
/// endpoint listens on, and the path prefix a reverse proxy adds (`--http-prefix`).
struct HTTPAccess: Sendable {
    /// Accepted `Authorization: Bearer` tokens.
    var tokens: [String] = []
    /// Accepted `Authorization: Basic` user:password pairs (as sent, before base64).
    var users: [String] = []
    /// Whether only this machine can connect.
    var loopback: Bool
    /// `/presswork` (no trailing slash), or empty.
    var prefix: String = ""

    var hasCredentials: Bool { !tokens.isEmpty || !users.isEmpty }

    /// Reads a credentials file: one `bearer TOKEN` or `USER:PASSWORD` per line; blank lines and `#` comments
    /// are skipped.
    static func credentials(fromFile path: String) throws(ConfigurationError) -> (tokens: [String], users: [String]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("cannot read the --http-auth file \(path)")
        }
        var tokens: [String] = []
        var users: [String] = []
        for (number, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.lowercased().hasPrefix("bearer ") {
                let token = line.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
                guard token.utf8.count >= 16, !token.contains(" ") else {
                    throw ConfigurationError("\(path):\(number + 1): a bearer token needs at least 16 characters")
                }
                tokens.append(token)
            } else if let colon = line.firstIndex(of: ":"), colon != line.startIndex,
                line.distance(from: colon, to: line.endIndex) > 8
            {
                users.append(line)
            } else {
                throw ConfigurationError(
                    "\(path):\(number + 1): expected `bearer TOKEN` or `USER:PASSWORD` (a password of 8 or more)")
            }
        }
        guard !tokens.isEmpty || !users.isEmpty else { throw ConfigurationError("\(path) holds no credentials") }
        return (tokens, users)
    }

    /// Whether the request carries accepted credentials.
    func isAuthenticated(_ request: HTTPRequestHead) -> Bool {
        guard let header = request.headers["authorization"] else { return false }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { return false }
        switch parts[0].lowercased() {
        case "bearer":
            let given = String(parts[1])
            return tokens.contains { Self.constantTimeEqual($0, given) }
        case "basic":
            guard let decoded = Data(base64Encoded: String(parts[1])),
                let given = String(data: decoded, encoding: .utf8)
            else { return false }
            return users.contains { Self.constantTimeEqual($0, given) }
        default:
            return false
        }
    }

    /// What a request for job data or an action lacks, or nil when it may go ahead.
    /// - Parameter action: whether it changes something (POST, DELETE).
    func refusal(of request: HTTPRequestHead, action: Bool) -> HTTPResponse? {
        if hasCredentials {
            guard isAuthenticated(request) else {
                return HTTPResponse(
                    status: 401, body: "credentials needed (--http-auth)\n",
                    extraHeaders: ["WWW-Authenticate: Basic realm=\"presswork\", charset=\"UTF-8\""])
            }
        } else if !loopback {
            return HTTPResponse(
                status: 403,
                body: "job data and actions off loopback need credentials: start the coordinator with --http-auth\n")
        }
        // A page on another site can make a browser send a form (and its credentials) here, but not a custom
        // header without this server's consent (CORS): every action must carry one.
        if action, request.headers["x-requested-with"]?.lowercased() != "presswork" {
            return HTTPResponse(status: 403, body: "actions need the header X-Requested-With: presswork\n")
        }
        return nil
    }

    /// The path below the prefix (`/presswork/api/jobs` → `/api/jobs`); nil for paths outside it.
    func route(_ path: String) -> String? {
        guard !prefix.isEmpty else { return path }
        if path == prefix { return "/" }
        guard path.hasPrefix(prefix + "/") else { return nil }
        return String(path.dropFirst(prefix.count))
    }

    /// Whether `prefix` is one a proxy can use: `/` followed by path segments of URL-safe characters.
    static func isValidPrefix(_ prefix: String) -> Bool {
        guard prefix.hasPrefix("/"), !prefix.hasSuffix("/"), prefix.utf8.count <= 128 else { return false }
        return prefix.dropFirst().split(separator: "/", omittingEmptySubsequences: false).allSatisfy { segment in
            !segment.isEmpty
                && segment.unicodeScalars.allSatisfy {
                    $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-._~".unicodeScalars.contains($0))
                }
        }
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }
}

import CCurl
import Foundation

/// How a page is fetched: limits, identity, and which networks it may reach.
public struct FetchPolicy: Sendable {
    /// Seconds to establish a connection (TCP and TLS), per attempt.
    public var connectTimeout = 10.0
    /// Seconds for the whole transfer, redirects included.
    public var totalTimeout = 30.0
    /// The largest body accepted, decoded; a larger one fails `too-large`.
    public var maxBytes = 32 << 20
    /// Redirects followed at most.
    public var maxRedirects = 5
    public var userAgent = "Presswork/0.1 (news article processing)"
    /// Loopback, private, link-local and other special addresses are refused unless this is set (intranet
    /// crawls, tests).
    public var allowPrivateNetworks = false
    /// Fetch even what the site's robots.txt disallows (`--ignore-robots`).
    public var ignoreRobots = false

    public init() {}

    /// The product token robots.txt groups are matched against: the User-Agent's first word, before any `/`.
    public var agentToken: String {
        let word = userAgent.split(whereSeparator: { $0 == "/" || $0 == " " }).first ?? "presswork"
        return word.lowercased()
    }
}

/// A page fetched with a 2xx status.
public struct FetchedPage: Sendable {
    public var status: Int
    /// The URL after redirects.
    public var finalURL: String
    /// The response's `Content-Type`, as sent (its `charset` is for extraction).
    public var contentType: String?
    public var body: [UInt8]
    /// When the response was complete (seconds since 1970) and how long the fetch took.
    public var fetchedAt: Double
    public var seconds: Double
    /// Redirects followed.
    public var redirects: Int
    /// The response's validators, for a conditional request next time (`ETag`, `Last-Modified`).
    public var etag: String?
    public var lastModified: String?
    /// The server answered 304 to a conditional request: nothing changed, and `body` is empty.
    public var notModified: Bool { status == 304 }
}

/// The validators of an earlier response, sent so an unchanged resource costs a 304.
public struct Validators: Sendable, Hashable {
    public var etag: String?
    public var lastModified: String?
    public init(etag: String? = nil, lastModified: String? = nil) {
        self.etag = etag
        self.lastModified = lastModified
    }
}

/// Why a page could not be fetched, and whether trying again later may help.
public struct FetchError: Error, Sendable, CustomStringConvertible {
    /// A stable code for the job's failure: `http-404`, `http-503`…, `not-html`, `private-address`, `bad-url`,
    /// `too-many-redirects`, `fetch-too-large`, `fetch-timeout`, `fetch-connection`, `fetch-tls`, `fetch-dns`.
    public var code: String
    public var message: String
    /// Timeouts, connection errors, 429 and 5xx: the job is retried; the rest fail at once.
    public var retryable: Bool
    /// Seconds the server asked to wait (`Retry-After`), when it did.
    public var retryAfter: Double?
    /// The HTTP status, when a response came.
    public var status: Int?

    public init(code: String, message: String, retryable: Bool, retryAfter: Double? = nil, status: Int? = nil) {
        self.code = code
        self.message = message
        self.retryable = retryable
        self.retryAfter = retryAfter
        self.status = status
    }

    public var description: String { "\(code): \(message)" }
}

/// Fetches pages over HTTP/1.1 or HTTP/2 with libcurl, one at a time (it is not thread-safe; use one per
/// thread). Only `http` and `https`, on the first request and on every redirect.
public final class Fetcher {
    public let policy: FetchPolicy
    private let handle: UnsafeMutableRawPointer

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    public init(policy: FetchPolicy = FetchPolicy()) throws(FetchError) {
        _ = Self.globalInit
        guard let handle = curl_easy_init() else {
            throw FetchError(code: "internal", message: "libcurl could not start", retryable: true)
        }
        self.policy = policy
        self.handle = handle
    }

    deinit { curl_easy_cleanup(handle) }

    /// Media types taken as articles.
    static let articleTypes: Set<String> = ["text/html", "application/xhtml+xml", "text/plain"]

    /// Fetches `url`, following redirects.
    /// - Parameters:
    ///   - acceptAnyType: take any content type (robots.txt, feeds), not only pages to extract.
    ///   - validators: an earlier response's; a 304 answer is then a success with `notModified`.
    public func fetch(_ url: String, acceptAnyType: Bool = false, validators: Validators? = nil)
        -> Result<FetchedPage, FetchError>
    {
        guard url.utf8.count <= 8_192, let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
            scheme == "http" || scheme == "https", parsed.host?.isEmpty == false
        else {
            return .failure(
                FetchError(code: "bad-url", message: "only http and https URLs can be fetched", retryable: false))
        }
        let transfer = Transfer(maxBytes: policy.maxBytes, allowPrivate: policy.allowPrivateNetworks)
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        curl_easy_reset(handle)
        configure(url: url, context: context)
        // Header values travel as lines; a CR or LF in a stored validator must not add a header.
        let conditional = [
            validators?.etag.map { "If-None-Match: \($0)" },
            validators?.lastModified.map { "If-Modified-Since: \($0)" },
        ].compactMap { $0 }.filter { !$0.contains(where: \.isNewline) && $0.utf8.count < 1_024 }
        var headers: UnsafeMutablePointer<curl_slist>?
        for line in conditional { headers = curl_slist_append(headers, line) }
        defer { curl_slist_free_all(headers) }
        if let headers { _ = pw_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headers)) }
        let started = Date()
        let code = curl_easy_perform(handle)
        let seconds = Date().timeIntervalSince(started)
        var status = 0
        _ = pw_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var redirects = 0
        _ = pw_curl_getinfo_long(handle, CURLINFO_REDIRECT_COUNT, &redirects)
        var effective: UnsafeMutablePointer<CChar>?
        _ = pw_curl_getinfo_string(handle, CURLINFO_EFFECTIVE_URL, &effective)
        let finalURL = effective.map { String(cString: $0) } ?? url
        var type: UnsafeMutablePointer<CChar>?
        _ = pw_curl_getinfo_string(handle, CURLINFO_CONTENT_TYPE, &type)
        let contentType = type.map { String(cString: $0) }

        if code != CURLE_OK {
            return .failure(transferError(code, transfer: transfer, seconds: seconds))
        }
        if status == 304, validators != nil {
            return .success(
                FetchedPage(
                    status: status, finalURL: finalURL, contentType: contentType, body: [],
                    fetchedAt: Date().timeIntervalSince1970, seconds: seconds, redirects: redirects,
                    etag: transfer.etag ?? validators?.etag,
                    lastModified: transfer.lastModified ?? validators?.lastModified))
        }
        if !(200...299).contains(status) {
            return .failure(httpError(status, retryAfter: transfer.retryAfter))
        }
        if !acceptAnyType, let contentType, !Self.articleTypes.contains(Self.mediaType(contentType)) {
            return .failure(
                FetchError(
                    code: "not-html", message: "\(Self.mediaType(contentType)) is not a page to extract",
                    retryable: false, status: status))
        }
        return .success(
            FetchedPage(
                status: status, finalURL: finalURL, contentType: contentType, body: transfer.body,
                fetchedAt: Date().timeIntervalSince1970, seconds: seconds, redirects: redirects, etag: transfer.etag,
                lastModified: transfer.lastModified))
    }

    private func configure(url: String, context: UnsafeMutableRawPointer) {
        _ = pw_curl_setopt_string(handle, CURLOPT_URL, url)
        _ = pw_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = pw_curl_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        _ = pw_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1)
        _ = pw_curl_setopt_long(handle, CURLOPT_MAXREDIRS, policy.maxRedirects)
        _ = pw_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(policy.connectTimeout * 1_000))
        _ = pw_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(policy.totalTimeout * 1_000))
        _ = pw_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = pw_curl_setopt_string(handle, CURLOPT_USERAGENT, policy.userAgent)
        // Every encoding this libcurl decodes (gzip, deflate, br, zstd).
        _ = pw_curl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")
        // No proxy from the environment: the address check must see the server itself.
        _ = pw_curl_setopt_string(handle, CURLOPT_PROXY, "")
        _ = pw_curl_setopt_offset(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(policy.maxBytes))
        _ = pw_curl_setopt_write(handle, CURLOPT_WRITEFUNCTION, Transfer.write)
        _ = pw_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        _ = pw_curl_setopt_write(handle, CURLOPT_HEADERFUNCTION, Transfer.header)
        _ = pw_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
        _ = pw_curl_setopt_opensocket(handle, Transfer.openSocket)
        _ = pw_curl_setopt_pointer(handle, CURLOPT_OPENSOCKETDATA, context)
    }

    private func transferError(_ code: CURLcode, transfer: Transfer, seconds: Double) -> FetchError {
        let reason = String(cString: curl_easy_strerror(code))
        if transfer.refusedAddress {
            return FetchError(
                code: "private-address",
                message:
                    "the URL resolves to a loopback, private or special address (allow with --allow-private-networks)",
                retryable: false)
        }
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return FetchError(
                code: "fetch-timeout", message: "no complete answer within \(policy.totalTimeout) s", retryable: true)
        case CURLE_TOO_MANY_REDIRECTS:
            return FetchError(
                code: "too-many-redirects", message: "more than \(policy.maxRedirects) redirects", retryable: false)
        case CURLE_FILESIZE_EXCEEDED,
            CURLE_WRITE_ERROR where transfer.tooLarge:
            return FetchError(
                code: "fetch-too-large", message: "the page is over \(policy.maxBytes) bytes", retryable: false)
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return FetchError(code: "bad-url", message: reason, retryable: false)
        case CURLE_COULDNT_RESOLVE_HOST:
            return FetchError(code: "fetch-dns", message: reason, retryable: true)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM:
            return FetchError(code: "fetch-tls", message: reason, retryable: false)
        default:
            return FetchError(code: "fetch-connection", message: reason, retryable: true)
        }
    }

    private func httpError(_ status: Int, retryAfter: Double?) -> FetchError {
        let retryable = status == 429 || status == 408 || (500...599).contains(status)
        return FetchError(
            code: "http-\(status)", message: "the server answered HTTP \(status)", retryable: retryable,
            retryAfter: retryable ? retryAfter : nil, status: status)
    }

    /// `text/html` from `Text/HTML; charset=utf-8`.
    public static func mediaType(_ contentType: String) -> String {
        contentType.split(separator: ";", maxSplits: 1).first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
    }

    /// Seconds from a `Retry-After` value: a number of seconds or an HTTP date; at most a day.
    static func retryAfterSeconds(_ value: String, now: Date = Date()) -> Double? {
        let text = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if let seconds = Double(text), seconds >= 0 { return min(seconds, 86_400) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return min(max(0, date.timeIntervalSince(now)), 86_400)
    }
}

/// One transfer's state, reached from libcurl's C callbacks through their user pointer.
final class Transfer {
    let maxBytes: Int
    let allowPrivate: Bool
    var body: [UInt8] = []
    var tooLarge = false
    var refusedAddress = false
    var retryAfter: Double?
    var etag: String?
    var lastModified: String?

    init(maxBytes: Int, allowPrivate: Bool) {
        self.maxBytes = maxBytes
        self.allowPrivate = allowPrivate
    }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> Transfer? {
        pointer.map { Unmanaged<Transfer>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Body bytes (decoded); more than `maxBytes` aborts the transfer (a server may omit or lie about the size).
    static let write: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        data, size, count, context in
        guard let transfer = Transfer.from(context), let data else { return 0 }
        let length = size * count
        guard transfer.body.count + length <= transfer.maxBytes else {
            transfer.tooLarge = true
            return 0
        }
        data.withMemoryRebound(to: UInt8.self, capacity: length) {
            transfer.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
        }
        return length
    }

    /// Header lines: only `Retry-After` is kept. Each response of a redirect chain starts anew.
    static let header: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        data, size, count, context in
        let length = size * count
        guard let transfer = Transfer.from(context), let data, length < 16_384 else { return length }
        let line = data.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
        if line.hasPrefix("HTTP/") {
            transfer.retryAfter = nil
            transfer.etag = nil
            transfer.lastModified = nil
            transfer.body.removeAll()
        } else if line.lowercased().hasPrefix("retry-after:") {
            transfer.retryAfter = Fetcher.retryAfterSeconds(String(line.dropFirst("retry-after:".count)))
        } else if let value = Transfer.value(of: "etag:", in: line) {
            transfer.etag = value
        } else if let value = Transfer.value(of: "last-modified:", in: line) {
            transfer.lastModified = value
        }
        return length
    }

    /// The trimmed value of a header line named `name` (lower case, with its colon), nil for other lines or
    /// values that are empty or too long to keep.
    static func value(of name: String, in line: String) -> String? {
        guard line.lowercased().hasPrefix(name) else { return nil }
        let value = line.dropFirst(name.count).trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty || value.utf8.count > 512 ? nil : value
    }

    /// Every connection libcurl opens (the first and each redirect's), after DNS: refused for special
    /// addresses unless allowed.
    static let openSocket:
        @convention(c) (UnsafeMutableRawPointer?, curlsocktype, UnsafeMutablePointer<curl_sockaddr>?)
            -> curl_socket_t = { context, _, address in
                guard let transfer = Transfer.from(context), let address else { return CURL_SOCKET_BAD }
                let allowed = withUnsafePointer(to: &address.pointee.addr) { pointer in
                    transfer.allowPrivate || AddressPolicy.isAllowed(pointer, length: Int(address.pointee.addrlen))
                }
                guard allowed else {
                    transfer.refusedAddress = true
                    return CURL_SOCKET_BAD
                }
                return socket(address.pointee.family, address.pointee.socktype, address.pointee.protocol)
            }
}

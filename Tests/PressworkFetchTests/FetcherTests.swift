import Foundation
import PressworkFetch
import PressworkTestSupport
import Testing

/// Fetches against a real HTTP server on loopback (so with private networks allowed, except where refusal is
/// what is tested).
@Suite("Fetcher: pages over HTTP with libcurl")
struct FetcherTests {
    static let page = "<html><head><title>Tram</title></head><body><p>The council approved the tram.</p></body></html>"

    static func server() throws -> LocalHTTPServer {
        try LocalHTTPServer { path in
            switch path {
            case "/page": return .html(page)
            case "/latin1":
                return .init(
                    headers: [("Content-Type", "text/html; charset=ISO-8859-1")], body: [0x63, 0x61, 0x66, 0xE9])
            case "/hop1": return .redirect(to: "/hop2", status: 301)
            case "/hop2": return .redirect(to: "/page")
            case "/loop": return .redirect(to: "/loop")
            case "/gone": return .init(status: 410)
            case "/busy": return .init(status: 503, headers: [("Retry-After", "7")])
            case "/limit": return .init(status: 429, headers: [("Retry-After", "Wed, 21 Oct 2099 07:28:00 GMT")])
            case "/slow": return .init(headers: [("Content-Type", "text/html")], body: Array(page.utf8), delay: 3)
            case "/pdf": return .init(headers: [("Content-Type", "application/pdf")], body: Array("%PDF-1.4".utf8))
            case "/big":
                return .init(headers: [("Content-Type", "text/html")], body: [UInt8](repeating: 0x61, count: 200_000))
            case "/to-ftp": return .redirect(to: "ftp://127.0.0.1/file")
            case "/gzip":
                return .init(
                    headers: [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], body: gzipped(page))
            default: return .init(status: 404)
            }
        }
    }

    /// `text` compressed by the system's gzip.
    static func gzipped(_ text: String) -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        guard (try? process.run()) != nil else { return [] }
        input.fileHandleForWriting.write(Data(text.utf8))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](data)
    }

    static func fetcher(allowPrivate: Bool = true, timeout: Double = 30, maxBytes: Int = 32 << 20) throws -> Fetcher {
        var policy = FetchPolicy()
        policy.allowPrivateNetworks = allowPrivate
        policy.totalTimeout = timeout
        policy.maxBytes = maxBytes
        policy.userAgent = "PressworkTest/1"
        return try Fetcher(policy: policy)
    }

    @Test("a page, its content type and final URL after two redirects; the User-Agent is sent")
    func pageAndRedirects() throws {
        let server = try Self.server()
        let fetcher = try Self.fetcher()
        let page = try fetcher.fetch(server.url("/hop1")).get()
        #expect(page.status == 200 && page.body == Array(Self.page.utf8))
        #expect(page.finalURL == server.url("/page"))
        #expect(page.redirects == 2)
        #expect(page.contentType == "text/html; charset=utf-8")
        #expect(server.requests.allSatisfy { $0.headers.contains("User-Agent: PressworkTest/1") })
        let gzipped = try fetcher.fetch(server.url("/gzip")).get()
        #expect(gzipped.body == Array(Self.page.utf8), "gzip is decoded")
        #expect(server.requests.last?.headers.contains("Accept-Encoding:") == true)
        let latin = try fetcher.fetch(server.url("/latin1")).get()
        #expect(latin.contentType?.contains("ISO-8859-1") == true && latin.body == [0x63, 0x61, 0x66, 0xE9])
    }

    @Test("404 and 410 fail at once; 503 and 429 are retried with Retry-After; a PDF is not a page")
    func statuses() throws {
        let server = try Self.server()
        let fetcher = try Self.fetcher()
        func error(_ path: String) -> FetchError? {
            if case .failure(let error) = fetcher.fetch(server.url(path)) { return error }
            return nil
        }
        #expect(error("/missing").map { ($0.code, $0.retryable) } ?? ("", true) == ("http-404", false))
        #expect(error("/gone").map { ($0.code, $0.retryable) } ?? ("", true) == ("http-410", false))
        let busy = error("/busy")
        #expect(busy?.code == "http-503" && busy?.retryable == true && busy?.retryAfter == 7)
        let limited = error("/limit")
        #expect(limited?.code == "http-429" && limited?.retryable == true && limited?.retryAfter == 86_400)
        #expect(error("/pdf").map { ($0.code, $0.retryable) } ?? ("", true) == ("not-html", false))
    }

    @Test("a redirect loop, a redirect to ftp, a slow answer and an oversized body are clear failures")
    func limits() throws {
        let server = try Self.server()
        let loop = try Self.fetcher().fetch(server.url("/loop"))
        #expect((try? loop.get()) == nil)
        if case .failure(let error) = loop { #expect(error.code == "too-many-redirects" && !error.retryable) }
        if case .failure(let error) = try Self.fetcher().fetch(server.url("/to-ftp")) {
            #expect(error.code == "bad-url" && !error.retryable, "\(error)")
        } else {
            Issue.record("a redirect to ftp was followed")
        }
        if case .failure(let error) = try Self.fetcher(timeout: 1).fetch(server.url("/slow")) {
            #expect(error.code == "fetch-timeout" && error.retryable, "\(error)")
        } else {
            Issue.record("the slow answer was waited for")
        }
        if case .failure(let error) = try Self.fetcher(maxBytes: 100_000).fetch(server.url("/big")) {
            #expect(error.code == "fetch-too-large" && !error.retryable, "\(error)")
        } else {
            Issue.record("the big body was taken")
        }
        for url in ["file:///etc/passwd", "ftp://example.com/x", "gopher://x", "http://", "not a url"] {
            if case .failure(let error) = try Self.fetcher().fetch(url) {
                #expect(error.code == "bad-url", "\(url): \(error)")
            } else {
                Issue.record("\(url) was fetched")
            }
        }
    }

    @Test("without --allow-private-networks, loopback is refused after DNS, by address and by name")
    func privateAddresses() throws {
        let server = try Self.server()
        let fetcher = try Self.fetcher(allowPrivate: false)
        for url in [server.url("/page"), "http://localhost:\(server.port)/page", "http://[::1]:\(server.port)/page"] {
            if case .failure(let error) = fetcher.fetch(url) {
                #expect(error.code == "private-address" && !error.retryable, "\(url): \(error)")
            } else {
                Issue.record("\(url) was fetched")
            }
        }
        #expect(server.requests.isEmpty, "nothing reached the server")
    }

    @Test("the address policy: private, loopback, link-local, mapped and documentation ranges; public ones pass")
    func addressPolicy() {
        for special in [
            [127, 0, 0, 1], [10, 1, 2, 3], [172, 31, 0, 1], [192, 168, 1, 1], [169, 254, 169, 254],
            [100, 64, 0, 1], [0, 0, 0, 0], [224, 0, 0, 1], [255, 255, 255, 255], [198, 18, 0, 1],
        ] as [[UInt8]] {
            #expect(AddressPolicy.isSpecial(ipv4: special), "\(special)")
        }
        for public4 in [[8, 8, 8, 8], [93, 184, 216, 34], [172, 32, 0, 1], [100, 128, 0, 1]] as [[UInt8]] {
            #expect(!AddressPolicy.isSpecial(ipv4: public4), "\(public4)")
        }
        func v6(_ head: [UInt8], _ tail: [UInt8] = []) -> [UInt8] {
            head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
        }
        #expect(AddressPolicy.isSpecial(ipv6: v6([], [1])))  // ::1
        #expect(AddressPolicy.isSpecial(ipv6: v6([0xFE, 0x80])))
        #expect(AddressPolicy.isSpecial(ipv6: v6([0xFD, 0x00])))
        #expect(AddressPolicy.isSpecial(ipv6: v6([0xFF, 0x02])))
        #expect(AddressPolicy.isSpecial(ipv6: v6([], [0xFF, 0xFF, 127, 0, 0, 1])))  // ::ffff:127.0.0.1
        #expect(AddressPolicy.isSpecial(ipv6: v6([0x20, 0x02, 10, 0, 0, 1])))  // 6to4 of 10.0.0.1
        #expect(AddressPolicy.isSpecial(ipv6: v6([0x20, 0x01, 0x0D, 0xB8])))
        #expect(!AddressPolicy.isSpecial(ipv6: v6([0x26, 0x06, 0x47, 0x00], [0x11])))
        #expect(!AddressPolicy.isSpecial(ipv6: v6([], [0xFF, 0xFF, 8, 8, 8, 8])))
    }
}

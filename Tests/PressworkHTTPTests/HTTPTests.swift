import PressworkTestSupport
import Testing

@testable import PressworkHTTP

@Suite("HTTP: Prometheus text and the request head")
struct HTTPTests {
    @Test(
        "label values escape backslash, double quote and line feed",
        arguments: [
            ("plain", "plain"), (#"a\b"#, #"a\\b"#), (#"say "hi""#, #"say \"hi\""#), ("two\nlines", #"two\nlines"#),
            ("ünïcode", "ünïcode"),
        ])
    func escaping(raw: String, escaped: String) {
        #expect(PrometheusText.escapeLabelValue(raw) == escaped)
        var text = PrometheusText()
        text.sample("presswork_x", [("worker", raw)], 1)
        #expect(text.text == "presswork_x{worker=\"\(escaped)\"} 1\n")
        #expect(throws: Never.self) { try PrometheusExposition(parsing: "# TYPE presswork_x gauge\n" + text.text) }
    }

    @Test("values: integers bare, fractions as decimals, infinities and NaN spelled the Prometheus way")
    func values() {
        #expect(PrometheusText.format(3) == "3")
        #expect(PrometheusText.format(0.25) == "0.25")
        #expect(PrometheusText.format(.infinity) == "+Inf")
        #expect(PrometheusText.format(-.infinity) == "-Inf")
        #expect(PrometheusText.format(.nan) == "NaN")
    }

    @Test("request heads: complete, incomplete, malformed, oversized")
    func requestHeads() {
        #expect(
            HTTPRequestHead.parse(Array("GET /metrics?x=1&q=a+b%21&flag HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
                == .request(
                    .init(
                        method: "GET", path: "/metrics", query: ["x": "1", "q": "a b!", "flag": ""],
                        headers: ["host": "a"])))
        let post = "POST /api/x HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n"
        #expect(HTTPRequestHead.parse(Array((post + "{\"a\":").utf8)) == .incomplete, "the body is awaited")
        #expect(
            HTTPRequestHead.parse(Array((post + "{\"a\": 12}").utf8))
                == .request(
                    .init(
                        method: "POST", path: "/api/x",
                        headers: ["content-type": "application/json", "content-length": "9"],
                        body: Array("{\"a\": 12}".utf8))))
        #expect(
            HTTPRequestHead.parse(Array("POST / HTTP/1.1\r\nContent-Length: 999999999\r\n\r\n".utf8)) == .tooLarge)
        #expect(
            HTTPRequestHead.parse(Array("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n".utf8))
                != .incomplete)
        #expect(
            HTTPRequestHead.parse(Array("POST /healthz HTTP/1.0\n\n".utf8))
                == .request(.init(method: "POST", path: "/healthz")))
        #expect(HTTPRequestHead.parse(Array("GET / HTTP/1.1\r\nno colon\r\n\r\n".utf8)) != .incomplete)
        #expect(HTTPRequestHead.parse(Array("GET /metrics HTTP/1.1\r\nHost:".utf8)) == .incomplete)
        for bad in [
            "GET\r\n\r\n", "GET /x\r\n\r\n", "get /x HTTP/1.1\r\n\r\n", "GET x HTTP/1.1\r\n\r\n", "GET /x SPDY\r\n\r\n",
        ] {
            guard case .invalid = HTTPRequestHead.parse(Array(bad.utf8)) else {
                Issue.record("accepted \(bad.debugDescription)")
                continue
            }
        }
        guard
            case .invalid = HTTPRequestHead.parse(
                Array("GET / HTTP/1.1\r\nX: \(String(repeating: "a", count: 9000))".utf8))
        else {
            Issue.record("accepted an oversized head")
            return
        }
    }
}

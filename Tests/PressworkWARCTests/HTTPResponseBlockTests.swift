import PressworkWARC
import Testing

@Suite("HTTPResponseBlock: status, head fields and body of a response record")
struct HTTPResponseBlockTests {
    @Test("Status, fields in any case, body, charset and HTML")
    func plainBody() throws {
        let block = Samples.httpResponse(Samples.html, contentType: "text/HTML; Charset=\"ISO-8859-1\"")
        let response = try #require(HTTPResponseBlock(parsing: block))
        #expect(response.status == 200)
        #expect(response.reason == "OK")
        #expect(response.headers["content-length"] == String(Samples.html.count))
        #expect(response.body == Samples.html)
        #expect(!response.wasDechunked)
        #expect(response.charset == "iso-8859-1")
        #expect(response.mediaType == "text/html")
        #expect(response.isHTML)
    }

    @Test("A chunked body is de-chunked; one that does not parse as chunks is kept raw")
    func chunked() throws {
        let head = "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\nContent-Type: application/xhtml+xml\r\n\r\n"
        let chunks = "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nX-Trailer: 1\r\n\r\n"
        let response = try #require(HTTPResponseBlock(parsing: Array((head + chunks).utf8)))
        #expect(response.status == 404)
        #expect(response.body == Array("hello, world".utf8))
        #expect(response.wasDechunked)
        #expect(response.isHTML)
        #expect(response.charset == nil)

        // Declared chunked but already de-chunked by the crawler, or cut short: kept as stored.
        for raw in ["<html>already plain</html>", "5\r\nhel", "-5\r\nhello\r\n0\r\n\r\n"] {
            let kept = try #require(HTTPResponseBlock(parsing: Array((head + raw).utf8)))
            #expect(kept.body == Array(raw.utf8))
            #expect(!kept.wasDechunked)
        }
    }

    @Test("Not an HTTP response, or a malformed head: nil, never a crash")
    func malformed() {
        #expect(HTTPResponseBlock(parsing: Array("GET / HTTP/1.1\r\n\r\n".utf8)) == nil)
        #expect(HTTPResponseBlock(parsing: Array("HTTP/1.1 2OO OK\r\n\r\n".utf8)) == nil)
        #expect(HTTPResponseBlock(parsing: Array("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n".utf8)) == nil)
        #expect(HTTPResponseBlock(parsing: Array("HTTP/1.1 200 OK\r\nA: b\r\n".utf8)) == nil)
        #expect(HTTPResponseBlock(parsing: []) == nil)
        let many = (0...HTTPResponseBlock.maxFields).map { "X-\($0): v\r\n" }.joined()
        #expect(HTTPResponseBlock(parsing: Array(("HTTP/1.1 200 OK\r\n" + many + "\r\n").utf8)) == nil)
        let folds = "X: v" + String(repeating: "\r\n v", count: HTTPResponseBlock.maxFields)
        #expect(HTTPResponseBlock(parsing: Array(("HTTP/1.1 200 OK\r\n" + folds + "\r\n\r\n").utf8)) == nil)
        let folded = HTTPResponseBlock(parsing: Array("HTTP/1.1 200 OK\r\nX: a\r\n\tb\r\n\r\nbody".utf8))
        #expect(folded?.headers["x"] == "a b")
        #expect(folded?.body == Array("body".utf8))
        let long = "HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: HTTPResponseBlock.maxLineBytes + 1)
        #expect(HTTPResponseBlock(parsing: Array((long + "\r\n\r\n").utf8)) == nil)
        let bare = HTTPResponseBlock(parsing: Array("HTTP/1.0 204\n\n".utf8))
        #expect(bare?.status == 204)
        #expect(bare?.body == [])
    }

    @Test("A response record read from a file parses")
    func fromRecord() throws {
        let directory = try TemporaryDirectory()
        var writer = WARCFileWriter(gzip: true)
        for record in Samples.mixed() { writer.append(record) }
        let path = directory.file("http.warc.gz")
        try writer.write(to: path)
        let responses = try WARCReader(path: path).all().records.filter { $0.type == "response" }
        let parsed = responses.compactMap(\.httpResponse)
        #expect(parsed.count == 2)
        #expect(parsed.map(\.isHTML) == [true, false])
        #expect(parsed.first?.charset == "utf-8")
        #expect(parsed.first?.body == Samples.html)
        // Only response records of application/http have one.
        let records = try WARCReader(path: path).all().records
        #expect(records.filter { $0.httpResponse != nil }.map(\.recordID) == responses.map(\.recordID))
    }
}

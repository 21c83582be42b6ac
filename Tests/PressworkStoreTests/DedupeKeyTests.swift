import PressworkProtocol
import PressworkStore
import Testing

@Suite("Dedupe keys: the same page under another spelling, and the jobs that already have it")
struct DedupeKeyTests {
    @Test(
        "URLs that name the same page share a key",
        arguments: [
            ("https://www.Example.com/news/a/", "example.com/news/a"),
            ("http://example.com:80/news/a?utm_source=x&utm_medium=y#top", "example.com/news/a"),
            ("https://example.com/news/a?id=7&fbclid=abc", "example.com/news/a?id=7"),
            ("https://example.com", "example.com/"),
            ("https://example.com:8443/a", "example.com:8443/a"),
            ("https://новости.kz/мост", "новости.kz/%D0%BC%D0%BE%D1%81%D1%82"),
        ])
    func urlKeys(url: String, key: String) {
        #expect(DedupeKey.url(url) == key)
    }

    @Test("What is not an http(s) URL with a host has no key")
    func noKey() {
        for text in ["ftp://example.com/a", "not a url", "", "/relative/path", "https://"] {
            #expect(DedupeKey.url(text) == nil, "\(text)")
        }
    }

    @Test("Existing jobs are found by URL, article id or content; dead jobs are not duplicates")
    func existingJobs() throws {
        try withStore { (store) throws in
            func job(_ id: String, url: String?, articleId: String?, body: String) -> JournalChange {
                .insert(
                    NewJob(
                        id: id, article: ArticleMeta(articleId: articleId, source: id, url: url),
                        body: Array(body.utf8), maxAttempts: 1))
            }
            try store.apply(
                [
                    job("j1", url: "https://example.com/a", articleId: "a-1", body: "one"),
                    job("j2", url: "https://example.com/b", articleId: "a-2", body: "two"),
                    job("j3", url: "https://example.com/a?utm_source=feed", articleId: nil, body: "one"),
                ], now: Clock.at(0))
            try store.apply([.dead(job: "j2", error: nil)], now: Clock.at(1))
            let urls = try store.existingJobs(
                withKeys: ["example.com/a", "example.com/b", "example.com/c"], by: .url)
            #expect(urls == ["example.com/a": "j1"])
            #expect(try store.existingJobs(withKeys: ["a-1", "a-2"], by: .articleId) == ["a-1": "j1"])
            let one = DedupeKey.content(Array("one".utf8))
            #expect(try store.existingJobs(withKeys: [one], by: .content) == [one: "j1"])
            #expect(try store.existingJobs(withKeys: [], by: .content).isEmpty)
        }
    }

    @Test("a page still to be fetched has its URL's content key, not the empty body's")
    func fetchJobs() {
        func page(_ url: String) -> ArticleMeta { ArticleMeta(source: url, url: url, format: .fetch) }
        let empty = DedupeKey.content([])
        let a = DedupeKey.content(of: page("https://example.com/a"), body: [])
        #expect(a != empty)
        #expect(a != DedupeKey.content(of: page("https://example.com/b"), body: []))
        #expect(a == DedupeKey.content(of: page("https://EXAMPLE.com/a?utm_source=feed"), body: []))
        let file = ArticleMeta(source: "a.html", url: "https://example.com/a", format: .html)
        #expect(DedupeKey.content(of: file, body: Array("x".utf8)) == DedupeKey.content(Array("x".utf8)))
        #expect(DedupeKey.of(page("https://example.com/a"), body: [], by: .content) == a)
    }
}

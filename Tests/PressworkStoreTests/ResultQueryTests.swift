import Foundation
import PressworkProtocol
import Testing

@testable import PressworkStore

@Suite("Result queries: filters, their combinations, search in any script, cursors")
struct ResultQueryTests {
    struct Doc {
        var number: Int
        var url: String?
        var lang: String
        var pageType = "article"
        var siteName: String?
        var published: String?
        var title: String
        var text: String
        var batch: String?
        var storedAt: Double

        var document: [UInt8] {
            var object: [String: Any] = [
                "id": "j\(number)", "language": ["code": lang], "pageType": pageType, "title": title, "text": text,
            ]
            if let siteName { object["siteName"] = siteName }
            if let published { object["published"] = ["value": published, "source": "meta"] }
            return [UInt8](try! JSONSerialization.data(withJSONObject: object))
        }
    }

    static let docs: [Doc] = [
        Doc(
            number: 1, url: "https://www.inform.kz/ru/a1", lang: "kk", siteName: "Kazinform", published: "2026-12-01",
            title: "Астанада жаңа көпір ашылды", text: "Қала әкімдігі жаңа көпірді пайдалануға берді.", batch: "b1",
            storedAt: Clock.at(0)),
        Doc(
            number: 2, url: "https://news.example.com/x", lang: "en", published: "2026-12-03T22:15:00Z",
            title: "Harbour reopens", text: "The harbour reopened on Monday after a week of storms.", batch: "b1",
            storedAt: Clock.at(100)),
        Doc(
            number: 3, url: "https://example.org/y", lang: "zh", siteName: "新华网", published: "2026-12-05",
            title: "北京市发布新政策", text: "北京市政府今天发布了新的交通政策。", batch: "b2", storedAt: Clock.at(200)),
        Doc(
            number: 4, url: nil, lang: "en", pageType: "forum", title: "Storms thread",
            text: "Anyone else lose power in the storms?", batch: nil, storedAt: Clock.at(300)),
    ]

    static func withResults(_ body: (JobStore) throws -> Void) throws {
        try withStore { (store) throws in
            for doc in docs {
                let article = ArticleMeta(source: "d\(doc.number)", url: doc.url, format: .html)
                try store.apply(
                    [
                        .insert(
                            NewJob(
                                id: "j\(doc.number)", article: article, body: Array("x".utf8), maxAttempts: 1,
                                batch: doc.batch))
                    ], now: doc.storedAt)
                try store.apply([.done(job: "j\(doc.number)", document: doc.document)], now: doc.storedAt)
            }
            try body(store)
        }
    }

    static func ids(_ store: JobStore, _ configure: (inout ResultQuery) -> Void) throws -> [String] {
        var query = ResultQuery()
        configure(&query)
        return try store.results(matching: query, after: nil, limit: 100).documents.map { document in
            let object = try JSONSerialization.jsonObject(with: Data(document)) as? [String: Any]
            return object?["id"] as? String ?? "?"
        }
    }

    @Test("Each filter alone")
    func eachFilter() throws {
        try Self.withResults { (store) throws in
            #expect(try Self.ids(store) { _ in } == ["j1", "j2", "j3", "j4"])
            #expect(try Self.ids(store) { $0.languages = ["en"] } == ["j2", "j4"])
            #expect(try Self.ids(store) { $0.languages = ["kk", "zh"] } == ["j1", "j3"])
            #expect(try Self.ids(store) { $0.pageTypes = ["forum"] } == ["j4"])
            // Host with or without www, a parent domain, or the document's site name in any case.
            #expect(try Self.ids(store) { $0.site = "inform.kz" } == ["j1"])
            #expect(try Self.ids(store) { $0.site = "WWW.Inform.kz" } == ["j1"])
            #expect(try Self.ids(store) { $0.site = "example.com" } == ["j2"])
            #expect(try Self.ids(store) { $0.site = "kazinform" } == ["j1"])
            #expect(try Self.ids(store) { $0.site = "新华网" } == ["j3"])
            #expect(try Self.ids(store) { $0.site = "ample.com" } == [])
            #expect(try Self.ids(store) { $0.publishedSince = "2026-12-03" } == ["j2", "j3"])
            // A date alone covers its whole day, a full time on it included.
            #expect(try Self.ids(store) { $0.publishedUntil = "2026-12-03" } == ["j1", "j2"])
            #expect(try Self.ids(store) { $0.storedSince = Clock.at(100) } == ["j2", "j3", "j4"])
            #expect(try Self.ids(store) { $0.storedUntil = Clock.at(100) } == ["j1"])
            #expect(try Self.ids(store) { $0.batch = "b1" } == ["j1", "j2"])
            #expect(try Self.ids(store) { $0.batch = "nope" } == [])
        }
    }

    @Test("Search finds words in title or text in any script, all words required, without case, inflected forms too")
    func search() throws {
        try Self.withResults { (store) throws in
            #expect(try Self.ids(store) { $0.search = "storms" } == ["j2", "j4"])
            #expect(try Self.ids(store) { $0.search = "HARBOUR monday" } == ["j2"])
            #expect(try Self.ids(store) { $0.search = "harbour thread" } == [])
            #expect(try Self.ids(store) { $0.search = "көпір" } == ["j1"])
            #expect(try Self.ids(store) { $0.search = "交通政策" } == ["j3"])
            // Two characters: shorter than a trigram, still found.
            #expect(try Self.ids(store) { $0.search = "北京" } == ["j3"])
            // A word finds the words it begins; quotes, wildcards and FTS syntax are text, not syntax.
            #expect(try Self.ids(store) { $0.search = "harb" } == ["j2"])
            #expect(try Self.ids(store) { $0.search = "\"storms" } == ["j2", "j4"])
            #expect(try Self.ids(store) { $0.search = "storms*" } == ["j2", "j4"])
            #expect(try Self.ids(store) { $0.search = "% _" } == [])
            #expect(try Self.ids(store) { $0.search = "OR NOT" } == [])
        }
    }

    @Test("Filters combine: every one given must hold")
    func combinations() throws {
        try Self.withResults { (store) throws in
            #expect(
                try Self.ids(store) {
                    $0.languages = ["en"]; $0.pageTypes = ["article"]
                } == ["j2"])
            #expect(
                try Self.ids(store) {
                    $0.languages = ["en"]; $0.search = "storms"; $0.batch = "b1"
                } == ["j2"])
            #expect(
                try Self.ids(store) {
                    $0.batch = "b1"; $0.publishedSince = "2026-12-02"; $0.site = "example.com"
                } == ["j2"])
            #expect(
                try Self.ids(store) {
                    $0.languages = ["zh"]; $0.storedUntil = Clock.at(150)
                } == [])
        }
    }

    @Test("Pages follow the cursor with the filter applied; the cursor of the last page is returned")
    func cursor() throws {
        try Self.withResults { (store) throws in
            var query = ResultQuery()
            query.languages = ["en", "zh"]
            let first = try store.results(matching: query, after: nil, limit: 1)
            #expect(first.documents.count == 1)
            let second = try store.results(matching: query, after: first.last, limit: 1)
            let third = try store.results(matching: query, after: second.last, limit: 5)
            #expect(third.documents.count == 1)
            let end = try store.results(matching: query, after: third.last, limit: 5)
            #expect(end.documents.isEmpty && end.last == nil)
        }
    }

    @Test("Results stored before the migration are found by every filter (columns filled from the documents)")
    func migratedStore() throws {
        try withDataDirectory { (directory) throws in
            let path = directory + "/presswork.sqlite"
            do {
                let store = try JobStore(directory: directory)
                try store.apply(
                    [
                        .insert(
                            NewJob(
                                id: "old", article: ArticleMeta(source: "o", url: "https://old.example.net/1"),
                                body: [0x78], maxAttempts: 1))
                    ],
                    now: Clock.at(0))
                try store.apply([.done(job: "old", document: Self.docs[2].document)], now: Clock.at(0))
            }
            // Back to the schema before v5: the filter columns and the text index empty, as an older
            // Presswork left them.
            _ = try sqlite3(
                path,
                """
                UPDATE results SET lang = NULL, page_type = NULL, site_name = NULL, published = NULL;
                UPDATE jobs SET host = NULL;
                DELETE FROM results_text;
                DELETE FROM grdb_migrations WHERE identifier = 'v5-result-filters';
                DROP TABLE results_text;
                DROP INDEX results_by_lang; DROP INDEX results_by_page_type; DROP INDEX results_by_published;
                DROP INDEX results_by_stored_at; DROP INDEX jobs_by_batch; DROP INDEX jobs_by_host;
                ALTER TABLE results DROP COLUMN lang; ALTER TABLE results DROP COLUMN page_type;
                ALTER TABLE results DROP COLUMN site_name; ALTER TABLE results DROP COLUMN published;
                ALTER TABLE jobs DROP COLUMN batch; ALTER TABLE jobs DROP COLUMN host;
                """)
            let store = try JobStore(directory: directory)
            var query = ResultQuery()
            query.languages = ["zh"]
            query.search = "交通"
            query.site = "old.example.net"
            query.publishedSince = "2026-12-05"
            #expect(try store.results(matching: query, after: nil, limit: 10).documents.count == 1)
        }
    }
}

@Suite("Search text: what the index holds and what a search asks")
struct SearchTextTests {
    @Test("Scripts without spaces become one word per character; others stay as written")
    func indexed() {
        #expect(SearchText.indexed("The harbour") == "The harbour")
        #expect(SearchText.indexed("北京市 news") == " 北  京  市  news")
        #expect(SearchText.indexed("กรุงเทพ").split(separator: " ").count == 7)
        // The byte scan agrees with a scan of every scalar: two- to four-byte sequences, at the ends too.
        for text in [
            "“Quoted” — Cyrillic ёлка, Arabic عربي, emoji 🙂", "ends in 𠀀", "𠀀 starts", "ひらがな", "x\u{0DFF}y",
            "\u{0E00}", "Ω≈ç√", "",
        ] {
            #expect(
                SearchText.containsUnspaced(text) == text.unicodeScalars.contains(where: SearchText.isUnspaced),
                "\(text)")
        }
    }

    @Test(
        "Every word is required, as a prefix or as a phrase of characters; FTS syntax is quoted",
        arguments: [
            ("storm", #""storm"*"#), ("Harbour  monday", #""Harbour"* "monday"*"#), ("北京", #""北 京""#),
            (#"say "hi" OR NOT"#, #""say"* "hi"* "OR"* "NOT"*"#), ("e-mail", #""e mail"*"#),
        ])
    func query(search: String, expected: String) {
        #expect(SearchText.query(search) == expected)
    }

    @Test("Nothing to look for is nil")
    func nothing() {
        #expect(SearchText.query("% _ ...") == nil)
        #expect(SearchText.query("") == nil)
    }
}

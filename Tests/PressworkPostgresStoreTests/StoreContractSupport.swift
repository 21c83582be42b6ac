import Foundation
import PressworkPostgresStore
import PressworkProtocol
import PressworkStore
import PressworkTestSupport
import Testing

/// The two stores every contract test runs against.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case embedded, postgres
    var testDescription: String { rawValue }
}

/// Runs `body` with a fresh store of `kind`: a SQLite file in a temporary directory, or a PostgreSQL database
/// on a server of its own. Without PostgreSQL installed the PostgreSQL case records nothing and returns (CI
/// installs it, so there it always runs).
func withStore(_ kind: StoreKind, _ body: (any JournalStore, PostgresServer?) throws -> Void) throws {
    switch kind {
    case .embedded:
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("presswork-contract-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try body(try JobStore(directory: directory), nil)
    case .postgres:
        guard PostgresServer.unavailableReason == nil else { return }
        let server = try PostgresServer.start()
        try body(try PostgresStore(url: server.url, coordinator: "c1", connectTimeout: 5), server)
    }
}

/// Wall-clock seconds for the journal: a fixed day, so tests compare exact times.
func at(_ seconds: Double) -> Double { 1_796_000_000 + seconds }

func newJob(
    _ id: String, url: String? = nil, body: String = "body", batch: String? = nil, client: String? = nil,
    articleId: String? = nil
) -> JournalChange {
    var job = NewJob(
        id: id, article: ArticleMeta(articleId: articleId, source: "\(id).html", url: url, format: .html),
        body: Array(body.utf8), maxAttempts: 3, client: client, batch: batch)
    job.priority = .high
    job.jobTimeout = 42
    return .insert(job)
}

func document(
    _ id: String, lang: String = "en", pageType: String = "article", site: String? = nil, published: String? = nil,
    title: String = "t", text: String
) -> [UInt8] {
    var fields = [
        #""id":"\#(id)""#, #""language":{"code":"\#(lang)"}"#, #""pageType":"\#(pageType)""#,
        #""title":"\#(title)""#, #""text":"\#(text)""#,
    ]
    if let site { fields.append(#""siteName":"\#(site)""#) }
    if let published { fields.append(#""published":{"value":"\#(published)","source":"meta"}"#) }
    return Array(("{" + fields.joined(separator: ",") + "}").utf8)
}

/// The ids of the documents a query returns, in order.
func ids(_ page: (documents: [[UInt8]], last: Int64?)) -> [String] {
    page.documents.compactMap { document in
        (try? JSONSerialization.jsonObject(with: Data(document)) as? [String: Any])?["id"] as? String
    }
}

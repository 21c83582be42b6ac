import Foundation

@testable import PressworkPipeline

/// Runs the metadata stage on an HTML string.
enum MetadataFixture {
    /// 2024-07-10T00:00:00Z: "now" for the fixtures.
    static let now = Date(timeIntervalSince1970: 1_720_569_600)

    static func run(_ html: String, url: String? = nil, now: Date = now) -> MetadataStage.Output {
        (try? HTMLDocument.parse(html) { root in
            root.map { MetadataStage().run($0, url: url, now: now) } ?? MetadataStage.Output()
        }) ?? MetadataStage.Output()
    }

    /// A page with `head` markup and `body` markup.
    static func page(head: String = "", body: String = "<p>Text.</p>", lang: String? = nil) -> String {
        let langAttribute = lang.map { " lang=\"\($0)\"" } ?? ""
        return "<!doctype html><html\(langAttribute)><head>\(head)</head><body>\(body)</body></html>"
    }
}

import Foundation
import PressworkTestSupport
import Testing

@testable import PressworkPipeline

/// Match rates of the metadata stage on Mozilla Readability's 130 pages, normalised as
/// `shared/tools/extraction_eval.py` does. Set `PRESSWORK_METADATA_PREDICTIONS=DIR` to also write one
/// prediction file per page for `extraction_eval.py readability --pred DIR`.
@Suite("Metadata on the Readability pages")
struct MetadataReadabilityTests {
    /// The URL the Readability.js tests (and the eval tool) give every page.
    static let pageURL = "http://fakehost/test/page.html"

    @Test("match rates for title, author, date and site name", .requiresSharedData(ReadabilityPagesTests.path))
    func matchRates() throws {
        let directory = try #require(ReadabilityPagesTests.directory)
        let output = ProcessInfo.processInfo.environment["PRESSWORK_METADATA_PREDICTIONS"].map {
            URL(fileURLWithPath: $0)
        }
        var totals: [String: (n: Int, ok: Int)] = [:]
        var misses: [String] = []
        for name in ReadabilityPagesTests.pages {
            let folder = directory.appendingPathComponent(name)
            let bytes = try TestSupport.readBytes(folder.appendingPathComponent("source.html"))
            guard
                let gold = try JSONSerialization.jsonObject(
                    with: Data(contentsOf: folder.appendingPathComponent("expected-metadata.json"))) as? [String: Any]
            else { continue }
            let article = Article(id: name, source: "readability", url: Self.pageURL, format: .html, bytes: bytes)
            // A page the extractor finds no article in has no prediction: a miss on every field, as in the tool.
            let document = try? TestSupport.pipeline.process(article, facts: TestSupport.facts)
            let predicted: [String: String] =
                document.map { document in
                    [
                        "title": document.title,
                        "author": (document.authors ?? []).joined(separator: "; "),
                        "date": document.published?.value ?? "",
                        "sitename": document.siteName ?? "",
                    ]
                } ?? [:]
            let goldKeys = ["title": "title", "author": "byline", "date": "publishedTime", "sitename": "siteName"]
            for (field, goldKey) in goldKeys {
                guard let value = gold[goldKey] as? String, !value.isEmpty else { continue }
                let normalize = field == "date" ? EvalNormalization.date : EvalNormalization.text
                let ok = !normalize(value).isEmpty && normalize(value) == normalize(predicted[field] ?? "")
                totals[field, default: (0, 0)].n += 1
                if ok {
                    totals[field, default: (0, 0)].ok += 1
                } else {
                    misses.append("\(field) \(name): got \(predicted[field] ?? "") want \(value)")
                }
            }
            if let output, let document {
                var json: [String: Any] = ["text": document.text]
                for (key, value) in predicted where !value.isEmpty { json[key] = value }
                let data = try JSONSerialization.data(withJSONObject: json)
                try data.write(to: output.appendingPathComponent("\(name).json"))
            }
        }
        var report = ""
        for field in ["title", "author", "date", "sitename"] {
            let total = totals[field, default: (0, 0)]
            let rate = total.n == 0 ? 0 : Double(total.ok) / Double(total.n)
            report += "\(field) \(total.ok)/\(total.n) = \((rate * 1000).rounded() / 1000)\n"
        }
        if ProcessInfo.processInfo.environment["PRESSWORK_METADATA_MISSES"] != nil {
            report += misses.sorted().joined(separator: "\n")
        }
        print(report)
        // Floors a little under the measured rates, so that a regression shows.
        func rate(_ field: String) -> Double {
            let total = totals[field, default: (0, 0)]
            return total.n == 0 ? 0 : Double(total.ok) / Double(total.n)
        }
        // These pages' expected titles follow Readability.js, which keeps `<title>` decoration (`Title -
        // Author`, `Site: Title`) and a `<title>` reworded from the headline; Presswork prefers the visible
        // headline (measured 0.780; human annotators chose the `<h1>` more often on WCXB's 2025 pages).
        #expect(rate("title") >= 0.75, "\(report)")
        #expect(rate("date") >= 0.90, "\(report)")
    }
}

/// The normalisation of `extraction_eval.py`: NFKC, case-folded, punctuation, symbols, separators and
/// controls as spaces, collapsed; dates as their first `YYYY-MM-DD`.
enum EvalNormalization {
    static func text(_ value: String) -> String {
        let folded = HTMLEntities.decode(value).precomposedStringWithCompatibilityMapping.lowercased()
        var result = ""
        for scalar in folded.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
                .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol,
                .spaceSeparator, .lineSeparator, .paragraphSeparator, .control, .format, .surrogate, .privateUse,
                .unassigned:
                result.unicodeScalars.append(" ")
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result.split(separator: " ").joined(separator: " ")
    }

    static func date(_ value: String) -> String {
        guard let date = MachineDate.parseISO(Array(value.utf8.prefix(64))) else { return "" }
        return String(date.iso.prefix(10))
    }
}

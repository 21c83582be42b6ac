import ArgumentParser
import Foundation
import PressworkClient
import PressworkProtocol

/// `presswork results`: the stored results that match the filters, as a table or JSON Lines.
struct ResultsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "List stored results: a table, or JSON Lines with --json.",
        discussion: """
            Filters combine: --lang kk --site inform.kz --published-since 2026-12-01 lists the Kazakh articles \
            of that site published since December 1st. Results come in the order they were stored, read page \
            by page from the coordinator, so any number can be listed. For a nightly copy, use \
            `presswork export --after CURSOR`.
            """)

    @OptionGroup var filters: ResultFilterOptions

    @Option(
        help: ArgumentHelp(
            "Only these fields of each document, in this order (commas; language.code reaches inside).",
            valueName: "a,b,c"))
    var fields: String?

    @Option(help: "List at most N results (default: 50 in a table, all with --json).")
    var limit: Int?

    @Flag(help: "One JSON document per line instead of a table.")
    var json = false

    @OptionGroup var connection: ConnectionOptions

    mutating func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if let fields, Self.paths(fields).isEmpty { throw ValidationError("--fields names no field") }
    }

    static let headers = [
        "article.source": "SOURCE", "updatedAt": "UPDATED",
        "language.code": "LANG", "published.value": "PUBLISHED", "pageType": "TYPE", "siteName": "SITE",
    ]
    /// The columns of a table of jobs that have no result (`--status queued|running|dead`).
    static let jobFields = paths("id,state,attempts,article.source,updatedAt")
    static let tableFields = paths("id,language.code,pageType,published.value,siteName,title")

    func run() throws {
        try withClientErrors {
            let client = try connection.client()
            let wanted = fields.map(Self.paths)
            let limit = limit ?? (json ? Int.max : 50)
            var rows: [[String]] = []
            let columns = (filters.status ?? "done") == "done" ? Self.tableFields : Self.jobFields
            var count = 0
            let pageSize = min(limit, ProtocolLimits.maxExportPage)
            do {
                try list(client, pageSize: pageSize) { documents in
                    for document in documents where count < limit {
                        count += 1
                        if json {
                            if let wanted {
                                Output.raw(Self.project(document, wanted) + [0x0A])
                            } else {
                                Output.raw(document + [0x0A])
                            }
                        } else {
                            rows.append(Self.cells(document, wanted ?? columns))
                        }
                    }
                    if count >= limit { throw StopListing() }
                }
            } catch is StopListing {
                // --limit reached: the rest is not fetched.
            }
            if !json {
                let header = (wanted ?? columns).map {
                    Self.headers[$0.joined(separator: ".")] ?? $0.joined(separator: ".").uppercased()
                }
                Output.line(rows.isEmpty ? "no results match" : StatusText.table(header, rows))
            }
            FileHandle.standardError.write(
                Data("\(count) result(s)\(count == limit ? " (--limit reached)" : "")\n".utf8))
            return ExitStatus.ok
        }
    }

    private func list(_ client: CoordinatorClient, pageSize: Int, _ body: ([[UInt8]]) throws -> Void) throws {
        try client.export(filter: filters.filter(now: Date()), after: nil, pageSize: pageSize, body)
    }

    /// Field paths from `a,b.c`.
    static func paths(_ text: String) -> [[String]] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .map { $0.split(separator: ".").map(String.init) }
    }

    static func value(_ object: Any?, _ path: [String]) -> Any? {
        path.reduce(object) { ($0 as? [String: Any])?[$1] }
    }

    /// `{"a": …, "b.c": …}` with the fields in the order asked; missing fields are left out.
    static func project(_ document: [UInt8], _ paths: [[String]]) -> [UInt8] {
        let object = try? JSONSerialization.jsonObject(with: Data(document))
        var out = Array("{".utf8)
        var first = true
        for path in paths {
            guard let value = value(object, path),
                let encoded = try? JSONSerialization.data(
                    withJSONObject: value, options: [.fragmentsAllowed, .withoutEscapingSlashes]),
                let key = try? JSONSerialization.data(
                    withJSONObject: path.joined(separator: "."), options: [.fragmentsAllowed])
            else { continue }
            if !first { out.append(0x2C) }
            first = false
            out += key + Array(":".utf8) + encoded
        }
        return out + Array("}".utf8)
    }

    /// Table cells: strings as they are (escaped and cut), other values as compact JSON.
    static func cells(_ document: [UInt8], _ paths: [[String]]) -> [String] {
        let object = try? JSONSerialization.jsonObject(with: Data(document))
        return paths.map { path in
            guard let value = value(object, path) else { return "-" }
            if let text = value as? String { return StatusText.safe(text, maxCharacters: 60) }
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])
            return StatusText.safe(data.map { String(decoding: $0, as: UTF8.self) } ?? "?", maxCharacters: 60)
        }
    }
}

/// Ends a listing early once `--limit` results were shown.
private struct StopListing: Error {}

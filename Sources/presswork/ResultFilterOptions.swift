import ArgumentParser
import Foundation
import PressworkProtocol

/// The filters of `presswork results` and `presswork export`. Every filter given must hold.
struct ResultFilterOptions: ParsableArguments {
    @Option(
        name: .customLong("lang"),
        help: ArgumentHelp("Only these languages (repeat, or separate with commas).", valueName: "code"))
    var languages: [String] = []

    @Option(
        name: .customLong("page-type"),
        help: ArgumentHelp("Only these page types: article, forum, product, … (repeat or commas).", valueName: "type"))
    var pageTypes: [String] = []

    @Option(
        help: ArgumentHelp(
            "The URL's host (a domain also matches its subdomains) or the site's name.", valueName: "host"))
    var site: String?

    @Option(
        name: .customLong("published-since"),
        help: ArgumentHelp("Published on or after this date (YYYY-MM-DD or an ISO 8601 time).", valueName: "date"))
    var publishedSince: String?

    @Option(
        name: .customLong("published-until"),
        help: ArgumentHelp("Published on or before this date (a date includes its whole day).", valueName: "date"))
    var publishedUntil: String?

    @Option(
        help: ArgumentHelp(
            "Processed at or after TIME: an ISO 8601 date or time (UTC unless it says), or an age like 30m, 6h, 2d.",
            valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Processed before TIME (same forms as --since).", valueName: "time"))
    var until: String?

    @Option(help: ArgumentHelp("Only the articles of one submit (the id it printed).", valueName: "id"))
    var batch: String?

    @Option(help: ArgumentHelp("Words that must all occur in the title or the text.", valueName: "text"))
    var search: String?

    @Option(
        help: ArgumentHelp(
            "done (results, the default), or queued, running, dead or cancelled: those jobs, with --batch, --site, --since, --until.",
            valueName: "state"))
    var status: String?

    mutating func validate() throws {
        for (name, value) in [("--published-since", publishedSince), ("--published-until", publishedUntil)] {
            if let value, !Self.isDate(value) {
                throw ValidationError("\(name) '\(value)' is not a date like 2026-12-01 or an ISO 8601 time")
            }
        }
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, Self.time(value, now: Date()) == nil {
                throw ValidationError("\(name) '\(value)' is not an ISO 8601 date or time, nor an age like 6h")
            }
        }
        if let problem = filter(now: Date())?.problem { throw ValidationError(problem) }
    }

    /// The filter to send; nil when no option was given.
    func filter(now: Date) -> ResultFilter? {
        let split = { (values: [String]) -> [String]? in
            let all = values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            return all.isEmpty ? nil : all
        }
        let filter = ResultFilter(
            lang: split(languages), pageType: split(pageTypes), site: site, publishedSince: publishedSince,
            publishedUntil: publishedUntil, since: since.flatMap { Self.time($0, now: now) },
            until: until.flatMap { Self.time($0, now: now) }, batch: batch,
            search: search.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }, status: status)
        return filter == ResultFilter() ? nil : filter
    }

    /// `2026-12-01`, or a time on it (`2026-12-01T08:00:00Z`): compared with the documents' dates as text.
    static func isDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10, bytes.count <= 40 else { return false }
        let digits = [0, 1, 2, 3, 5, 6, 8, 9]
        return digits.allSatisfy { (0x30...0x39).contains(bytes[$0]) } && bytes[4] == 0x2D && bytes[7] == 0x2D
            && (bytes.count == 10 || bytes[10] == 0x54 || bytes[10] == 0x20)
    }

    /// Seconds since 1970 for an ISO 8601 date or time (UTC unless it carries an offset) or an age before
    /// `now` (`90s`, `30m`, `6h`, `2d`, `1w`); nil for anything else.
    static func time(_ text: String, now: Date) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800]
        if let unit = text.last.flatMap({ units[$0] }), let amount = Double(text.dropLast()), amount >= 0,
            amount.isFinite
        {
            return now.timeIntervalSince1970 - amount * unit
        }
        let formats = ["yyyy-MM-dd'T'HH:mm:ssXXXXX", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"]
        for format in formats {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date.timeIntervalSince1970 }
        }
        return nil
    }
}

import Foundation

/// The publication date that pages rendered by scripts keep in their state JSON (`"publishedAt": "…"`,
/// Prismic's `first_publication_date`, Sanity's `publishDate`), read from the raw page when no markup
/// names a date. The content and metadata stages never see script contents (``RawTextStripper`` removes
/// them), so this reads the bytes.
enum ScriptDates {
    /// Keys naming the publication date in the JSON of common site builders and headless CMSs. Creation
    /// and modification keys are not read: a page's state holds them for every asset it references.
    static let keys = KeywordSet([
        "datePublished", "publishedAt", "published_at", "publishDate", "publish_date", "first_publication_date",
        "publicationDate", "publication_date", "date_published", "datePosted", "date_posted", "pubDate",
    ])

    /// Most bytes searched: state JSON sits in the page's head or right after the markup, and a huge page
    /// costs no more than this.
    static let maxBytes = 4 << 20
    /// Most keys looked at (a key may name something else, or hold a number).
    static let maxTries = 16

    /// The first of `keys` on the page with a date value (quoted, or in JSON escaped inside a string), if
    /// it is a possible publication date before `now`.
    static func published(in html: [UInt8], dayFirst: Bool, now: Date) -> DateFact? {
        html.withUnsafeBufferPointer { whole in
            let page = UnsafeBufferPointer(rebasing: whole[..<min(whole.count, maxBytes)])
            // The first key on the page with a date after it: the page's own record precedes lists of related
            // ones in every state layout seen.
            var from = 0
            for _ in 0..<Self.maxTries {
                guard let found = keys.firstMatch(in: page, from: from) else { break }
                if let date = value(after: found.offset + found.length, in: page, dayFirst: dayFirst),
                    date.isPossible(before: now)
                {
                    return DateFact(value: date.iso, source: "script")
                }
                from = found.offset + found.length
            }
            return nil
        }
    }

    /// The date in `"key": "value"` or `\"key\":\"value\"` starting right after the key's name.
    private static func value(after start: Int, in page: UnsafeBufferPointer<UInt8>, dayFirst: Bool) -> ParsedDate? {
        var index = start
        // The key's closing quote (possibly escaped), the colon, and the value's opening quote.
        func skip(_ bytes: Set<UInt8>, most: Int) {
            var count = 0
            while index < page.count, count < most, bytes.contains(page[index]) {
                index += 1
                count += 1
            }
        }
        guard index < page.count, page[index] == 0x22 || page[index] == 0x5C else { return nil }  // " \
        skip([0x22, 0x5C], most: 2)
        skip([0x20], most: 4)
        guard index < page.count, page[index] == 0x3A else { return nil }  // :
        index += 1
        skip([0x20], most: 4)
        guard index < page.count, page[index] == 0x22 || page[index] == 0x5C else { return nil }
        skip([0x22, 0x5C], most: 2)
        let valueStart = index
        while index < page.count, index - valueStart < MachineDate.maxLength, page[index] != 0x22,
            page[index] != 0x5C, page[index] != 0x3C
        {
            index += 1
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: page[valueStart..<index]), as: UTF8.self)
        return MachineDate.parse(text, dayFirst: dayFirst)
    }
}

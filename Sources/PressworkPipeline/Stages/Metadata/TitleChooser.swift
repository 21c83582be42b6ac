/// Picks the article title among OpenGraph, JSON-LD, Dublin Core, `<h1>` and `<title>`.
enum TitleChooser {
    /// Separators between a title and the site's name in `<title>`.
    static let separators = [" | ", " - ", " — ", " – ", " :: ", " · ", " » ", " / ", " _ ", "_", "｜", " ~ "]

    /// - Parameter hostLabels: names the page's host gives the site (``siteLabels(of:)``): a `<title>`
    ///   suffix containing one (`| Aura Official Site` on `aura.com`) names the site.
    static func choose(
        facts: PageFacts, linkedData: JSONLinkedData, siteName: String?, hostLabels: [String] = []
    ) -> String {
        let chosen = candidate(facts: facts, linkedData: linkedData, siteName: siteName, hostLabels: hostLabels)
        let headings = facts.headings.compactMap { MetadataStage.nonEmpty($0) }
        if let heading = headings.first, isHeadline(heading, of: chosen, siteName: siteName) { return heading }
        if let decorated = headline(in: chosen, headings: headings, siteName: siteName) { return decorated }
        if headings.count == 1, let heading = headings.first, isRewrite(of: heading, chosen, siteName: siteName) {
            return heading
        }
        return chosen
    }

    /// Whether the metadata title is a rewrite of the page's only `<h1>`, for search engines or sharing
    /// (`Best Apps to Learn a Language in 2025 – Top 10 Picks` for `Top 10: Best Language Learning App`):
    /// they share two words or more and a good part of their words (Jaccard ≥ 0.3). The `<h1>` is the
    /// headline readers see.
    static func isRewrite(of heading: String, _ title: String, siteName: String?) -> Bool {
        let headingWords = Set(fold(heading).split(separator: " "))
        let titleWords = Set(fold(title).split(separator: " "))
        guard !headingWords.isEmpty, headingWords != titleWords else { return false }
        if let siteName, fold(heading) == fold(siteName) { return false }
        let shared = headingWords.intersection(titleWords).count
        return shared >= 2 && Double(shared) >= Self.rewriteOverlap * Double(headingWords.union(titleWords).count)
    }

    static let rewriteOverlap = 0.3

    /// Whether the page's first `<h1>` is the headline the chosen title decorates: every word of it is in
    /// the title (a headline in `Site: Headline (Author)`), it is at least 40 % of the title's words (so
    /// `Budget 2025` does not replace `Budget 2025 - what the new tax bands mean for families`), it has two
    /// words or more and it is not the site's name (a logo). An `<h1>` saying something else (a section's
    /// name, a blog's name) leaves the title as it is.
    static func isHeadline(_ heading: String, of title: String, siteName: String?) -> Bool {
        let folded = fold(heading)
        let headingWords = folded.split(separator: " ")
        let titleWords = fold(title).split(separator: " ")
        guard headingWords.count >= 2, headingWords.count * 5 >= titleWords.count * 2 else { return false }
        if let siteName, folded == fold(siteName) { return false }
        let known = Set(titleWords)
        return headingWords.allSatisfy { known.contains($0) }
    }

    /// The page's own headline when the chosen title is that headline plus decoration: `Promise` for
    /// `Promise - JavaScript | MDN`, `Industry News` for `Industry News — Consulting Point`. The rest must
    /// read as decoration (a few words, or the site's name), and a heading that is the site's name (a logo
    /// in an `<h1>`) is never the headline.
    static func headline(in title: String, headings: [String], siteName: String?) -> String? {
        guard let heading = headings.first, heading.count < title.count else { return nil }
        let site = siteName.map(fold) ?? ""
        guard site.isEmpty || fold(heading) != site else { return nil }
        for separator in separators {
            let trimmed = separator.trimmingCharacters(in: .whitespaces)
            let prefix = [heading + separator, heading + trimmed + " "].first { title.hasPrefix($0) }
            guard let prefix else { continue }
            let rest = String(title.dropFirst(prefix.count))
            if words(rest) <= 4 || (!site.isEmpty && fold(rest).containsBytes(site)) { return heading }
        }
        return nil
    }

    private static func candidate(
        facts: PageFacts, linkedData: JSONLinkedData, siteName: String?, hostLabels: [String]
    ) -> String {
        let pageTitle = MetadataStage.nonEmpty(facts.titleElement)
        // JSON-LD `headline` and `name` may differ: the one closer to `<title>` is the article's.
        var linkedDataTitle = linkedData.headline ?? linkedData.name
        if let headline = linkedData.headline, let name = linkedData.name, headline != name, let pageTitle {
            let folded = fold(pageTitle)
            if folded.contains(fold(name)) && !folded.contains(fold(headline)) { linkedDataTitle = name }
        }
        let metadataTitles = [
            linkedDataTitle, facts.meta("dc:title", "dc.title", "dcterm:title", "dcterms.title"),
            facts.meta("og:title"), facts.meta("twitter:title"), facts.meta("parsely-title", "sailthru.title"),
        ].compactMap { MetadataStage.nonEmpty($0) }.map {
            // Sharing titles often carry the site's name too (`Title | Site`); only a suffix naming the
            // site goes, so a title with a dash of its own is kept whole.
            stripSite($0, siteName: siteName, hostLabels: hostLabels, onlyKnownSite: true)
        }
        let strippedPageTitle = pageTitle.map { stripSite($0, siteName: siteName, hostLabels: hostLabels) }
        let headings = facts.headings.compactMap { MetadataStage.nonEmpty($0) }

        // Of the metadata titles, the first one agreeing with `<title>` or an `<h1>` wins, else the first.
        let evidence = ([pageTitle].compactMap { $0 } + headings).map(fold)
        for candidate in metadataTitles {
            let folded = fold(candidate)
            if !folded.isEmpty, evidence.contains(where: { $0.containsBytes(folded) }) { return candidate }
        }
        if let first = metadataTitles.first { return first }
        if let stripped = strippedPageTitle, let pageTitle {
            // An `<h1>` that is part of the `<title>` is the title without the site's decoration.
            if let heading = headings.first(where: { fold(pageTitle).contains(fold($0)) && $0.count >= stripped.count })
            {
                return heading
            }
            return stripped
        }
        return headings.first ?? ""
    }

    /// `Title | Site` → `Title` when the last part looks like the site's name (or, unless `onlyKnownSite`,
    /// is short beside a longer title); `Site: Title`-style prefixes naming the site go too.
    static func stripSite(
        _ title: String, siteName: String?, hostLabels: [String] = [], onlyKnownSite: Bool = false
    ) -> String {
        let site = siteName.map(fold) ?? ""
        for separator in separators {
            guard let range = title.byteRange(of: separator, backwards: true) else { continue }
            let head = String(title[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
            let tail = String(title[range.upperBound...]).trimmingCharacters(in: .whitespaces)
            guard !head.isEmpty, !tail.isEmpty else { continue }
            let tailFolded = fold(tail)
            let tailCompact = tailFolded.replacingOccurrences(of: " ", with: "")
            let namesHost =
                words(tail) <= 5
                && hostLabels.contains {
                    tailCompact.containsBytes($0) || (tailCompact.count >= 4 && $0.containsBytes(tailCompact))
                }
            let namesSite =
                namesHost
                || (!site.isEmpty
                    && (tailFolded == site || site.containsBytes(tailFolded) || tailFolded.containsBytes(site)))
            let headWords = words(head)
            let isShortSuffix = words(tail) <= 3 && tail.count <= 30 && headWords >= 3 && head.count > tail.count
            if namesSite || (!onlyKnownSite && isShortSuffix) {
                return stripSite(head, siteName: siteName, hostLabels: hostLabels, onlyKnownSite: true)
            }
            // `Site | Title`.
            let headFolded = fold(head)
            if !site.isEmpty, headFolded == site, words(tail) >= 2 { return tail }
        }
        return title
    }

    /// Second-level labels under which sites register their names (`example.co.uk`).
    static let registrySecondLevels: Set<String> = ["co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "go"]

    /// The names a URL's host gives its site, lowercased: its first label (`flask` in
    /// `flask.palletsprojects.com`, `www` skipped) and the registered name (`palletsprojects`), each of at
    /// least three letters.
    static func siteLabels(of url: String?) -> [String] {
        let host = PageKind.split(url).host.prefix { $0 != ":" }
        var labels = host.split(separator: ".").map(String.init)
        guard labels.count >= 2 else { return [] }
        labels.removeLast()
        if labels.count >= 2, let last = labels.last, registrySecondLevels.contains(last) { labels.removeLast() }
        if labels.first == "www" || labels.first == "m" { labels.removeFirst() }
        var names: [String] = []
        for label in [labels.first, labels.last].compactMap({ $0 }) {
            let name = label.replacingOccurrences(of: "-", with: "")
            if name.count >= 3, !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// Words, counting each ideograph or kana as one (CJK titles have no spaces).
    static func words(_ text: String) -> Int {
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isIdeographic || (0x3040...0x30FF).contains(scalar.value) {
                count += 1
                inWord = false
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if !inWord { count += 1 }
                inWord = true
            } else {
                inWord = false
            }
        }
        return count
    }

    /// Lowercased letters and digits only, single-spaced: for comparing titles.
    static func fold(_ text: String) -> String {
        var result = ""
        var space = false
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                if space, !result.isEmpty { result.append(" ") }
                result.append(character)
                space = false
            } else {
                space = true
            }
        }
        return result
    }
}

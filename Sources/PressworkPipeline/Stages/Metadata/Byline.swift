/// Turns a byline ("By Jane Doe and John Roe | July 3, 2024", "Par Sébastien Farcis", "홍길동 기자") into
/// author names, or none: no author rather than a wrong one.
enum Byline {
    /// Words that introduce the names, in many languages (compared lowercased, longest first).
    static let prefixes: [String] = [
        "reporting by", "written by", "posted by", "published by", "story by", "words by", "text by", "article by",
        "tác giả", "bài và ảnh", "by:", "by", "von", "par", "por", "di", "door", "av", "af", "od", "autor:", "autor",
        "autorka", "autore", "auteur", "автор:", "автор", "авторы", "авторка", "від", "от", "yazar", "haber:",
        "oleh", "bởi", "作者：", "作者:", "作者", "記者：", "記者:", "記者", "文：", "文/", "撰文", "기자", "글",
        "بقلم", "كتب", "نویسنده", "लेखक", "text:", "texto:", "texto", "text", "tekst:", "tekst", "szerző",
    ]

    /// Words that follow a name as a role in some languages (`홍길동 기자`, `山田太郎記者`).
    static let suffixes: [String] = ["기자", "특파원", "記者", "特派員", "报道", "編集委員"]

    /// Separators between several names.
    static let separators: [String] = [
        " and ", " & ", " und ", " et ", " y ", " e ", " en ", " и ", " і ", " ve ", " dan ", " và ", " i ",
        " og ", " och ", " és ", " a ", " və ", ",", ";", "、", "，", "|", "•", "·", " / ", " with ", "/",
    ]

    /// Role titles and page phrases that are never a person's name (compared folded).
    static let nonNames: Set<String> = [
        "staff", "staff writer", "staff writers", "staff reporter", "reporter", "correspondent", "senior writer",
        "contributor", "contributing writer", "editor", "editors", "editorial staff", "editorial", "writer",
        "columnist", "news desk", "web desk", "newsroom", "redaktion", "rédaction", "redacción", "redazione",
        "redactie", "редакция", "редакція", "编辑", "guest author", "guest", "admin", "administrator", "author",
        "authors", "email the author", "email", "e-mail", "follow", "follow author", "view all posts",
        "more by", "more from", "share", "subscribe", "comments", "comment", "anonymous", "unknown", "posted",
        "updated", "published", "contact", "bio", "twitter", "facebook", "linkedin", "instagram", "the author",
        "about the author", "opinion", "analysis", "news", "senior reporter", "senior correspondent",
        "photographer", "photo", "photos", "video", "home", "menu", "search", "sign in", "log in", "login",
        "read more", "see all", "all posts", "posts", "by", "sign up", "last", "more", "profile", "team", "ma", "md",
        "phd", "rn", "jr", "sr", "post", "topic author", "topic starter", "thread starter", "original poster",
    ]

    /// Phrases after which nothing is a name.
    static let stoppers: [String] = [
        " updated", " published", " posted on", " posted", " last updated", " on ", " at ", " am ", " le ",
        " el ", " il ", " - ", " — ", " – ", "(http", "http",
    ]

    /// Credits for other roles: they end the author's names, and a line starting with one names no author.
    static let roleStoppers: [String] = [
        "edited by", "reviewed by", "medically reviewed by", "fact checked by", "fact-checked by", "photos by",
        "photo by", "photographs by", "photography by", "illustrations by", "illustration by", "graphics by",
        "translated by", "video by", "images by", "traduit par", "übersetzt von", "traducido por",
        "fotos von", "photos de",
    ]

    /// Words opening a parenthesis that names more authors ("Jane Doe (avec John Roe)").
    static let parentheticalJoiners: Set<String> = [
        "with", "and", "avec", "et", "mit", "und", "con", "y", "com", "e", "met", "en", "och", "og", "i", "z", "s",
    ]

    /// Longest byline text read.
    static let maxLength = 200

    /// The names in a byline text, in order, deduplicated; empty when none looks like a name.
    ///
    /// Line breaks (block elements, `<br>`) separate a byline's parts: the first line naming someone wins,
    /// so that "By Jane Doe⏎WebMD Health News" or "Written by A⏎Edited by B" give only the author. A line
    /// holding only a prefix ("By") or ending in a separator ("Jane Doe and") runs on into the next.
    static func names(_ raw: String) -> [String] {
        let decoded = HTMLEntities.decode(raw)
        let collapsed = Whitespace.collapse(decoded)
        guard !collapsed.isEmpty, collapsed.count <= maxLength else { return [] }
        let lines = decoded.split(whereSeparator: \.isNewline).map { Whitespace.collapse($0) }.filter { !$0.isEmpty }
        for line in joinedLines(lines) {
            let names = namesInLine(line)
            if !names.isEmpty { return names }
        }
        return []
    }

    /// Lines with prefix-only lines and separator-ended lines joined to the next.
    static func joinedLines(_ lines: [String]) -> [String] {
        var result: [String] = []
        var pending = ""
        for line in lines {
            let combined = pending.isEmpty ? line : pending + " " + line
            let lowered = combined.lowercased()
            let endsInSeparator = separators.contains { lowered.hasSuffix($0) || (lowered + " ").hasSuffix($0) }
            if strippingPrefixes(combined).isEmpty || endsInSeparator {
                pending = combined
                continue
            }
            pending = ""
            let startsWithSeparator = separators.contains { lowered.hasPrefix($0) || (" " + lowered).hasPrefix($0) }
            if startsWithSeparator, let last = result.popLast() {
                result.append(last + " " + combined)
            } else {
                result.append(combined)
            }
        }
        if !pending.isEmpty { result.append(pending) }
        return result
    }

    /// The names on one line of a byline.
    static func namesInLine(_ line: String) -> [String] {
        var text = resolvingParentheses(line)
        // Handles and e-mail addresses ("@janedoe", "jane@example.com") are no names.
        text = text.split(separator: " ").filter { !$0.containsBytes("@") }.joined(separator: " ")
        if text.isEmpty || looksLikeURL(text) { return [] }
        text = strippingPrefixes(text)
        text = cutAtStoppers(text)
        text = cutAtNumbers(text)
        text = droppingCredentials(text)
        var parts = [text]
        let latinComma =
            text.split(separator: ",").count == 2 && !text.containsBytes(" and ")
            && text.split(separator: ",").contains { $0.split(separator: " ").count == 1 && $0.allSatisfy(\.isASCII) }
        for separator in separators where !(separator == "," && latinComma) {
            parts = parts.flatMap { split($0, by: separator) }
        }
        var names: [String] = []
        var seen: Set<String> = []
        for part in parts {
            guard let name = cleanName(part), seen.insert(name.lowercased()).inserted else { continue }
            names.append(name)
        }
        return names
    }

    /// The text before the earliest stopper or role credit.
    static func cutAtStoppers(_ text: String) -> String {
        let lowered = text.lowercased()
        var cut = lowered.endIndex
        for stopper in stoppers {
            if let range = lowered.byteRange(of: stopper), range.lowerBound < cut { cut = range.lowerBound }
        }
        for role in roleStoppers {
            var searchStart = lowered.startIndex
            while let range = lowered[searchStart...].byteRange(of: role) {
                let atWordStart =
                    range.lowerBound == lowered.startIndex
                    || !(lowered[lowered.index(before: range.lowerBound)].isLetter)
                if atWordStart {
                    if range.lowerBound < cut { cut = range.lowerBound }
                    break
                }
                searchStart = range.upperBound
            }
        }
        let offset = lowered.distance(from: lowered.startIndex, to: cut)
        return String(text.prefix(offset))
    }

    /// Degrees and name suffixes after a comma ("Brenda Goodman, MA", "Jane Doe, M.D., Ph.D.").
    static let credentials: Set<String> = [
        "ma", "md", "phd", "rn", "mph", "ms", "msc", "mba", "dds", "do", "dvm", "jd", "bsc", "ba", "bs", "lcsw",
        "np", "pa", "rd", "cpa", "jr", "sr", "ii", "iii", "esq", "frcp", "mbbs",
    ]

    /// The text without trailing comma-separated credentials.
    static func droppingCredentials(_ text: String) -> String {
        var parts = text.split(separator: ",", omittingEmptySubsequences: false)
        while parts.count > 1, let last = parts.last,
            credentials.contains(last.lowercased().filter { $0.isLetter })
        {
            parts.removeLast()
        }
        return parts.joined(separator: ",")
    }

    /// The text before its first digit, without the month or weekday names that led to it: names hold no
    /// digits, dates and times do ("By Nathan Willis March 25, 2015", "記者 張三 2015年3月5日").
    static func cutAtNumbers(_ text: String) -> String {
        guard var digit = text.firstIndex(where: isDigit) else { return text }
        // A first Latin word running into digits is a user name or an ID ("CC7567"), not a name before a
        // date; later ones are a name glued to a date by inline markup ("Lucas Nolan22 Dec 2016").
        if digit > text.startIndex, text[text.index(before: digit)].isLetter, text[text.index(before: digit)].isASCII,
            !text[..<digit].containsBytes(" ")
        {
            digit = text.startIndex
        }
        var words = text[..<digit].split(separator: " ")
        while let last = words.last,
            CalendarNames.month(last) != nil || CalendarNames.isWeekday(last) || last.allSatisfy({ !$0.isLetter })
        {
            words.removeLast()
        }
        return words.joined(separator: " ")
    }

    /// Parentheses holding a URL or an e-mail address go; ones opening with "with", "avec"… name more
    /// authors; others (a nickname, "Richard (R.J.) Eskow") stay. "jane@example.com (Jane Doe)", the RSS
    /// form, gives the name.
    static func resolvingParentheses(_ text: String) -> String {
        guard text.containsBytes("(") else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "("), let close = rest[open...].firstIndex(of: ")") {
            let before = rest[..<open]
            let inside = rest[rest.index(after: open)..<close]
            let insideLowered = inside.lowercased()
            let outsideIsAddress =
                (result + before).split(separator: " ").last.map {
                    $0.containsBytes("@") || looksLikeURL(String($0))
                } ?? false
            if outsideIsAddress, !inside.containsBytes("@"), !insideLowered.containsBytes("://") {
                // `address (Name)`: the name replaces the address.
                var words = (result + before).split(separator: " ")
                words.removeLast()
                result = words.joined(separator: " ") + " " + inside
            } else if inside.containsBytes("@") || insideLowered.containsBytes("://") || insideLowered.hasPrefix("www.")
            {
                result += before
            } else if let first = inside.split(separator: " ").first,
                parentheticalJoiners.contains(first.lowercased())
            {
                result += before + "; " + inside.dropFirst(first.count)
            } else {
                result += before + "(" + inside + ")"
            }
            rest = rest[rest.index(after: close)...]
        }
        return Whitespace.collapse(result + rest)
    }

    private static func split(_ text: String, by separator: String) -> [String] {
        guard text.contains(separator) else { return [text] }
        let parts = text.components(separatedBy: separator)
        // A one-letter piece means the separator is part of a name ("Mac & i"), not between names.
        if parts.contains(where: { trimmed($0).count == 1 }) { return [text] }
        return parts
    }

    static func strippingPrefixes(_ text: String) -> String {
        var text = text
        var changed = true
        var rounds = 0
        while changed, rounds < 4 {
            changed = false
            rounds += 1
            text = trimmed(text)
            let lowered = text.lowercased()
            for prefix in prefixes where lowered.hasPrefix(prefix) {
                let rest = text.dropFirst(prefix.count)
                // A word prefix must end at a word boundary ("By" but not "Byron").
                if let next = rest.first, next.isLetter, prefix.last?.isLetter ?? false,
                    !(prefix.unicodeScalars.first.map { $0.properties.isIdeographic || $0.value >= 0xAC00 } ?? false)
                {
                    continue
                }
                text = String(rest)
                changed = true
                break
            }
        }
        return trimmed(text)
    }

    /// A user name as forums show it: one token of letters, digits, `_`, `-` or `.`, up to 40 characters,
    /// with a letter.
    static func isHandle(_ text: String) -> Bool {
        (1...40).contains(text.count) && Whitespace.containsLetter(text)
            && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }
    }

    /// A name a page declares on purpose (a `<meta name=author>`, a `Written by` label) that
    /// ``names(_:)`` refuses for its form only: lowercase (`kirstin boatto`), a user name. Still no digits,
    /// addresses, links, sentences or role titles.
    static func declaredName(_ raw: String) -> String? {
        let name = trimmed(Whitespace.collapse(HTMLEntities.decode(raw)))
        let words = name.split(separator: " ")
        let folded = name.lowercased()
        // Template placeholders (`page.head.extra.author`, `{{author_name}}`) name no one.
        guard (1...4).contains(words.count), (3...40).contains(name.count), !nonNames.contains(folded),
            !folded.containsBytes("author"), !looksLikeURL(name), Whitespace.containsLetter(name),
            name.allSatisfy({ $0.isLetter || $0 == " " || $0 == "." || $0 == "-" || $0 == "'" || $0 == "’" })
        else { return nil }
        return name
    }

    static func cleanName(_ part: String) -> String? {
        var name = strippingPrefixes(part)
        for suffix in suffixes where name.hasSuffix(suffix) {
            name = trimmed(String(name.dropLast(suffix.count)))
        }
        name = trimmed(name)
        let folded = name.lowercased()
        guard !name.isEmpty, name.count <= 60, !nonNames.contains(folded),
            !name.contains(where: { isDigit($0) || $0 == "@" || $0 == "?" || $0 == "!" }), !looksLikeURL(name),
            Whitespace.containsLetter(name)
        else { return nil }
        let words = name.split(separator: " ")
        guard words.count <= 6 else { return nil }
        // A Latin name has a capital: "read the full story" is no name.
        if name.unicodeScalars.allSatisfy({ $0.isASCII }), !name.contains(where: \.isUppercase) { return nil }
        // A name made only of role words ("Senior Staff Writer").
        let roleWords: Set<String> = [
            "staff", "writer", "reporter", "correspondent", "editor", "senior", "contributing", "contributor",
            "columnist", "chief", "associate", "managing", "deputy", "news", "political", "business", "sports",
            "special", "investigative", "science", "health", "technology", "tech", "desk", "team", "producer",
            "games", "entertainment", "travel", "culture", "music", "film", "opinion", "features", "foreign",
        ]
        if words.allSatisfy({ roleWords.contains($0.lowercased()) }) { return nil }
        // A named team or desk ("The Investopedia Team", "TOI Lifestyle Desk") is credited as a whole.
        if let last = words.last?.lowercased(), last == "team" || last == "desk" { return name }
        // A trailing role ("Ben Silverman Games Editor"): the name is the words before it.
        var kept = Array(words)
        while kept.count > 2, let last = kept.last, roleWords.contains(last.lowercased()) { kept.removeLast() }
        if kept.count < words.count { return kept.joined(separator: " ") }
        return name
    }

    /// A decimal digit in any script ("7", "٧", "７"), but not a numeral word such as 三 ("three", and a
    /// common character of Chinese names).
    static func isDigit(_ character: Character) -> Bool {
        character.unicodeScalars.first?.properties.numericType == .decimal
    }

    static func looksLikeURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("http:") || lowered.hasPrefix("https:") || lowered.hasPrefix("www.")
            || lowered.hasPrefix("/") || lowered.containsBytes("://")
    }

    /// Without surrounding spaces, colons, dashes, quotes and brackets.
    static func trimmed(_ text: String) -> String {
        let junk: Set<Character> = [
            " ", ":", "-", "–", "—", "|", ",", ";", "•", "·", "\"", "'", "(", ")", "[", "]", "：", "/", ".",
        ]
        var result = Substring(text)
        while let first = result.first, junk.contains(first) { result = result.dropFirst() }
        while let last = result.last, junk.contains(last), last != "." || result.dropLast().last == " " {
            result = result.dropLast()
        }
        return String(result)
    }
}

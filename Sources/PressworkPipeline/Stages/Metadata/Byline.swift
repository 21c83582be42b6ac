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
        "phd", "rn", "jr", "sr",
    ]

    /// Phrases after which nothing is a name.
    static let stoppers: [String] = [
        " updated", " published", " posted on", " posted", " last updated", " on ", " at ", " am ", " le ",
        " el ", " il ", " - ", " — ", " – ", "\n", "(http", "http",
    ]

    /// Longest byline text read.
    static let maxLength = 200

    /// The names in a byline text, in order, deduplicated; empty when none looks like a name.
    static func names(_ raw: String) -> [String] {
        var text = Whitespace.collapse(HTMLEntities.decode(raw))
        guard !text.isEmpty, text.count <= maxLength else { return [] }
        if looksLikeURL(text) { return [] }
        text = strippingPrefixes(text)
        let lowered = text.lowercased()
        for stopper in stoppers {
            if let range = lowered.range(of: stopper) {
                let offset = lowered.distance(from: lowered.startIndex, to: range.lowerBound)
                text = String(text.prefix(offset))
                break
            }
        }
        var parts = [text]
        let latinComma =
            text.split(separator: ",").count == 2 && !text.contains(" and ")
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

    private static func split(_ text: String, by separator: String) -> [String] {
        guard text.contains(separator) else { return [text] }
        // Case-insensitive for word separators (" And ").
        return text.components(separatedBy: separator)
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

    static func cleanName(_ part: String) -> String? {
        var name = strippingPrefixes(part)
        for suffix in suffixes where name.hasSuffix(suffix) {
            name = trimmed(String(name.dropLast(suffix.count)))
        }
        name = trimmed(name)
        let folded = name.lowercased()
        guard !name.isEmpty, name.count <= 60, !nonNames.contains(folded),
            !name.contains(where: { $0.isNumber || $0 == "@" || $0 == "?" || $0 == "!" }), !looksLikeURL(name),
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
        // A trailing role ("Ben Silverman Games Editor"): the name is the words before it.
        var kept = Array(words)
        while kept.count > 2, let last = kept.last, roleWords.contains(last.lowercased()) { kept.removeLast() }
        if kept.count < words.count { return kept.joined(separator: " ") }
        return name
    }

    static func looksLikeURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("http:") || lowered.hasPrefix("https:") || lowered.hasPrefix("www.")
            || lowered.hasPrefix("/") || lowered.contains("://")
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

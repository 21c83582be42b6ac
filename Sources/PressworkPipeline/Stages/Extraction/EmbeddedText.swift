import Foundation

/// The text of pages rendered by scripts, whose markup holds none: JSON-LD `articleBody`, else the JSON
/// such pages carry for their scripts (Next.js `__NEXT_DATA__`, Nuxt `__NUXT_DATA__`, any
/// `<script type="application/json">`). A last resort, read only when the markup yields no text.
enum EmbeddedText {
    /// Fewest weighted characters a source must give to be taken.
    static let minimumCharacters = 100
    /// Most bytes of JSON read from one page, and most values walked: a hostile page stays cheap.
    static let maxJSONBytes = 16 << 20
    static let maxValues = 200_000
    /// Most HTML strings parsed.
    static let maxHTMLStrings = 64

    /// Paragraphs from `articleBody`, else from the page's JSON scripts; empty when neither has text.
    static func paragraphs(articleBody: String?, html: [UInt8]) -> [String] {
        if let articleBody {
            let paragraphs = paragraphs(ofTextOrHTML: articleBody)
            if measure(paragraphs) >= minimumCharacters { return paragraphs }
        }
        return fromScripts(html)
    }

    private static func fromText(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map(Whitespace.collapse).filter(Whitespace.containsLetter)
    }

    /// A value that may be plain text or an HTML fragment (JSON-LD descriptions are both), as paragraphs.
    static func paragraphs(ofTextOrHTML value: String) -> [String] {
        value.contains("</") || value.contains("<br") ? fromHTML(value) : fromText(value)
    }

    /// An HTML fragment's paragraphs, as the content stage reads them.
    private static func fromHTML(_ html: String) -> [String] {
        (try? HTMLDocument.parse(html) { root in root.map { ContentStage().run($0).paragraphs } ?? [] }) ?? []
    }

    private static func measure(_ paragraphs: [String]) -> Int {
        paragraphs.reduce(0) { total, paragraph in
            total
                + paragraph.withCString {
                    TextMeasure.measure(UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self)).characters
                }
        }
    }

    /// The longest HTML string in the JSON (a CMS's rich text), else every string that reads as prose,
    /// in order.
    private static func fromScripts(_ html: [UInt8]) -> [String] {
        var bestHTML: [String] = []
        var bestCharacters = 0
        var prose: [String] = []
        var seen: Set<String> = []
        var values = 0
        var htmlStrings = 0
        for script in jsonScripts(in: html) {
            guard let json = try? JSONSerialization.jsonObject(with: script, options: [.fragmentsAllowed]) else {
                continue
            }
            var stack: [Any] = [json]
            while let value = stack.popLast(), values < maxValues {
                values += 1
                switch value {
                case let object as [String: Any]:
                    // Keys in a stable order, reversed onto the stack so they come off in that order.
                    stack += object.keys.sorted().reversed().compactMap { object[$0] }
                case let array as [Any]:
                    stack += array.reversed()
                case let string as String where string.utf8.count >= 80:
                    if string.contains("</p>") || string.contains("<br") {
                        guard htmlStrings < maxHTMLStrings else { continue }
                        htmlStrings += 1
                        let paragraphs = fromHTML(string)
                        let characters = measure(paragraphs)
                        if characters > bestCharacters { (bestHTML, bestCharacters) = (paragraphs, characters) }
                    } else if readsAsProse(string) {
                        let paragraph = Whitespace.collapse(string)
                        if seen.insert(paragraph).inserted { prose.append(paragraph) }
                    }
                default:
                    break
                }
            }
        }
        if bestCharacters >= minimumCharacters { return bestHTML }
        return measure(prose) >= minimumCharacters ? prose : []
    }

    /// Words with spaces between them (or a run of CJK), not a URL, code or a list of identifiers.
    static func readsAsProse(_ string: String) -> Bool {
        guard !string.hasPrefix("http"), !string.hasPrefix("/"), !string.hasPrefix("{"), !string.hasPrefix("<"),
            Whitespace.containsLetter(string)
        else { return false }
        var spaces = 0
        var wide = 0
        var symbols = 0
        for scalar in string.unicodeScalars.prefix(2000) {
            if scalar == " " {
                spaces += 1
            } else if scalar.value >= 0x2E80 {
                wide += 1
            } else if "{}[]<>=;_\\|".unicodeScalars.contains(scalar) {
                symbols += 1
            }
        }
        return (spaces >= 8 || wide >= 40) && symbols * 50 < string.unicodeScalars.count
    }

    /// The contents of `<script>` elements whose `type` names JSON (JSON-LD aside: metadata reads it) or
    /// whose id is Next.js's, within ``maxJSONBytes``.
    static func jsonScripts(in html: [UInt8]) -> [Data] {
        var scripts: [Data] = []
        var total = 0
        var index = 0
        let open = Array("<script".utf8)
        let close = Array("</script".utf8)
        while let start = find(open, in: html, from: index) {
            guard let tagEnd = html[start...].firstIndex(of: 0x3E) else { break }
            let tag = String(decoding: html[start..<tagEnd], as: UTF8.self).lowercased()
            guard let end = find(close, in: html, from: tagEnd + 1) else { break }
            index = end + close.count
            let isJSON = (tag.contains("json") && !tag.contains("ld+json")) || tag.contains("__next_data__")
            guard isJSON, end > tagEnd + 1, total + (end - tagEnd) <= maxJSONBytes else { continue }
            total += end - tagEnd
            scripts.append(Data(html[(tagEnd + 1)..<end]))
        }
        return scripts
    }

    /// The offset of `needle` (lowercase ASCII) in `bytes` at or after `start`, ignoring ASCII case.
    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var index = start
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] | 0x20 == first {
                var matched = true
                for offset in 1..<needle.count {
                    let byte = bytes[index + offset]
                    let folded = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                    if folded != needle[offset] {
                        matched = false
                        break
                    }
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }
}

/// A small JSON writer for result documents: compact, keys sorted, the same bytes Foundation's
/// `JSONEncoder` writes with `.sortedKeys` and `.withoutEscapingSlashes` (integral numbers without `.0`,
/// controls escaped, everything else as UTF-8) at a fraction of its cost: Foundation's encoder took more
/// CPU than language detection. Tests hold the two to the same output.
struct JSONObjectWriter {
    private var members: [(key: String, value: [UInt8])] = []

    /// Adds a member whose value is already JSON.
    mutating func raw(_ key: String, _ json: [UInt8]) {
        members.append((key, json))
    }

    mutating func string(_ key: String, _ value: String?) {
        guard let value else { return }
        var json: [UInt8] = []
        JSONBytes.appendString(value, to: &json)
        raw(key, json)
    }

    mutating func int(_ key: String, _ value: Int?) {
        guard let value else { return }
        raw(key, Array(String(value).utf8))
    }

    mutating func double(_ key: String, _ value: Double?) {
        guard let value else { return }
        raw(key, Array(JSONBytes.number(value).utf8))
    }

    mutating func bool(_ key: String, _ value: Bool?) {
        guard let value else { return }
        raw(key, Array((value ? "true" : "false").utf8))
    }

    mutating func object(_ key: String, _ build: (inout JSONObjectWriter) -> Void) {
        var nested = JSONObjectWriter()
        build(&nested)
        raw(key, nested.bytes())
    }

    /// An array member, absent when `values` is nil.
    mutating func array<Element>(_ key: String, _ values: [Element]?, _ element: (Element, inout [UInt8]) -> Void) {
        guard let values else { return }
        var json: [UInt8] = [0x5B]
        for (index, value) in values.enumerated() {
            if index > 0 { json.append(0x2C) }
            element(value, &json)
        }
        json.append(0x5D)
        raw(key, json)
    }

    /// The object, members sorted by key as `JSONEncoder`'s `.sortedKeys` orders them.
    func bytes() -> [UInt8] {
        var json: [UInt8] = [0x7B]
        for (index, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { json.append(0x2C) }
            JSONBytes.appendString(member.key, to: &json)
            json.append(0x3A)
            json += member.value
        }
        json.append(0x7D)
        return json
    }
}

extension JSONBytes {
    /// A number as `JSONEncoder` writes it: integral values without a fraction, others in Swift's shortest
    /// round-tripping form; NaN and infinities as strings (what ``ArticleDocument/jsonData()`` asks for).
    static func number(_ value: Double) -> String {
        if value.isNaN { return "\"NaN\"" }
        if value.isInfinite { return value < 0 ? "\"-Infinity\"" : "\"Infinity\"" }
        if value == value.rounded(), abs(value) < 1e16 {
            return value == 0 && value.sign == .minus ? "-0" : String(Int64(value))
        }
        return value.description
    }
}

extension ArticleDocument {
    /// The document as compact JSON with sorted keys, as bytes: the same document always gives the same
    /// bytes, so stored results can be compared and hashed. Absent optionals are left out; NaN and
    /// infinite numbers (a caller's broken clock) are written as strings rather than failing.
    public func jsonBytes() -> [UInt8] {
        var object = JSONObjectWriter()
        object.int("schemaVersion", schemaVersion)
        object.string("id", id)
        object.string("articleId", articleId)
        object.string("source", source)
        object.string("url", url)
        object.string("title", title)
        object.string("text", text)
        object.array("paragraphs", paragraphs) { JSONBytes.appendString($0, to: &$1) }
        object.raw("language", language.jsonBytes())
        object.string("charset", charset)
        object.string("format", format.rawValue)
        object.int("wordCount", wordCount)
        object.int("characterCount", characterCount)
        object.raw("processing", processing.jsonBytes())
        object.string("charsetSource", charsetSource)
        object.string("pageType", pageType)
        object.string("html", html)
        object.array("authors", authors) { JSONBytes.appendString($0, to: &$1) }
        if let published { object.raw("published", published.jsonBytes()) }
        if let modified { object.raw("modified", modified.jsonBytes()) }
        object.string("siteName", siteName)
        object.string("description", description)
        object.string("canonicalUrl", canonicalUrl)
        object.string("image", image)
        object.string("section", section)
        object.array("tags", tags) { JSONBytes.appendString($0, to: &$1) }
        object.string("dateline", dateline)
        object.array("sentences", sentences) { range, json in
            var member = JSONObjectWriter()
            member.int("offset", range.offset)
            member.int("length", range.length)
            json += member.bytes()
        }
        object.int("sentenceCount", sentenceCount)
        object.int("paragraphCount", paragraphCount)
        object.int("readingTimeSeconds", readingTimeSeconds)
        object.array("keywords", keywords) { keyword, json in
            var member = JSONObjectWriter()
            member.string("text", keyword.text)
            member.double("score", keyword.score)
            member.int("count", keyword.count)
            json += member.bytes()
        }
        object.string("contentHash", contentHash)
        object.string("simhash", simhash)
        object.array("tokens", tokens) { token, json in
            var member = JSONObjectWriter()
            member.int("offset", token.offset)
            member.int("length", token.length)
            member.string("kind", token.kind)
            member.string("normalized", token.normalized)
            member.string("stem", token.stem)
            member.bool("stopword", token.stopword)
            json += member.bytes()
        }
        return object.bytes()
    }
}

extension ArticleDocument.Language {
    func jsonBytes() -> [UInt8] {
        var object = JSONObjectWriter()
        object.string("code", code)
        object.string("name", name)
        object.string("script", script)
        object.double("confidence", confidence)
        object.bool("reliable", reliable)
        object.string("declared", declared)
        object.array("others", others) { other, json in
            var member = JSONObjectWriter()
            member.string("code", other.code)
            member.int("percent", other.percent)
            json += member.bytes()
        }
        object.array("spans", spans) { span, json in
            var member = JSONObjectWriter()
            member.string("code", span.code)
            member.string("name", span.name)
            member.string("script", span.script)
            member.int("offset", span.offset)
            member.int("length", span.length)
            member.double("percent", span.percent)
            json += member.bytes()
        }
        return object.bytes()
    }
}

extension ProcessingFacts {
    func jsonBytes() -> [UInt8] {
        var object = JSONObjectWriter()
        object.string("worker", worker)
        object.string("host", host)
        object.int("attempts", attempts)
        object.string("processedAt", processedAt)
        object.double("durationMs", durationMs)
        if let stagesMs {
            object.object("stagesMs") { stages in
                stages.double("decode", stagesMs.decode)
                stages.double("parse", stagesMs.parse)
                stages.double("extract", stagesMs.extract)
                stages.double("metadata", stagesMs.metadata)
                stages.double("language", stagesMs.language)
                stages.double("analysis", stagesMs.analysis)
            }
        }
        return object.bytes()
    }
}

extension DateFact {
    func jsonBytes() -> [UInt8] {
        var object = JSONObjectWriter()
        object.string("value", value)
        object.string("source", source)
        return object.bytes()
    }
}

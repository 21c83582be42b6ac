import Foundation
import PressworkJSON

extension ArticleDocument {
    /// ``jsonBytes()`` as `Data`.
    public func jsonData() -> Data {
        Data(jsonBytes())
    }

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
        if let fetch {
            object.object("fetch") { member in
                member.string("requestedUrl", fetch.requestedUrl)
                member.string("finalUrl", fetch.finalUrl)
                member.int("status", fetch.status)
                member.string("contentType", fetch.contentType)
                member.string("fetchedAt", fetch.fetchedAt)
                member.int("bytes", fetch.bytes)
                member.double("ms", fetch.ms)
                member.int("redirects", fetch.redirects)
                member.string("archive", fetch.archive)
            }
        }
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
        object.string("reason", reason)
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
        if let pipelineVersion { object.string("pipelineVersion", pipelineVersion) }
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

import CCLD2

/// Stage 3: the language of the text, from CLD2, with the declared language, the URL's top-level domain
/// and the charset as hints; its script (ISO 15924); and the spans of other languages inside it.
///
/// CLD2 keeps no mutable state, so one stage value serves every thread.
struct LanguageStage: Sendable {
    /// Below this many bytes of letters (CLD2's own measure of text) a text is short.
    static let shortTextLetterBytes = 200
    /// A span must hold this many bytes of letters to be reported: about seven Latin words, four Cyrillic
    /// or Greek ones, or a short Chinese sentence. CLD2's shorter chunks are mostly names and noise.
    static let minimumSpanLetterBytes = 40
    /// Scripts written by many CLD2 languages. On a few words in these, best-effort guesses were right only
    /// 45 to 75 % of the time on the UDHR word buckets and keyboard junk gets one too, so such a guess
    /// counts only when a hint agrees or the text is long and scores like real language. Other scripts
    /// (Hebrew, Greek, Thai, kana, hangul, Bengali, ...) narrow the choice to one or two languages.
    static let sharedScripts: Set<String> = ["Latn", "Cyrl", "Arab", "Deva", "Hani", "Hans", "Hant"]
    /// A best-effort guess on a text of at least ``sentenceLetterBytes`` counts when CLD2's normalized
    /// score reaches this: UDHR sentences CLD2 declined (Russian it found too close to Belarusian) scored
    /// 700 to 1800, random letters 40 to 260.
    static let plausibleScore = 400.0
    static let sentenceLetterBytes = 100
    /// Below this many bytes of letters CLD2's reliable flag is not taken: it calls keyboard rows such as
    /// "zxcvbnm asdfgh" reliable Interlingue. Such answers keep their code but not the flag.
    static let minimumReliableLetterBytes = 40
    /// A text of a few words (under ``sentenceLetterBytes``) is reliable only with at least this normalized
    /// score: CLD2 called a line of random letters reliable English at 488, while 96 % of the UDHR texts of
    /// 40 to 100 letter bytes score above 600.
    static let reliableShortTextScore = 600.0

    /// Judges the language of an article.
    ///
    /// - Parameters:
    ///   - title: judged together with the text (it is often the longest sentence of a short item).
    ///   - text: the article's clean text; span offsets are UTF-8 byte offsets into it.
    ///   - declared: the declared language, `kk` or `mi,en`; a hint, reported back as given.
    ///   - url: the article's URL; its host's country-code top-level domain is a hint.
    ///   - charset: the charset the article was decoded from when it was declared or detected.
    func run(
        title: String, text: String, declared: String?, url: String? = nil, charset: String? = nil
    ) -> ArticleDocument.Language {
        let prefix = title.isEmpty ? "" : title + "\n\n"
        let textStart = prefix.utf8.count
        var sample = prefix + text
        let hint = declared.flatMap(Self.cld2Hint)
        let tld = url.flatMap(Self.countryCodeDomain)
        // A single declared code also becomes CLD2's language hint; a list such as "mi,en" only boosts.
        let single = hint.flatMap { $0.contains(",") ? nil : $0 }
        let charsetHint = charset.map { $0.lowercased() }

        var detection = Detection()
        sample.withUTF8 { buffer in
            Self.withCStrings(hint, tld, charsetHint, single) { hints in
                detection = Self.detect(buffer, hints: hints, bestEffort: false, spans: true)
                let letterBytes = Int(detection.result.text_bytes)
                // CLD2 declines when it finds the answer unreliable; its best effort is kept when there is
                // reason to believe it (see the constants above), and is never called reliable.
                guard detection.summary == .undetermined && letterBytes > 0 else { return }
                let guess = Self.detect(buffer, hints: hints, bestEffort: true, spans: false)
                let script = Self.script(of: prefix + text, cld2Code: guess.cld2Code) ?? "Latn"
                let agreesWithHint = single.map { LanguageCode.normalize($0.lowercased()) } == guess.summary.code
                let plausible =
                    letterBytes >= Self.sentenceLetterBytes
                    && guess.result.summary.normalized_score >= Self.plausibleScore
                if agreesWithHint || plausible || !Self.sharedScripts.contains(script) {
                    detection.result = guess.result
                    detection.result.is_reliable = false
                }
            }
        }
        let letterBytes = Int(detection.result.text_bytes)
        if letterBytes < Self.minimumReliableLetterBytes
            || (letterBytes < Self.sentenceLetterBytes
                && detection.result.summary.normalized_score < Self.reliableShortTextScore)
        {
            detection.result.is_reliable = false
        }
        // Han without kana cannot tell Japanese from Chinese in a few words; CLD2 leans to Japanese there
        // (a third of the UDHR's Chinese single words), so a short Japanese answer needs kana.
        if detection.cld2Code == "ja" && Int(detection.result.text_bytes) < Self.shortTextLetterBytes {
            let scripts = ScriptDetector().detect(prefix + text).shares.map(\.script)
            if !scripts.contains("Hira") && !scripts.contains("Kana") {
                detection.result = ccld2_result()
            }
        }

        let summary = detection.summary
        let others = Self.others(detection.result, summary: summary)
        guard summary != .undetermined else {
            return .init(
                code: summary.code, name: summary.name, script: Self.script(of: text, cld2Code: ""),
                confidence: 0, reliable: false, declared: declared, others: others,
                spans: spans(detection.spans, in: sample, textStart: textStart, main: summary.code))
        }
        // zh and zh-Hant are folded into one code, so their shares are too.
        let top = [detection.result.top.0, detection.result.top.1, detection.result.top.2]
        let percent = top.filter {
            LanguageCode(cld2: Self.string($0.code), cld2Name: "").code == summary.code
        }.reduce(0) { $0 + Int($1.percent) }
        let share = Double(min(100, max(percent, Int(detection.result.summary.percent)))) / 100
        // An unreliable verdict is worth half: CLD2 itself doubts it.
        let confidence = detection.result.is_reliable ? share : share / 2
        return .init(
            code: summary.code,
            name: summary.name,
            script: Self.script(of: text, cld2Code: detection.cld2Code),
            confidence: (confidence * 1000).rounded() / 1000,
            reliable: detection.result.is_reliable,
            declared: declared,
            others: others,
            spans: spans(detection.spans, in: sample, textStart: textStart, main: summary.code)
        )
    }

    /// One CLD2 call's answer.
    private struct Detection {
        var result = ccld2_result()
        var spans: [ccld2_span] = []
        var cld2Code: String { LanguageStage.string(result.summary.code) }
        var summary: LanguageCode {
            LanguageCode(cld2: cld2Code, cld2Name: LanguageStage.string(result.summary.name))
        }
    }

    private static func detect(
        _ buffer: UnsafeBufferPointer<UInt8>, hints: UnsafePointer<ccld2_hints>, bestEffort: Bool, spans: Bool
    ) -> Detection {
        var detection = Detection()
        buffer.withMemoryRebound(to: CChar.self) { characters in
            var count = 0
            // Most articles have no span at all; a second call with room for all is rare.
            var room = spans ? 16 : 0
            repeat {
                detection.spans = Array(repeating: ccld2_span(), count: room)
                detection.spans.withUnsafeMutableBufferPointer { out in
                    ccld2_detect(
                        characters.baseAddress, characters.count, true, hints, bestEffort, &detection.result,
                        out.baseAddress, out.count, &count)
                }
                if count <= room { break }
                room = count
            } while true
            detection.spans.removeLast(detection.spans.count - min(count, detection.spans.count))
        }
        return detection
    }

    /// CLD2's chunks as spans of `text`: clipped to it (the title is not part of it), trimmed of
    /// whitespace, merged across noise, and without the main language's.
    private func spans(
        _ chunks: [ccld2_span], in sample: String, textStart: Int, main: String
    ) -> [ArticleDocument.Language.Span] {
        let bytes = Array(sample.utf8)
        let textLength = bytes.count - textStart
        guard textLength > 0 else { return [] }
        var runs: [(language: LanguageCode, cld2: String, start: Int, end: Int)] = []
        for chunk in chunks {
            var start = max(Int(chunk.offset), textStart)
            var end = min(Int(chunk.offset) + Int(chunk.length), bytes.count)
            // Whole scalars only, without surrounding whitespace.
            while start < end && (bytes[start] & 0xC0 == 0x80 || Self.isSpace(bytes[start])) { start += 1 }
            while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
            while end > start && Self.isSpace(bytes[end - 1]) { end -= 1 }
            guard start < end else { continue }
            let piece = String(decoding: bytes[start..<end], as: UTF8.self)
            guard Self.letterBytes(piece) >= Self.minimumSpanLetterBytes else { continue }
            let cld2 = Self.string(chunk.code)
            let language = LanguageCode(cld2: cld2, cld2Name: Self.string(chunk.name))
            // Same language again with only noise between: one span.
            if let last = runs.last, last.language.code == language.code {
                runs[runs.count - 1].end = end
            } else {
                runs.append((language, cld2, start, end))
            }
        }
        return runs.filter { $0.language.code != main }.map { run in
            let piece = String(decoding: bytes[run.start..<run.end], as: UTF8.self)
            let length = run.end - run.start
            return .init(
                code: run.language.code,
                name: run.language.name,
                script: Self.script(of: piece, cld2Code: run.cld2),
                offset: run.start - textStart,
                length: length,
                percent: (Double(length) * 1000 / Double(textLength)).rounded() / 10
            )
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// UTF-8 bytes of the letters of `text`, the unit CLD2 measures text in. ASCII is judged without
    /// Unicode's property tables, which cost more than all of language detection on English text.
    private static func letterBytes(_ text: String) -> Int {
        var count = 0
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let value = scalar.value | 0x20
                if value >= 0x61 && value <= 0x7A { count += 1 }
            } else if scalar.properties.isAlphabetic {
                count += UTF8.width(scalar)
            }
        }
        return count
    }

    /// The ISO 15924 script of `text` for the language CLD2 found in it (CLD2's code such as `zh-Hant`
    /// tells simplified from traditional Han); nil when it has no letters.
    private static func script(of text: String, cld2Code: String) -> String? {
        let script = ScriptDetector().detect(text, language: cld2Code.isEmpty ? nil : cld2Code).script
        return script == "Zyyy" ? nil : script
    }

    private static func others(_ result: ccld2_result, summary: LanguageCode) -> [ArticleDocument.Language.Other] {
        var others: [ArticleDocument.Language.Other] = []
        for entry in [result.top.0, result.top.1, result.top.2] where entry.percent > 0 {
            let code = LanguageCode(cld2: Self.string(entry.code), cld2Name: Self.string(entry.name)).code
            if code == summary.code || code == LanguageCode.undetermined.code { continue }
            if let index = others.firstIndex(where: { $0.code == code }) {
                // zh and zh-Hant both become zh: one entry, shares added.
                others[index].percent += Int(entry.percent)
            } else {
                others.append(.init(code: code, percent: Int(entry.percent)))
            }
        }
        return others
    }

    /// Calls `body` with the hints as C strings that live for the call.
    private static func withCStrings(
        _ contentLanguage: String?, _ tld: String?, _ charset: String?, _ language: String?,
        _ body: (UnsafePointer<ccld2_hints>) -> Void
    ) {
        func with(_ string: String?, _ body: (UnsafePointer<CChar>?) -> Void) {
            if let string { string.withCString { body($0) } } else { body(nil) }
        }
        with(contentLanguage) { contentLanguage in
            with(tld) { tld in
                with(charset) { charset in
                    with(language) { language in
                        var hints = ccld2_hints(
                            content_language: contentLanguage, tld: tld, charset: charset, language: language)
                        body(&hints)
                    }
                }
            }
        }
    }

    /// CLD2 reads Content-Language style hints: `kk`, `en-US`, `mi,en`. Anything else is dropped rather
    /// than risk confusing it.
    private static func cld2Hint(_ declared: String) -> String? {
        let trimmed = Whitespace.collapse(declared)
        let allowed = trimmed.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || "-_, ".unicodeScalars.contains($0))
        }
        return allowed && !trimmed.isEmpty && trimmed.count <= 64 ? trimmed.replacingUnderscores() : nil
    }

    /// `"https://www.aftenposten.no/x"` to `"no"`: country-code domains only, since CLD2's TLD table is
    /// about countries and `com` or `org` say nothing about a language.
    static func countryCodeDomain(_ url: String) -> String? {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        let host = rest.prefix { !"/?#:".contains($0) }.split(separator: "@").last ?? ""
        guard let last = host.split(separator: ".").last, host.contains(".") else { return nil }
        let tld = last.lowercased()
        return tld.count == 2 && tld.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) }) ? tld : nil
    }

    /// A fixed-size C char array as a Swift string.
    fileprivate static func string<T>(_ tuple: T) -> String {
        withUnsafeBytes(of: tuple) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}

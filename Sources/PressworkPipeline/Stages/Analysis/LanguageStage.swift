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
    /// Scripts in which CLD2's best effort on a few letters needs a score to be believed: keyboard junk and
    /// random letters are typed in them. Measured with CLD2's best effort (normalized score, per 1024 bytes
    /// of letters): 5,000 strings of one to six random Latin words scored 60 / 215 / 558 at the 5th, 50th
    /// and 90th percentile; UDHR word pairs it got right 284 / 1063 / 2048. In other scripts (Arabic,
    /// Devanagari, Han, Hebrew, Thai, ...) nobody mashes keys, and a guess is right more often than `und`.
    static let typedJunkScripts: Set<String> = ["Latn", "Cyrl"]
    /// A best-effort guess in a ``typedJunkScripts`` script counts from this score. At 400, with the Latin
    /// junk test, the UDHR word pairs come out 83 % right, 7.8 % of short random strings get an answer
    /// (never a reliable one) and 0.7 % of random strings of 1 to 40 words.
    static let plausibleScore = 400.0
    static let sentenceLetterBytes = 100
    /// Below this many bytes of letters CLD2's reliable flag is not taken: it calls keyboard rows such as
    /// "zxcvbnm asdfgh" reliable Interlingue. Such answers keep their code but not the flag.
    static let minimumReliableLetterBytes = 40
    /// A text of a few words (under ``sentenceLetterBytes``) is reliable only with at least this normalized
    /// score: CLD2 called a line of random letters reliable English at 488, while 96 % of the UDHR texts of
    /// 40 to 100 letter bytes score above 600.
    static let reliableShortTextScore = 600.0
    /// Room for CLD2's chunks on the stack; a text with more (rare) is judged again with room for all.
    private static let spanRoom = 16
    /// Asking CLD2 for its chunks makes it a third slower. Texts up to this many bytes are judged without
    /// them first and again with them only when CLD2 finds a second language, the only case with spans.
    private static let chunklessBytes = 4096

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
        // Short texts (the langid command's lines) have no title: judge them in place, without a copy.
        if title.isEmpty {
            var text = text
            return text.withUTF8 { judge($0, textStart: 0, declared: declared, url: url, charset: charset) }
        }
        var sample = title + "\n\n" + text
        let textStart = sample.utf8.count - text.utf8.count
        return sample.withUTF8 { judge($0, textStart: textStart, declared: declared, url: url, charset: charset) }
    }

    /// What the stage concludes from CLD2's answers.
    private struct Verdict {
        var result = ccld2_result()
        var language = LanguageCode.undetermined
        /// CLD2's code, which tells `zh` from `zh-Hant` for the script; empty when it says nothing.
        var cld2Code = ""
        var bestEffort = false
        var spans: [ccld2_span] = []
    }

    private func judge(
        _ sample: UnsafeBufferPointer<UInt8>, textStart: Int, declared: String?, url: String?, charset: String?
    ) -> ArticleDocument.Language {
        let hint = declared.flatMap(Self.cld2Hint)
        let tld = url.flatMap(Self.countryCodeDomain)
        // A single declared code also becomes CLD2's language hint; a list such as "mi,en" only boosts.
        let single = hint.flatMap { $0.contains(",") ? nil : $0 }
        let charsetHint = charset.map { $0.lowercased() }
        let counts = ScriptCounts(sample)
        var verdict = Verdict()
        Self.withCStrings(hint, tld, charsetHint, single) { hints in
            verdict = Self.decide(sample, hints: hints, single: single, counts: counts)
        }
        let text = UnsafeBufferPointer(rebasing: sample[textStart...])
        let textCounts = textStart == 0 ? counts : ScriptCounts(text)
        let spans = spans(verdict.spans, in: sample, textStart: textStart, main: verdict.language.code)
        let language = verdict.language
        guard language != .undetermined else {
            return .init(
                code: language.code, name: language.name, script: textCounts.script(language: nil),
                confidence: 0, reliable: false, declared: declared, others: Self.others(verdict.result, main: ""),
                spans: spans)
        }
        let result = verdict.result
        // zh and zh-Hant are folded into one code, so their shares are too.
        var percent = 0
        for entry in [result.top.0, result.top.1, result.top.2] where entry.percent > 0 {
            if LanguageCode.cld2(entry.language).language.code == language.code { percent += Int(entry.percent) }
        }
        let share = Double(min(100, max(percent, Int(result.summary.percent)))) / 100
        // An unreliable verdict is worth half: CLD2 itself doubts it. A best-effort guess on a few words is
        // worth a quarter, so that no caller mistakes it for a judgement.
        let confidence = result.is_reliable ? share : verdict.bestEffort ? share / 4 : share / 2
        return .init(
            code: language.code,
            name: language.name,
            script: textCounts.script(language: verdict.cld2Code.isEmpty ? nil : verdict.cld2Code),
            confidence: (confidence * 1000).rounded() / 1000,
            reliable: result.is_reliable,
            declared: declared,
            others: Self.others(result, main: language.code),
            spans: spans
        )
    }

    /// CLD2's verdict, its best effort when it declines and the guess is believable, and the rules that
    /// keep junk `und` and short answers unreliable.
    private static func decide(
        _ sample: UnsafeBufferPointer<UInt8>, hints: UnsafePointer<ccld2_hints>, single: String?,
        counts: ScriptCounts
    ) -> Verdict {
        var verdict = detect(sample, hints: hints, bestEffort: false, spans: sample.count > chunklessBytes)
        if sample.count <= chunklessBytes && verdict.result.top.1.percent > 0 {
            verdict = detect(sample, hints: hints, bestEffort: false, spans: true)
        }
        let letterBytes = Int(verdict.result.text_bytes)
        let agreesWithHint = { (code: String) in single.map { LanguageCode.normalize($0.lowercased()) } == code }
        if verdict.language == .undetermined && letterBytes > 0 {
            let guess = detect(sample, hints: hints, bestEffort: true, spans: false)
            let script = counts.script(language: guess.cld2Code) ?? "Latn"
            let believable =
                !typedJunkScripts.contains(script) || guess.result.summary.normalized_score >= plausibleScore
            if guess.language != .undetermined && (believable || agreesWithHint(guess.language.code)) {
                verdict.result = guess.result
                verdict.language = guess.language
                verdict.cld2Code = guess.cld2Code
                verdict.bestEffort = true
                verdict.result.is_reliable = false
            }
        }
        guard verdict.language != .undetermined else { return verdict }
        // Random letters and keyboard rows get answers from CLD2 on a few words, and best-effort ones at
        // any length; in Latin script their shape gives them away (see LatinJunk).
        if (letterBytes < sentenceLetterBytes || verdict.bestEffort) && counts.script(language: nil) == "Latn"
            && LatinJunk.isJunk(sample)
        {
            return Verdict(result: ccld2_result(), spans: verdict.spans)
        }
        if letterBytes < minimumReliableLetterBytes
            || (letterBytes < sentenceLetterBytes && verdict.result.summary.normalized_score < reliableShortTextScore)
        {
            verdict.result.is_reliable = false
        }
        // Han without kana cannot tell Japanese from Chinese in a few words; CLD2 leans to Japanese there
        // (a third of the UDHR's Chinese word pairs), while Japanese text almost always has kana. Such a
        // short answer is Chinese, unreliable, with no word on simplified or traditional.
        if verdict.cld2Code == "ja" && letterBytes < shortTextLetterBytes && !counts.hasKana {
            verdict.language = LanguageCode(code: "zh", name: "Chinese")
            verdict.cld2Code = ""
            verdict.result.is_reliable = false
            verdict.bestEffort = true
        }
        return verdict
    }

    /// One CLD2 call. Chunks are gathered on the stack and copied out only when there is more than one
    /// or it is not in the summary language (a span is always in another language than the text's).
    private static func detect(
        _ buffer: UnsafeBufferPointer<UInt8>, hints: UnsafePointer<ccld2_hints>, bestEffort: Bool, spans: Bool
    ) -> Verdict {
        var verdict = Verdict()
        buffer.withMemoryRebound(to: CChar.self) { characters in
            var count = 0
            withUnsafeTemporaryAllocation(of: ccld2_span.self, capacity: spans ? spanRoom : 1) { room in
                ccld2_detect(
                    characters.baseAddress, characters.count, true, hints, bestEffort, &verdict.result,
                    room.baseAddress, spans ? room.count : 0, &count)
                guard spans && count > 0 && count <= room.count else { return }
                if count == 1 && room[0].language == verdict.result.summary.language { return }
                verdict.spans = Array(room.prefix(count))
            }
            // More chunks than room: judge again with room for all (rare: long mixed texts).
            if spans && count > spanRoom {
                verdict.spans = Array(repeating: ccld2_span(), count: count)
                verdict.spans.withUnsafeMutableBufferPointer { out in
                    ccld2_detect(
                        characters.baseAddress, characters.count, true, hints, bestEffort, &verdict.result,
                        out.baseAddress, out.count, &count)
                }
                verdict.spans.removeLast(verdict.spans.count - min(count, verdict.spans.count))
            }
        }
        let entry = LanguageCode.cld2(verdict.result.summary.language)
        verdict.cld2Code = entry.cld2
        verdict.language = entry.language
        return verdict
    }

    /// CLD2's chunks as spans of `text`: clipped to it (the title is not part of it), trimmed of
    /// whitespace, merged across noise, and without the main language's.
    private func spans(
        _ chunks: [ccld2_span], in bytes: UnsafeBufferPointer<UInt8>, textStart: Int, main: String
    ) -> [ArticleDocument.Language.Span] {
        guard !chunks.isEmpty else { return [] }
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
            let piece = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            guard Self.letterBytes(piece) >= Self.minimumSpanLetterBytes else { continue }
            let entry = LanguageCode.cld2(chunk.language)
            let (cld2, language) = (entry.cld2, entry.language)
            // Same language again with only noise between: one span.
            if let last = runs.last, last.language.code == language.code {
                runs[runs.count - 1].end = end
            } else {
                runs.append((language, cld2, start, end))
            }
        }
        return runs.filter { $0.language.code != main }.map { run in
            let length = run.end - run.start
            let counts = ScriptCounts(UnsafeBufferPointer(rebasing: bytes[run.start..<run.end]))
            return .init(
                code: run.language.code,
                name: run.language.name,
                script: counts.script(language: run.cld2),
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

    /// The languages among CLD2's top three other than `main`, with their shares.
    private static func others(_ result: ccld2_result, main: String) -> [ArticleDocument.Language.Other] {
        var others: [ArticleDocument.Language.Other] = []
        for entry in [result.top.0, result.top.1, result.top.2] where entry.percent > 0 {
            let code = LanguageCode.cld2(entry.language).language.code
            if code == main || code == LanguageCode.undetermined.code { continue }
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

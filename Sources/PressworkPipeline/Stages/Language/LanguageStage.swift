import CCLD2

/// Stage 3: the language of the text, from CLD2, with the declared language, the URL's top-level domain
/// and the charset as hints; its script (ISO 15924); and the spans of other languages inside it.
///
/// CLD2's answer is kept unless there is evidence against it: best effort when it declines, `und` only
/// for text without letters or with letters that are not language (``LatinJunk``), and then its guess is
/// still among `others`. How far to trust an answer is a separate verdict: `reliable` and `confidence`.
/// CLD2 keeps no mutable state, so one stage value serves every thread.
struct LanguageStage: Sendable {
    /// Below this many bytes of letters (CLD2's own measure of text) a text is short.
    static let shortTextLetterBytes = 200
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
        // Short texts (the langid command's lines) have no title: judge them in place, without a copy.
        if title.isEmpty {
            var text = text
            return text.withUTF8 { judge($0, textStart: 0, declared: declared, url: url, charset: charset) }
        }
        var sample = title + "\n\n" + text
        let textStart = sample.utf8.count - text.utf8.count
        return sample.withUTF8 { judge($0, textStart: textStart, declared: declared, url: url, charset: charset) }
    }

    /// The language of `text`, UTF-8 bytes without a title (ill-formed sequences count as U+FFFD), judged
    /// in place: the langid command's lines, which would otherwise each be copied into a `String` first.
    /// Offsets in the result are bytes of `text`.
    func run(bytes text: UnsafeBufferPointer<UInt8>, declared: String?, url: String? = nil) -> ArticleDocument.Language
    {
        judge(text, textStart: 0, declared: declared, url: url, charset: nil)
    }

    /// Why a text is `und`, as `language.reason` says.
    enum Reason: String {
        /// No letters at all: numbers, symbols, punctuation.
        case noLetters = "no-letters"
        /// Letters that do not look like language: random letters, keyboard rows.
        case notLanguage = "not-language"
        /// Letters in which CLD2 finds no language, even at its best effort.
        case unknown = "unknown"
    }

    /// What the stage concludes from CLD2's answers.
    struct Verdict {
        var result = ccld2_result()
        var language = LanguageCode.undetermined
        /// CLD2's code, which tells `zh` from `zh-Hant` for the script; empty when it says nothing.
        var cld2Code = ""
        var bestEffort = false
        /// Why ``language`` is undetermined, when it is.
        var reason: Reason?
    }

    private func judge(
        _ original: UnsafeBufferPointer<UInt8>, textStart: Int, declared: String?, url: String?, charset: String?
    ) -> ArticleDocument.Language {
        let detection = DetectionText(original)
        guard detection.changed else {
            return judge(
                original, textStart: textStart, detection: detection, declared: declared, url: url, charset: charset)
        }
        return detection.bytes.withUnsafeBufferPointer {
            judge(
                $0, textStart: detection.cleaned(textStart), detection: detection, declared: declared, url: url,
                charset: charset)
        }
    }

    /// Judges `sample` (cleaned; `detection` maps its offsets back to the caller's).
    private func judge(
        _ sample: UnsafeBufferPointer<UInt8>, textStart: Int, detection: DetectionText, declared: String?,
        url: String?, charset: String?
    ) -> ArticleDocument.Language {
        let hint = declared.flatMap(Self.cld2Hint)
        let tld = url.flatMap(Self.countryCodeDomain)
        // A single declared code also becomes CLD2's language hint; a list such as "mi,en" only boosts.
        let single = hint.flatMap { $0.contains(",") ? nil : $0 }
        let charsetHint = charset.map { $0.lowercased() }
        // Without a title the sample is the text: its pieces (for spans) and letter counts come in one pass.
        let (pieces, counts) =
            textStart == 0 ? SpanFinder.piecesAndCounts(sample) : (nil, ScriptCounts(sample))
        var verdict = Verdict()
        Self.withCStrings(hint, tld, charsetHint, single) { hints in
            verdict = Self.decide(sample, hints: hints, counts: counts)
        }
        let text = UnsafeBufferPointer(rebasing: sample[textStart...])
        let language = verdict.language
        let spans = SpanFinder(sample: sample, textStart: textStart, main: verdict, pieces: pieces).spans()
        // Without a title the sample is the text, whose letters are already counted.
        let script = Self.script(
            of: text, counted: textStart == 0 ? counts : nil, outside: spans, textStart: textStart,
            cld2Code: verdict.cld2Code)
        let others = Self.others(verdict.result, main: language.code, spans: spans, textLength: text.count)
        let originalTextStart = detection.original(textStart)
        let originalTextLength = max(1, detection.original(sample.count) - originalTextStart)
        let reported = spans.map { span in
            let start = detection.original(span.start) - originalTextStart
            let length = detection.original(span.end) - originalTextStart - start
            return ArticleDocument.Language.Span(
                code: span.language.code, name: span.language.name, script: span.script, offset: start,
                length: length, percent: (Double(length) * 1000 / Double(originalTextLength)).rounded() / 10)
        }
        guard language != .undetermined else {
            return .init(
                code: language.code, name: language.name, script: script, confidence: 0, reliable: false,
                declared: declared, others: others, spans: reported, reason: verdict.reason?.rawValue)
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
            script: script,
            confidence: (confidence * 1000).rounded() / 1000,
            reliable: result.is_reliable,
            declared: declared,
            others: others,
            spans: reported
        )
    }

    /// CLD2's verdict, its best effort when it declines, and the rules that keep junk `und` and short
    /// answers unreliable.
    private static func decide(
        _ sample: UnsafeBufferPointer<UInt8>, hints: UnsafePointer<ccld2_hints>, counts: ScriptCounts
    ) -> Verdict {
        // A long text is not cut into pieces when it is in one script and language (SpanFinder): CLD2's chunks
        // then say where to look for a passage in another language.
        let chunks = sample.count > SpanFinder.singleScriptBytes
        var verdict = detect(sample, hints: hints, bestEffort: false, chunks: chunks)
        let letterBytes = Int(verdict.result.text_bytes)
        if verdict.language == .undetermined {
            guard letterBytes > 0 else {
                verdict.reason = counts.script(language: nil) == nil ? .noLetters : .unknown
                return verdict
            }
            verdict = detect(sample, hints: hints, bestEffort: true, chunks: chunks)
            verdict.bestEffort = true
            verdict.result.is_reliable = false
            guard verdict.language != .undetermined else {
                verdict.reason = .unknown
                return verdict
            }
        }
        // Random letters and keyboard rows get answers from CLD2 on a few words, and best-effort ones at
        // any length; in Latin script their shape gives them away (see LatinJunk). The guess stays among
        // the others.
        if (letterBytes < sentenceLetterBytes || verdict.bestEffort) && counts.script(language: nil) == "Latn"
            && LatinJunk.isJunk(sample)
        {
            verdict.language = .undetermined
            verdict.cld2Code = ""
            verdict.result.is_reliable = false
            verdict.reason = .notLanguage
            return verdict
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
            verdict.language = .chinese
            verdict.cld2Code = ""
            verdict.result.is_reliable = false
            verdict.bestEffort = true
        } else if verdict.cld2Code == "ja" && !counts.hasKana {
            // A longer text without a single kana is not Japanese. CLD2 says so when a page declares bare
            // `zh` over traditional characters: the hint boosts simplified Chinese and the traditional
            // characters then score as Japanese (80 % of the UDHR's traditional text). Judged again
            // without the hints, it is Chinese.
            let unhinted = detect(sample, hints: nil, bestEffort: verdict.bestEffort, chunks: chunks)
            if unhinted.language == .chinese {
                let bestEffort = verdict.bestEffort
                verdict = unhinted
                verdict.bestEffort = bestEffort
            }
        }
        return verdict
    }

    /// One CLD2 call; with `chunks`, the result lists where CLD2 scored other languages than its verdict.
    static func detect(
        _ buffer: UnsafeBufferPointer<UInt8>, hints: UnsafePointer<ccld2_hints>?, bestEffort: Bool,
        chunks: Bool = false
    ) -> Verdict {
        var verdict = Verdict()
        buffer.withMemoryRebound(to: CChar.self) { characters in
            ccld2_detect(characters.baseAddress, characters.count, true, hints, bestEffort, chunks, &verdict.result)
        }
        let entry = LanguageCode.cld2(verdict.result.summary.language)
        verdict.cld2Code = entry.cld2
        verdict.language = entry.language
        return verdict
    }

    /// The script of the text's own language: of its letters outside the spans of other languages.
    private static func script(
        of text: UnsafeBufferPointer<UInt8>, counted: ScriptCounts?, outside spans: [SpanFinder.Run],
        textStart: Int, cld2Code: String
    ) -> String? {
        let language = cld2Code.isEmpty ? nil : cld2Code
        let whole = { (counted ?? ScriptCounts(text)).script(language: language) }
        guard !spans.isEmpty else { return whole() }
        var rest: [UInt8] = []
        var from = 0
        for span in spans {
            rest.append(contentsOf: text[from..<(span.start - textStart)])
            rest.append(0x20)
            from = span.end - textStart
        }
        rest.append(contentsOf: text[from...])
        let own = rest.withUnsafeBufferPointer { ScriptCounts($0).script(language: language) }
        return own ?? whole()
    }

    /// The languages among CLD2's top three other than `main`, with their shares, then the languages of
    /// spans that CLD2's top three missed, with the spans' share.
    private static func others(
        _ result: ccld2_result, main: String, spans: [SpanFinder.Run], textLength: Int
    ) -> [ArticleDocument.Language.Other] {
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
        let known = others.count
        for span in spans {
            let code = span.language.code
            guard code != main, !others.prefix(known).contains(where: { $0.code == code }) else { continue }
            let percent = (span.end - span.start) * 100 / max(1, textLength)
            if let index = others.firstIndex(where: { $0.code == code }) {
                others[index].percent += percent
            } else {
                others.append(.init(code: code, percent: percent))
            }
        }
        for index in known..<others.count { others[index].percent = min(100, max(1, others[index].percent)) }
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
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}

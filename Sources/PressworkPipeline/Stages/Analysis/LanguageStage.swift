import CCLD2

/// Stage 3: the language of the text, from CLD2, with the declared language as a hint.
///
/// CLD2 keeps no mutable state, so one stage value serves every thread.
struct LanguageStage: Sendable {
    func run(title: String, text: String, declared: String?) -> ArticleDocument.Language {
        var sample = title.isEmpty ? text : title + "\n\n" + text
        var result = ccld2_result()
        let hint = declared.flatMap(Self.cld2Hint)
        sample.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { characters in
                if let hint {
                    hint.withCString { ccld2_detect(characters.baseAddress, characters.count, true, $0, &result) }
                } else {
                    ccld2_detect(characters.baseAddress, characters.count, true, nil, &result)
                }
            }
        }
        let summary = LanguageCode(cld2: Self.string(result.summary.code), cld2Name: Self.string(result.summary.name))
        let top = [result.top.0, result.top.1, result.top.2]
        var others: [ArticleDocument.Language.Other] = []
        for entry in top where entry.percent > 0 {
            let code = LanguageCode(cld2: Self.string(entry.code), cld2Name: Self.string(entry.name)).code
            if code == summary.code || code == LanguageCode.undetermined.code { continue }
            if let index = others.firstIndex(where: { $0.code == code }) {
                // zh and zh-Hant both become zh: one entry, shares added.
                others[index].percent += Int(entry.percent)
            } else {
                others.append(.init(code: code, percent: Int(entry.percent)))
            }
        }
        guard summary != .undetermined else {
            return .init(
                code: summary.code,
                name: summary.name,
                confidence: 0,
                reliable: false,
                declared: declared,
                others: others
            )
        }
        // zh and zh-Hant are folded into one code, so their shares are too.
        let percent = top.filter {
            LanguageCode(cld2: Self.string($0.code), cld2Name: "").code == summary.code
        }.reduce(0) { $0 + Int($1.percent) }
        let share = Double(min(100, max(percent, Int(result.summary.percent)))) / 100
        // An unreliable verdict is worth half: CLD2 itself doubts it.
        let confidence = result.is_reliable ? share : share / 2
        return .init(
            code: summary.code,
            name: summary.name,
            confidence: (confidence * 1000).rounded() / 1000,
            reliable: result.is_reliable,
            declared: declared,
            others: others
        )
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

    /// A fixed-size C char array as a Swift string.
    private static func string<T>(_ tuple: T) -> String {
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

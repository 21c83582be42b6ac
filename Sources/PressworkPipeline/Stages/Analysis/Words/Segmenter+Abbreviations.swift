extension Segmenter {
    /// Abbreviations, lowercased, after which a period does not end a sentence although a capital or a
    /// number follows: titles before a name (`Dr. Smith`) and words that lead into what follows (`ca. 500`).
    /// Abbreviations that often end a sentence (`Jr.`, `etc.`, `Inc.`, `no.`, `ft.`, `пр.`) are left out:
    /// a sentence cut in two costs more than a missed split.
    static let abbreviations: Set<String> = [
        // English
        "mr", "mrs", "ms", "messrs", "dr", "prof", "gen", "col", "lt", "capt", "sgt", "adm", "gov", "sen",
        "rep", "rev", "hon", "st", "mt", "vs",
        // Before a number or the next word of a phrase (`ca. 500 Euro`, `z. B. Bücher`)
        "ca", "approx", "fig", "vol", "bzw", "vgl", "ggf", "z",
        // German, French, Spanish, Portuguese, Italian
        "hr", "fr", "frl", "nr", "mme", "mlle", "mgr", "sr", "sra", "srta", "dra", "dña", "sig", "dott", "avv",
        // Russian, Ukrainian, Kazakh (Cyrillic)
        "проф", "акад", "ген", "им", "ул", "просп", "пер", "св", "тов", "гр",
    ]

    /// Whether the sentence ICU ended at `range` goes on instead: it ends with a period after an initial (a
    /// single capital letter: `J.`, `А.`) or after one of ``abbreviations``.
    static func continuesAfter(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count >= 2, bytes[range.upperBound - 1] == UInt8(ascii: ".") else { return false }
        // The last word: bytes back to an ASCII character that is not a letter (abbreviations are short).
        var start = range.upperBound - 1
        while start > range.lowerBound, range.upperBound - start <= 24 {
            let byte = bytes[start - 1]
            guard byte >= 0x80 || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) else { break }
            start -= 1
        }
        guard start < range.upperBound - 1 else { return false }
        // After another period it is an acronym (`U.S.`), which ends sentences as often as not: ICU decides.
        if start > range.lowerBound, bytes[start - 1] == UInt8(ascii: ".") { return false }
        if start > range.lowerBound, !Self.isSpaceOrOpening(bytes[start - 1]) { return false }
        let word = UTF8Text.string(bytes, start..<(range.upperBound - 1))
        if word.count == 1, let letter = word.first, letter.isUppercase { return true }
        return abbreviations.contains(word.lowercased())
    }

    /// ASCII white space, or an opening bracket or quote, before a word.
    private static func isSpaceOrOpening(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09...0x0D, UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: "'"): true
        default: false
        }
    }
}

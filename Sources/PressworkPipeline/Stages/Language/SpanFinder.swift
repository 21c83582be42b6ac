import CCLD2
import CICU

/// Stretches of a text in other languages than its own, found piece by piece: the text is cut where the
/// script changes and at sentence ends (``pw_icu_language_pieces``), CLD2 judges each piece of enough
/// letters on its own, and neighbouring pieces of one language become one run.
///
/// CLD2's own chunks, judged inside the whole text, lean to the text's language: a sentence in another
/// language beside one in the text's language was found in about three quarters of mixed lines, against
/// nine in ten when each sentence is judged alone. A piece is taken for another language only on evidence:
/// it is written in another script than the text's, or CLD2 calls it reliable over at least
/// ``minimumSameScriptLetterBytes``; and never when CLD2 counts the two languages as statistically close
/// (Indonesian and Malay, Bosnian, Croatian and Serbian): a sentence of one is too easily read as the other.
struct SpanFinder {
    /// A run of pieces in one language, in bytes of the sample.
    struct Run {
        var language: LanguageCode
        /// CLD2's code (tells `zh` from `zh-Hant` for the script).
        var cld2: String
        var script: String?
        var start: Int
        var end: Int
    }

    /// A piece needs this many letters to be judged alone; shorter ones (names, numbers, abbreviations)
    /// join a neighbour.
    static let minimumPieceLetters: Int32 = 10
    /// A piece in the text's own script must hold this many bytes of letters, about seven Latin words, and
    /// be reliable to CLD2 to count as another language.
    static let minimumSameScriptLetterBytes: Int32 = 40
    /// Long texts are judged in at most this many pieces (neighbours in one script are joined), so that a
    /// megabyte of text costs a bounded number of CLD2 calls.
    static let maximumPieces = 512
    /// A longer text written in one script whose whole-text verdict names one language is judged only
    /// under CLD2's chunks in other languages (``foreignChunks(_:textStart:)``): a passage of two sentences
    /// or more shows there, where it is too small a share for the whole-text vector.
    static let singleScriptBytes = 4096

    let sample: UnsafeBufferPointer<UInt8>
    let textStart: Int
    let main: LanguageStage.Verdict
    /// The text's pieces when the caller has cut them already (``piecesAndCounts(_:)``).
    var pieces: [pw_icu_piece]? = nil

    /// The runs of other languages than the main one, in text order, trimmed of whitespace.
    func spans() -> [Run] {
        guard main.language != .undetermined, sample.count - textStart > Int(Self.minimumPieceLetters) else {
            return []
        }
        var pieces = self.pieces ?? Self.pieces(UnsafeBufferPointer(rebasing: sample[textStart...]))
        guard pieces.count >= 2 else { return [] }
        var scripts = Set<Int32>()
        for piece in pieces where piece.script >= 0 { scripts.insert(piece.script) }
        let second = main.result.top.1.percent > 0
        // A long text in one script and language is judged only where CLD2 scored a chunk as another
        // language: cutting all of it would cost a CLD2 call per sentence, for nothing in most articles.
        var around: [Range<Int>]?
        if scripts.count <= 1 && !second && sample.count - textStart > Self.singleScriptBytes {
            around = Self.foreignChunks(main.result, textStart: textStart)
            if around?.isEmpty ?? true { return [] }
        }
        // Only the pieces under CLD2's foreign chunks are judged there, so the count needs no bound.
        if around == nil && pieces.count > Self.maximumPieces { pieces = Self.coarsen(pieces, to: Self.maximumPieces) }

        let top = main.result.top
        let vector = [top.0, top.1, top.2].filter { $0.percent > 0 }.map(\.language)
        let verdicts = pieces.map { piece -> LanguageStage.Verdict? in
            guard piece.letters >= Self.minimumPieceLetters else { return nil }
            if let around, !around.contains(where: { $0.overlaps(Int(piece.start)..<Int(piece.end)) }) { return nil }
            return judge(piece, vector: vector)
        }
        // The text's own script is the one its language is written in here: of the pieces CLD2 gives the
        // text's language, by bytes (CLD2's measure), else of all pieces.
        var bytesByScript: [Int32: Int] = [:]
        var allBytesByScript: [Int32: Int] = [:]
        for (piece, verdict) in zip(pieces, verdicts) where piece.script >= 0 {
            let bytes = Int(piece.end - piece.start)
            allBytesByScript[piece.script, default: 0] += bytes
            if verdict?.language == main.language { bytesByScript[piece.script, default: 0] += bytes }
        }
        let ranking = bytesByScript.isEmpty ? allBytesByScript : bytesByScript
        guard let ownScript = ranking.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key else { return [] }

        var runs: [Run] = []
        for (piece, verdict) in zip(pieces, verdicts) {
            let start = textStart + Int(piece.start)
            let end = textStart + Int(piece.end)
            var language = main.language
            var cld2 = main.cld2Code
            if let verdict, verdict.language != .undetermined, verdict.language != main.language {
                let bytes = UnsafeBufferPointer(rebasing: sample[start..<end])
                let evidence =
                    piece.script != ownScript
                    || (verdict.result.is_reliable && verdict.result.text_bytes >= Self.minimumSameScriptLetterBytes
                        && (vector.contains(verdict.result.summary.language)
                            || verdict.result.summary.normalized_score >= LanguageStage.reliableShortTextScore)
                        && !Self.isMostlyNames(bytes))
                let close = ccld2_close_set(verdict.result.summary.language)
                let related = close != 0 && close == ccld2_close_set(main.result.summary.language)
                if evidence && !related {
                    (language, cld2) = (verdict.language, verdict.cld2Code)
                    // Han without kana is Chinese to CLD2's ear as often as Japanese (see LanguageStage).
                    if cld2 == "ja" && !ScriptCounts(bytes).hasKana {
                        (language, cld2) = (.chinese, "")
                    }
                }
            }
            if let last = runs.last, last.language.code == language.code {
                runs[runs.count - 1].end = end
            } else {
                runs.append(Run(language: language, cld2: cld2, script: nil, start: start, end: end))
            }
        }
        guard runs.count > 1 else { return [] }
        return runs.compactMap { run in
            guard run.language.code != main.language.code else { return nil }
            var run = run
            while run.start < run.end && Self.isSpace(sample[run.start]) { run.start += 1 }
            while run.end > run.start && Self.isSpace(sample[run.end - 1]) { run.end -= 1 }
            guard run.start < run.end else { return nil }
            let bytes = UnsafeBufferPointer(rebasing: sample[run.start..<run.end])
            run.script = ScriptCounts(bytes).script(language: run.cld2.isEmpty ? nil : run.cld2)
            return run
        }
    }

    /// Where CLD2 scored chunks of at least ``minimumForeignChunkBytes`` as another language than the
    /// text's, relative to the text (the result's first ``CCLD2_FOREIGN_CAPACITY`` such chunks).
    static func foreignChunks(_ result: ccld2_result, textStart: Int) -> [Range<Int>] {
        let count = min(Int(result.foreign_count), Int(CCLD2_FOREIGN_CAPACITY))
        return withUnsafeBytes(of: result.foreign) { raw in
            raw.bindMemory(to: ccld2_chunk.self).prefix(count).compactMap { chunk in
                let start = Int(chunk.offset) - textStart
                let end = start + Int(chunk.bytes)
                guard chunk.bytes >= minimumForeignChunkBytes, end > 0 else { return nil }
                return max(0, start)..<end
            }
        }
    }

    /// A chunk of CLD2's in another language needs this many bytes, about a short sentence, to have its
    /// pieces judged in a long single-language text; shorter ones are mostly names and stray words.
    static let minimumForeignChunkBytes: Int32 = 48

    /// CLD2's best effort on one piece (offsets relative to the text); between statistically close
    /// languages (Indonesian and Malay) the whole text's `vector` knows better.
    private func judge(_ piece: pw_icu_piece, vector: [Int32]) -> LanguageStage.Verdict {
        let bytes = UnsafeBufferPointer(rebasing: sample[(textStart + Int(piece.start))..<(textStart + Int(piece.end))])
        var verdict = LanguageStage.detect(bytes, hints: nil, bestEffort: true)
        let close = ccld2_close_set(verdict.result.summary.language)
        if close != 0, let known = vector.first(where: { ccld2_close_set($0) == close }),
            known != verdict.result.summary.language
        {
            verdict.result.summary.language = known
            let entry = LanguageCode.cld2(known)
            (verdict.language, verdict.cld2Code) = (entry.language, entry.cld2)
        }
        return verdict
    }

    /// The pieces of `text`, offsets relative to it.
    private static func pieces(
        _ text: UnsafeBufferPointer<UInt8>, counts: UnsafeMutableBufferPointer<Int32>? = nil
    ) -> [pw_icu_piece] {
        let length = Int32(min(text.count, Int(Int32.max)))
        return text.withMemoryRebound(to: CChar.self) { characters in
            var room = [pw_icu_piece](repeating: pw_icu_piece(), count: 32)
            var count = Int(
                pw_icu_language_pieces(
                    characters.baseAddress, length, minimumPieceLetters, &room, 32, counts?.baseAddress,
                    Int32(counts?.count ?? 0)))
            if count > room.count {
                room = [pw_icu_piece](repeating: pw_icu_piece(), count: count)
                count = Int(
                    pw_icu_language_pieces(
                        characters.baseAddress, length, minimumPieceLetters, &room, Int32(room.count), nil, 0))
            }
            return Array(room.prefix(max(0, count)))
        }
    }

    /// The pieces of `text` and its letters per script, in one pass over it: a text judged without a title
    /// needs both, and the pass is a good share of a short line's cost.
    static func piecesAndCounts(_ text: UnsafeBufferPointer<UInt8>) -> (pieces: [pw_icu_piece], counts: ScriptCounts) {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: ScriptCounts.scriptCodes) { counts in
            let pieces = pieces(text, counts: counts)
            return (pieces, ScriptCounts(counts: UnsafeBufferPointer(counts)))
        }
    }

    /// Joins neighbouring pieces so that at most `limit` remain: pieces of one script first.
    static func coarsen(_ pieces: [pw_icu_piece], to limit: Int) -> [pw_icu_piece] {
        let joined = join(pieces, inGroupsOf: (pieces.count + limit - 1) / limit, sameScript: true)
        guard joined.count > limit else { return joined }
        // Scripts alternate too often for that: join any neighbours.
        return join(joined, inGroupsOf: (joined.count + limit - 1) / limit, sameScript: false)
    }

    /// Joins runs of up to `size` neighbouring pieces (only of one script when `sameScript`); a joined
    /// piece takes the script of its larger part.
    private static func join(_ pieces: [pw_icu_piece], inGroupsOf size: Int, sameScript: Bool) -> [pw_icu_piece] {
        var joined: [pw_icu_piece] = []
        var inGroup = 0
        for piece in pieces {
            if var last = joined.last, !sameScript || last.script == piece.script, inGroup < size {
                if piece.letters > last.letters { last.script = piece.script }
                last.end = piece.end
                last.letters += piece.letters
                joined[joined.count - 1] = last
                inGroup += 1
            } else {
                joined.append(piece)
                inGroup = 1
            }
        }
        return joined
    }

    /// Whether most words of `bytes` (three in five) begin with a capital: a heading in title case or a list
    /// of names ("Hyatt Reopens Park Hyatt Tokyo", "Courtesy Etherton Gallery"), whose letters say little
    /// about a language; CLD2 reads such pieces as Danish or Interlingua as readily as English.
    static func isMostlyNames(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var words = 0
        var capitalized = 0
        var atWordStart = true
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            if scalar.properties.isWhitespace {
                atWordStart = true
            } else if atWordStart && scalar.properties.isAlphabetic {
                words += 1
                if scalar.properties.isUppercase { capitalized += 1 }
                atWordStart = false
            }
        }
        return words >= 2 && capitalized * 5 >= words * 3
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}

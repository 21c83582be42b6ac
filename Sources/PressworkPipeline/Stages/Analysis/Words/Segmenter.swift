import CICU

/// Sentence and word boundaries from ICU's break iterators.
///
/// Every range is a range of UTF-8 byte offsets into the string that was segmented (`lowerBound` and
/// `count` are what the result document stores as `offset` and `length`). In the pipeline that string is
/// the NFC article text: normalize first (``TextNormalizer/nfc(_:)``), then segment, so that offsets stay
/// valid for the text that is stored.
///
/// Chinese, Japanese, Thai, Lao, Khmer and Burmese, written without spaces, are split with ICU's
/// dictionaries. ICU keeps per-thread iterators, so one `Segmenter` serves every thread.
struct Segmenter: Sendable {
    /// A word of the text.
    struct Word: Sendable, Hashable {
        /// UTF-8 byte offsets of the word in the segmented text.
        var range: Range<Int>
        /// The word as written (the bytes of `range`).
        var text: String
        /// What ICU says the word is made of.
        var kind: Kind
    }

    /// The kind of a word, from ICU's word rule status.
    enum Kind: String, Sendable, Hashable {
        /// Letters of an alphabet, abugida or syllabary written with spaces, including Hangul and Thai.
        case letter
        /// A number, possibly with separators (`3.5`, `1,000`).
        case number
        /// Japanese kana only (hiragana, katakana).
        case kana
        /// Han ideographs, possibly mixed with kana (`東京`, `住んで` is kana-led but holds 住).
        case ideographic
    }

    init() {}

    /// The sentences of `text` as UTF-8 byte ranges, in order, trimmed of surrounding white space.
    ///
    /// ICU's sentence rules end a sentence at `.`, `?`, `!`, `。`, `！`, `？` and their kin when the next
    /// sentence starts (not before a lowercase word or a digit), and at every line break. A period after
    /// an initial (`J. R. R. Tolkien`, `А. С. Пушкин`) or an abbreviation (`Dr.`, `ул.`, `ca.`) does not end
    /// a sentence; see ``Segmenter/continuesAfter(_:_:)``.
    func sentences(in text: String) -> [Range<Int>] {
        UTF8Text.withBytes(text) { characters, length, bytes in
            let segments = Self.segments(PW_ICU_SENTENCES, characters, length, estimate: bytes.count / 64 + 8)
            var sentences: [Range<Int>] = []
            sentences.reserveCapacity(segments.count)
            var start: Int?
            for (index, segment) in segments.enumerated() {
                let range = (start ?? Int(segment.start))..<Int(segment.end)
                let isLast = index == segments.count - 1
                if !isLast, segment.status == PW_ICU_SENTENCE_TERM, Self.continuesAfter(bytes, range) {
                    start = range.lowerBound
                    continue
                }
                sentences.append(range)
                start = nil
            }
            return sentences
        }
    }

    /// The words of `text`, in order: numbers, letters, kana and ideographs. Spaces, punctuation, symbols
    /// and emoji are not words.
    func words(in text: String) -> [Word] {
        UTF8Text.withBytes(text) { characters, length, bytes in
            let segments = Self.segments(PW_ICU_WORDS, characters, length, estimate: bytes.count / 4 + 8)
            return segments.map { segment in
                let range = Int(segment.start)..<Int(segment.end)
                let word = UTF8Text.string(bytes, range)
                return Word(range: range, text: word, kind: Self.kind(status: segment.status, word: word))
            }
        }
    }

    /// ICU's segments of one kind, asking again with room for all of them if the estimate was short.
    private static func segments(
        _ kind: pw_icu_break_kind, _ characters: UnsafePointer<CChar>?, _ length: Int32, estimate: Int
    ) -> [pw_icu_segment] {
        var capacity = estimate
        while true {
            var total: Int32 = 0
            let segments = [pw_icu_segment](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                total = pw_icu_segments(kind, characters, length, buffer.baseAddress, Int32(buffer.count))
                initialized = min(max(Int(total), 0), buffer.count)
            }
            // ICU fails only when it cannot open its data: no segments beats a crash.
            if total < 0 { return [] }
            if Int(total) <= capacity { return segments }
            capacity = Int(total)
        }
    }

    /// The kind of a word from its ICU rule status. ICU gives dictionary words of Chinese and Japanese the
    /// ideographic status whether they hold kanji or not, so those are told apart by their letters.
    private static func kind(status: Int32, word: String) -> Kind {
        switch Int(status) {
        case ..<PW_ICU_WORD_LETTER: .number
        case ..<PW_ICU_WORD_KANA: .letter
        default: word.unicodeScalars.allSatisfy(Self.isKana) ? .kana : .ideographic
        }
    }

    /// Hiragana, katakana (with the prolonged sound mark and iteration marks) and half-width katakana.
    private static func isKana(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3041...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: true
        default: false
        }
    }
}

extension ArticleDocument {
    /// The language of an article, as CLD2 judged it.
    public struct Language: Sendable, Codable, Equatable {
        /// Another language found in the text, with its share.
        public struct Other: Sendable, Codable, Equatable {
            /// The language code, normalized like ``Language/code``.
            public var code: String
            /// Its share of the text, 0...100.
            public var percent: Int

            /// Creates an entry.
            public init(code: String, percent: Int) {
                self.code = code
                self.percent = percent
            }
        }

        /// A stretch of `text` in another language than the article's, such as a quoted paragraph.
        public struct Span: Sendable, Codable, Equatable {
            /// The span's language code, normalized like ``Language/code``.
            public var code: String
            /// The language's English name, such as `"Russian"`.
            public var name: String?
            /// The span's script, ISO 15924 (`"Cyrl"`), when it has letters of a known script.
            public var script: String?
            /// Where the span starts in the document's `text`, in UTF-8 bytes.
            public var offset: Int
            /// The span's length in UTF-8 bytes.
            public var length: Int
            /// The span's share of the bytes of `text`, 0...100, one decimal.
            public var percent: Double

            /// Creates a span.
            public init(
                code: String, name: String? = nil, script: String? = nil, offset: Int, length: Int, percent: Double
            ) {
                self.code = code
                self.name = name
                self.script = script
                self.offset = offset
                self.length = length
                self.percent = percent
            }
        }

        /// ISO 639-1 where one exists (`"en"`, `"kk"`, `"he"`), else CLD2's code (`"haw"`); `"und"` when
        /// the language is unknown.
        public var code: String
        /// The English name, such as `"Kazakh"`; `"Undetermined"` when unknown.
        public var name: String
        /// The script of the text, ISO 15924: `"Latn"`, `"Cyrl"`, `"Hans"`, `"Hant"`, `"Jpan"`, `"Kore"`;
        /// absent when the text has no letters of a known script.
        public var script: String?
        /// 0...1: the language's share of the text, halved when CLD2 does not call it reliable; 0 when
        /// unknown.
        public var confidence: Double
        /// Whether CLD2 found the language clearly ahead of the runner-up.
        public var reliable: Bool
        /// The language the caller or the page declared (the hint given to CLD2), if any.
        public var declared: String?
        /// The other languages among CLD2's top three, best first.
        public var others: [Other]
        /// Stretches of `text` in other languages, in text order; empty when none is long enough to matter.
        public var spans: [Span]
        /// Why ``code`` is `und`: `no-letters`, `not-language` (random letters, keyboard rows; CLD2's guess
        /// is still in ``others``) or `unknown` (CLD2 names no language); nil otherwise.
        public var reason: String?

        /// Creates a language result.
        public init(
            code: String,
            name: String,
            script: String? = nil,
            confidence: Double,
            reliable: Bool,
            declared: String? = nil,
            others: [Other] = [],
            spans: [Span] = [],
            reason: String? = nil
        ) {
            self.code = code
            self.name = name
            self.script = script
            self.confidence = confidence
            self.reliable = reliable
            self.declared = declared
            self.others = others
            self.spans = spans
            self.reason = reason
        }

        private enum CodingKeys: String, CodingKey {
            case code, name, script, confidence, reliable, declared, others, spans, reason
        }

        /// Decodes a language object; documents written before `spans` existed read as having none.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            code = try container.decode(String.self, forKey: .code)
            name = try container.decode(String.self, forKey: .name)
            script = try container.decodeIfPresent(String.self, forKey: .script)
            confidence = try container.decode(Double.self, forKey: .confidence)
            reliable = try container.decode(Bool.self, forKey: .reliable)
            declared = try container.decodeIfPresent(String.self, forKey: .declared)
            others = try container.decodeIfPresent([Other].self, forKey: .others) ?? []
            spans = try container.decodeIfPresent([Span].self, forKey: .spans) ?? []
            reason = try container.decodeIfPresent(String.self, forKey: .reason)
        }
    }
}

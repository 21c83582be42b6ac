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

        /// ISO 639-1 where one exists (`"en"`, `"kk"`, `"he"`), else CLD2's code (`"haw"`); `"und"` when
        /// the language is unknown.
        public var code: String
        /// The English name, such as `"Kazakh"`; `"Undetermined"` when unknown.
        public var name: String
        /// 0...1: the language's share of the text, halved when CLD2 does not call it reliable; 0 when
        /// unknown.
        public var confidence: Double
        /// Whether CLD2 found the language clearly ahead of the runner-up.
        public var reliable: Bool
        /// The language the caller or the page declared (the hint given to CLD2), if any.
        public var declared: String?
        /// The other languages among CLD2's top three, best first.
        public var others: [Other]

        /// Creates a language result.
        public init(
            code: String,
            name: String,
            confidence: Double,
            reliable: Bool,
            declared: String? = nil,
            others: [Other] = []
        ) {
            self.code = code
            self.name = name
            self.confidence = confidence
            self.reliable = reliable
            self.declared = declared
            self.others = others
        }
    }
}

/// Characters of the text: Unicode scalars that are not whitespace. (Words, sentences and reading time
/// come from ICU's segmentation in ``AnalysisStage``.)
struct CountStage: Sendable {
    struct Output: Sendable, Equatable {
        var characterCount: Int
    }

    func run(_ text: String) -> Output {
        var characters = 0
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                // ASCII without Unicode's property tables.
                let value = scalar.value
                if !(value == 0x20 || (0x09...0x0D).contains(value)) { characters += 1 }
            } else if !scalar.properties.isWhitespace {
                characters += 1
            }
        }
        return Output(characterCount: characters)
    }
}

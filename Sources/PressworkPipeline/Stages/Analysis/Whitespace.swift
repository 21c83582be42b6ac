/// Whitespace handling shared by the text stages.
enum Whitespace {
    /// Runs of Unicode whitespace (spaces, tabs, newlines, no-break spaces, ideographic spaces) become
    /// one ASCII space; leading and trailing whitespace goes.
    static func collapse<S: StringProtocol>(_ text: S) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !scalars.isEmpty
                continue
            }
            if pendingSpace {
                scalars.append(" ")
                pendingSpace = false
            }
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// Whether the text holds at least one letter in any script.
    static func containsLetter<S: StringProtocol>(_ text: S) -> Bool {
        text.unicodeScalars.contains { $0.properties.isAlphabetic }
    }
}

import Foundation

extension ArticleDocument {
    /// The document as compact JSON with sorted keys: the same document always gives the same bytes, so
    /// stored results can be compared and hashed.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // durationMs comes from the caller and could be NaN; a string beats failing to store the result.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity",
            negativeInfinity: "-Infinity",
            nan: "NaN"
        )
        do {
            return try encoder.encode(self)
        } catch {
            // Strings, integers and (see above) any double always encode; this cannot happen.
            preconditionFailure("ArticleDocument is always encodable: \(error)")
        }
    }
}

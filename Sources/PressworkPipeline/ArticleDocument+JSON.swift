import Foundation

extension ArticleDocument {
    /// ``jsonBytes()`` as `Data`.
    public func jsonData() -> Data {
        Data(jsonBytes())
    }
}

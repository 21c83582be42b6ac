extension WARCRecord {
    /// The HTTP response in the block of a `response` record whose `Content-Type` is `application/http`
    /// (`msgtype=response` or none); nil for other records and for blocks that do not parse as a response.
    public var httpResponse: HTTPResponseBlock? {
        guard type?.lowercased() == "response", let contentType else { return nil }
        let parts = contentType.split(separator: ";").map { String($0).trimmingSpaces().lowercased() }
        guard parts.first == "application/http" else { return nil }
        let messageType = parts.dropFirst().first { $0.hasPrefix("msgtype=") }?.dropFirst("msgtype=".count)
        guard messageType == nil || messageType == "response" else { return nil }
        return HTTPResponseBlock(parsing: block)
    }
}

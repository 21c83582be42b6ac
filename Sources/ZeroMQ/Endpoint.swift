/// A ZeroMQ endpoint, validated once where it enters the program.
public enum Endpoint: Sendable, Hashable, CustomStringConvertible {
    /// `tcp://HOST:PORT`; port 0 means "any free port" when binding.
    case tcp(host: String, port: Int)
    /// `ipc://PATH`, a Unix domain socket.
    case ipc(path: String)
    /// `inproc://NAME`, within one process.
    case inproc(name: String)

    /// Parses `tcp://HOST:PORT`, `tcp://[IPv6]:PORT`, `ipc://PATH` or `inproc://NAME`.
    /// - Returns: nil when the text is not one of these forms or the port is out of range.
    public init?(_ text: String) {
        if text.hasPrefix("tcp://") {
            let rest = text.dropFirst("tcp://".count)
            guard let colon = rest.lastIndex(of: ":") else { return nil }
            var host = String(rest[..<colon])
            let portText = rest[rest.index(after: colon)...]
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            let port: Int
            if portText == "*" {
                port = 0
            } else {
                guard let value = Int(portText), (0...65_535).contains(value) else { return nil }
                port = value
            }
            guard !host.isEmpty, !host.contains("/") else { return nil }
            self = .tcp(host: host, port: port)
        } else if text.hasPrefix("ipc://") {
            let path = String(text.dropFirst("ipc://".count))
            guard !path.isEmpty else { return nil }
            self = .ipc(path: path)
        } else if text.hasPrefix("inproc://") {
            let name = String(text.dropFirst("inproc://".count))
            guard !name.isEmpty else { return nil }
            self = .inproc(name: name)
        } else {
            return nil
        }
    }

    /// The libzmq form of the endpoint.
    public var description: String {
        switch self {
        case .tcp(let host, let port):
            let hostPart = host.contains(":") ? "[\(host)]" : host
            return "tcp://\(hostPart):\(port == 0 ? "*" : String(port))"
        case .ipc(let path): return "ipc://\(path)"
        case .inproc(let name): return "inproc://\(name)"
        }
    }

    /// Whether traffic to this endpoint stays on this machine (no encryption needed).
    public var isLocal: Bool {
        switch self {
        case .tcp(let host, _):
            // An IPv4 literal in 127.0.0.0/8, not a name that merely starts with "127.".
            let octets = host.split(separator: ".", omittingEmptySubsequences: false)
            let isLoopbackIPv4 =
                octets.count == 4 && octets.first == "127" && octets.allSatisfy { UInt8($0) != nil }
            return host == "localhost" || host == "::1" || isLoopbackIPv4
        case .ipc, .inproc:
            return true
        }
    }
}

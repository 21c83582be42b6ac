import Foundation
import PressworkHTTP
import PressworkProtocol
import ZeroMQ

/// The coordinator's HTTP endpoints: the dashboard at `/`, `/metrics`, `/healthz`, `/api/status` and
/// `/api/history`, each answered from the latest `StatusBoard` snapshot (never from the loop itself).
struct StatusEndpoints: Sendable {
    let board: StatusBoard

    /// Seconds without a new snapshot after which `/healthz` reports the loop stalled.
    static let staleAfter = 10.0

    func response(to head: HTTPRequestHead) -> HTTPResponse {
        let known = ["/", "/metrics", "/healthz", "/api/status", "/api/history"]
        guard known.contains(head.path) else { return HTTPResponse(status: 404, body: "not found\n") }
        guard head.method == "GET" else {
            return HTTPResponse(status: 405, body: "method not allowed\n", extraHeaders: ["Allow: GET"])
        }
        // The page is static: it loads even while the loop is down, and says so itself.
        if head.path == "/" {
            return HTTPResponse(status: 200, contentType: DashboardPage.contentType, body: DashboardPage.html)
        }
        guard board.isRunning, let snapshot = board.snapshot else {
            return HTTPResponse(status: 503, body: "coordinator loop not running\n")
        }
        switch head.path {
        case "/metrics":
            return HTTPResponse(status: 200, contentType: PrometheusText.contentType, body: snapshot.prometheusText())
        case "/api/status":
            guard let json = try? StableJSON.encode(snapshot.status, pretty: true) else {
                return HTTPResponse(status: 500, body: "cannot encode the status\n")
            }
            return HTTPResponse(status: 200, contentType: "application/json", body: [UInt8](json) + [0x0A])
        case "/api/history":
            guard let json = try? StableJSON.encode(board.history, pretty: false) else {
                return HTTPResponse(status: 500, body: "cannot encode the history\n")
            }
            return HTTPResponse(status: 200, contentType: "application/json", body: [UInt8](json) + [0x0A])
        default:
            // The loop publishes every 250 ms; a much older snapshot means its turns have stalled.
            guard Timestamp.monotonic() - snapshot.takenAt < Self.staleAfter else {
                return HTTPResponse(status: 503, body: "coordinator loop stalled\n")
            }
            return HTTPResponse(status: 200, body: "ok\n")
        }
    }
}

/// Where the HTTP endpoint listens: `HOST:PORT`, `[IPv6]:PORT`, `:PORT` or `PORT` (loopback).
public struct HTTPAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses the `--http` value; nil when it is not an address with a port.
    public init?(_ text: String) {
        var host = "127.0.0.1"
        var portText = Substring(text)
        if let colon = text.lastIndex(of: ":") {
            let hostPart = text[..<colon]
            portText = text[text.index(after: colon)...]
            if !hostPart.isEmpty {
                host = String(hostPart)
                if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            }
        }
        guard !host.isEmpty, let port = Int(portText), (0...65535).contains(port) else { return nil }
        self.init(host: host, port: port)
    }

    /// Whether only this machine can connect (the same rule as the ZeroMQ bind).
    public var isLoopback: Bool { Endpoint.tcp(host: host, port: port).isLocal }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

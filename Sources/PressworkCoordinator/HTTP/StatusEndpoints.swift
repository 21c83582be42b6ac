import Foundation
import PressworkHTTP
import PressworkProtocol
import PressworkStore
import ZeroMQ

/// The coordinator's HTTP endpoints: the dashboard at `/`, `/metrics`, `/healthz`, `/api/status` and
/// `/api/history` (answered from the latest `StatusBoard` snapshot, never from the loop itself), and the
/// job views and actions under `/api/` (handed to the loop as `DashboardCall`s), all below `--http-prefix`.
struct StatusEndpoints: Sendable {
    let board: StatusBoard
    var access: HTTPAccess

    init(board: StatusBoard, access: HTTPAccess = HTTPAccess(loopback: true)) {
        self.board = board
        self.access = access
    }

    /// Seconds without a new snapshot after which `/healthz` reports the loop stalled.
    static let staleAfter = 10.0
    /// Rows per job list page, at most.
    static let maxPage = 200
    /// Ids per bulk action, at most.
    static let maxSelection = 1_000

    func response(to head: HTTPRequestHead) -> HTTPResponse {
        guard case .response(let response) = answer(head) else {
            return HTTPResponse(status: 500, body: "not an immediate request\n")
        }
        return response
    }

    func answer(_ head: HTTPRequestHead) -> HTTPAnswer {
        // The page's links are relative: it must be loaded as `PREFIX/`, not `PREFIX`.
        if !access.prefix.isEmpty, head.path == access.prefix {
            return .response(
                HTTPResponse(status: 308, body: "moved\n", extraHeaders: ["Location: \(access.prefix)/"]))
        }
        guard let path = access.route(head.path) else {
            return .response(HTTPResponse(status: 404, body: "not found\n"))
        }
        if path.hasPrefix("/api/") && !Self.overviewPaths.contains(path) {
            return api(head, path: path)
        }
        let known = ["/", "/metrics", "/healthz"] + Self.overviewPaths
        guard known.contains(path) else { return .response(HTTPResponse(status: 404, body: "not found\n")) }
        guard head.method == "GET" else {
            return .response(HTTPResponse(status: 405, body: "method not allowed\n", extraHeaders: ["Allow: GET"]))
        }
        return .response(overview(path, query: head.query))
    }

    static let overviewPaths = ["/api/status", "/api/history", "/api/workers/history"]

    /// What needs no credentials: the page, health, metrics and the status overview.
    private func overview(_ path: String, query: [String: String]) -> HTTPResponse {
        // The page is static: it loads even while the loop is down, and says so itself.
        if path == "/" {
            return HTTPResponse(
                status: 200, contentType: DashboardPage.contentType, body: DashboardPage.html,
                extraHeaders: DashboardPage.securityHeaders)
        }
        guard board.isRunning, let snapshot = board.snapshot else {
            return HTTPResponse(status: 503, body: "coordinator loop not running\n")
        }
        switch path {
        case "/metrics":
            return HTTPResponse(status: 200, contentType: PrometheusText.contentType, body: snapshot.prometheusText())
        case "/api/status":
            return Self.json(snapshot.status, pretty: true)
        case "/api/history":
            let span = query["span"].flatMap(Double.init) ?? 600
            return Self.json(board.history(span: min(max(span, 60), 86_400)), pretty: false)
        case "/api/workers/history":
            return Self.json(board.workerHistories, pretty: false)
        default:
            // The loop publishes every 250 ms; a much older snapshot means its turns have stalled.
            guard Timestamp.monotonic() - snapshot.takenAt < Self.staleAfter else {
                return HTTPResponse(status: 503, body: "coordinator loop stalled\n")
            }
            return HTTPResponse(status: 200, body: "ok\n")
        }
    }

    /// The job views and actions: parsed here, answered by the loop.
    private func api(_ head: HTTPRequestHead, path: String) -> HTTPAnswer {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst(2).map(String.init)
        let call: DashboardCall
        do {
            call = try Self.call(method: head.method, parts: parts, query: head.query, body: head.body)
        } catch {
            return .response(error.response)
        }
        let action = head.method != "GET"
        if let refusal = access.refusal(of: head, action: action) { return .response(refusal) }
        guard board.isRunning else {
            return .response(HTTPResponse(status: 503, body: "coordinator loop not running\n"))
        }
        guard let pending = board.enqueue(call) else {
            return .response(HTTPResponse(status: 503, body: "too many dashboard requests waiting; try again\n"))
        }
        return .pending(pending)
    }

    /// A request the API cannot take.
    struct Refusal: Error {
        var response: HTTPResponse
        init(_ status: Int, _ message: String, allow: String? = nil) {
            response = HTTPResponse(
                status: status, body: message + "\n", extraHeaders: allow.map { ["Allow: \($0)"] } ?? [])
        }
    }

    /// The call for `METHOD /api/PARTS…`.
    static func call(method: String, parts: [String], query: [String: String], body: [UInt8]) throws(Refusal)
        -> DashboardCall
    {
        func only(_ allowed: String) throws(Refusal) {
            guard method == allowed else { throw Refusal(405, "method not allowed", allow: allowed) }
        }
        switch parts {
        case ["jobs"]:
            try only("GET")
            return .jobs(try jobQuery(query), before: try cursor(query["after"]), limit: try limit(query["limit"]))
        case ["jobs", "retry"]:
            try only("POST")
            return .retry(try selection(body))
        case ["jobs", "delete"]:
            try only("POST")
            return .delete(try selection(body))
        case ["running"]:
            try only("GET")
            return .running(limit: try limit(query["limit"]))
        case ["failures"]:
            try only("GET")
            return .failures
        default:
            break
        }
        if parts.count >= 2, parts[0] == "jobs" {
            let id = try jobId(parts[1])
            switch (method, Array(parts.dropFirst(2))) {
            case ("GET", []): return .job(id)
            case ("DELETE", []): return .delete(.ids([id]))
            case ("POST", ["retry"]): return .retry(.ids([id]))
            case ("POST", ["cancel"]): return .cancel([id])
            case (_, []): throw Refusal(405, "method not allowed", allow: "GET, DELETE")
            case (_, ["retry"]), (_, ["cancel"]): throw Refusal(405, "method not allowed", allow: "POST")
            default: break
            }
        }
        if parts.count == 3, parts[0] == "workers", parts[2] == "drain" {
            try only("POST")
            guard let worker = parts[1].removingPercentEncoding, Ready.isValidWorkerId(worker) else {
                throw Refusal(400, "not a worker id")
            }
            return .drain(worker: worker)
        }
        throw Refusal(404, "not found")
    }

    static func jobQuery(_ query: [String: String]) throws(Refusal) -> JobListQuery {
        var list = JobListQuery()
        for (name, value) in query where value.utf8.count > 256 {
            throw Refusal(400, "\(name) is over 256 bytes")
        }
        func value(_ name: String) -> String? {
            query[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }
        if let state = value("state") {
            switch state {
            case "queued": list.state = .queued
            case "running", "leased": list.state = .leased
            case "done": list.state = .done
            case "dead": list.state = .dead
            case "cancelled": list.state = .cancelled
            default: throw Refusal(400, "state must be queued, running, done, dead or cancelled")
            }
        }
        list.lang = value("lang")
        list.pageType = value("type")
        list.code = value("code")
        list.batch = value("batch")
        list.site = value("site")
        list.q = value("q")
        for (name, path) in [("since", \JobListQuery.since), ("until", \JobListQuery.until)] {
            guard let text = value(name) else { continue }
            guard let seconds = Timestamp.parseISO8601(text) ?? Double(text) else {
                throw Refusal(400, "\(name) must be an ISO 8601 time (2026-12-07T10:00:00Z) or seconds since 1970")
            }
            list[keyPath: path] = seconds
        }
        return list
    }

    static func cursor(_ text: String?) throws(Refusal) -> Int64? {
        guard let text, !text.isEmpty else { return nil }
        guard let value = Int64(text), value > 0 else { throw Refusal(400, "after must be a cursor from a page") }
        return value
    }

    static func limit(_ text: String?) throws(Refusal) -> Int {
        guard let text, !text.isEmpty else { return 50 }
        guard let value = Int(text), (1...maxPage).contains(value) else {
            throw Refusal(400, "limit must be 1 to \(maxPage)")
        }
        return value
    }

    /// A job id as the coordinator issues them: lower-case hex, digits, `-` and a coordinator name.
    static func jobId(_ text: String) throws(Refusal) -> String {
        guard (1...128).contains(text.utf8.count),
            text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x2D })
        else { throw Refusal(400, "not a job id") }
        return text
    }

    /// `{"ids": [...]}` or `{"code": "..."}`.
    static func selection(_ body: [UInt8]) throws(Refusal) -> DashboardSelection {
        struct Body: Decodable {
            var ids: [String]?
            var code: String?
        }
        guard let decoded = try? JSONDecoder().decode(Body.self, from: Data(body)) else {
            throw Refusal(400, "the body must be JSON: {\"ids\": [...]} or {\"code\": \"...\"}")
        }
        switch (decoded.ids, decoded.code) {
        case (let ids?, nil):
            guard !ids.isEmpty, ids.count <= maxSelection else { throw Refusal(400, "ids: 1 to \(maxSelection)") }
            var checked: [String] = []
            for id in ids { checked.append(try jobId(id)) }
            return .ids(checked)
        case (nil, let code?):
            guard (1...256).contains(code.utf8.count) else { throw Refusal(400, "code: 1 to 256 bytes") }
            return .deadWithCode(code)
        default:
            throw Refusal(400, "give ids or code, not both")
        }
    }

    static func json<T: Encodable>(_ value: T, pretty: Bool = false) -> HTTPResponse {
        guard let json = try? StableJSON.encode(value, pretty: pretty) else {
            return HTTPResponse(status: 500, body: "cannot encode the answer\n")
        }
        return HTTPResponse(status: 200, contentType: "application/json", body: [UInt8](json) + [0x0A])
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

import Foundation
import PressworkProtocol

/// What `presswork status` prints for people: a summary, the worker table and the latest failures.
/// Pure functions from a `ClusterStatus` to text, so the layout is tested without a terminal.
public enum StatusText {
    /// The whole report.
    /// - Parameters:
    ///   - colour: ANSI colours for states and failures (only on a terminal, never with `NO_COLOR`).
    ///   - failures: how many recent failures to list.
    public static func render(_ status: ClusterStatus, colour: Bool, failures: Int = 5) -> String {
        func paint(_ text: String, _ code: String) -> String { colour ? ProgressText.paint(text, code) : text }
        let c = status.coordinator
        let q = status.queue
        let t = status.throughput
        var lines = [
            "coordinator  \(safe(c.endpoint))  version \(safe(c.version))  up \(ProgressText.duration(c.uptimeSeconds))",
            "queue        queued \(q.queued)  delayed \(q.delayed)  in flight \(q.leased)"
                + "  oldest \(ProgressText.duration(q.oldestQueuedSeconds))",
            "jobs         done \(q.done)  dead \(q.dead > 0 ? paint(String(q.dead), "31") : "0")"
                + ((q.cancelled ?? 0) > 0 ? "  cancelled \(q.cancelled ?? 0)" : "")
                + "  retries \(q.retries)  redeliveries \(q.redeliveries)",
            "throughput   1 min \(t.lastMinute) (\(ProgressText.rate(t.perSecond)))"
                + (t.lastFiveMinutes.map { "  5 min \($0) (\(ProgressText.rate(t.perSecondFiveMinutes)))" } ?? ""),
        ]
        if let languages = status.languages, !languages.isEmpty {
            let shown = languages.prefix(8).map { "\(safe($0.code)) \($0.articles)" }.joined(separator: "  ")
            lines.append("languages    " + shown + (languages.count > 8 ? "  +\(languages.count - 8) more" : ""))
        }
        if let pageTypes = status.pageTypes, !pageTypes.isEmpty {
            let shown = pageTypes.prefix(8).map { "\(safe($0.type)) \($0.articles)" }.joined(separator: "  ")
            lines.append("page types   " + shown)
        }
        if let stages = status.stages, !stages.isEmpty {
            lines.append(
                "stages       "
                    + stages.map { "\(safe($0.stage)) " + String(format: "%.2fms", $0.meanMs) }.joined(separator: "  ")
                    + "  (mean per article)")
        }
        let counters = status.protocolCounters
        if counters.malformedMessages + counters.undeliverableMessages > 0 {
            lines.append(
                "protocol     malformed \(counters.malformedMessages)  undeliverable \(counters.undeliverableMessages)")
        }
        if let security = status.security { lines.append(securityLine(security, paint: paint)) }
        if let hosts = status.hosts, hosts.active > 0 { lines.append(hostsLine(hosts)) }
        if let line = fetchingLine(status.workers) { lines.append(line) }
        if let store = status.store, let seconds = store.unavailableSeconds {
            lines.append(
                "store        " + paint("UNREACHABLE", "31")
                    + " for \(formatSeconds(seconds)) s: nothing new is accepted until it is back")
        } else if let store = status.store {
            lines.append(
                "store        \(bytes(store.bytes))" + (store.freeBytes > 0 ? " (\(bytes(store.freeBytes)) free)" : ""))
        }
        lines.append("")
        lines.append(workerTable(status.workers, paint: paint))
        if let batches = status.batches, !batches.isEmpty {
            lines.append("")
            lines.append("recent batches (newest first)")
            let rows = batches.map { batch in
                let cancelled = batch.cancelled ?? 0
                let finished = batch.done + batch.dead + cancelled
                let percent = batch.total > 0 ? finished * 100 / batch.total : 100
                return [
                    safe(batch.batch), safe(batch.submittedAt), "\(batch.total)", "\(batch.queued)",
                    "\(batch.running)", "\(batch.done)", "\(batch.dead)", "\(cancelled)", "\(percent)%",
                ]
            }
            lines.append(
                table(
                    ["BATCH", "SUBMITTED", "JOBS", "QUEUED", "RUNNING", "DONE", "DEAD", "CANCELLED", "FINISHED"], rows
                )
                .split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        }
        if let recent = status.recentFailures, !recent.isEmpty, failures > 0 {
            lines.append("")
            lines.append("recent failures (newest first)")
            for failure in recent.prefix(failures) {
                let outcome = failure.final ? paint("dead", "31") : paint("retried", "33")
                let time = safe(failure.at.count >= 19 ? String(failure.at.dropFirst(11).prefix(8)) : failure.at)
                lines.append(
                    "  \(time)  \(safe(failure.job))  attempt \(failure.attempt)  \(safe(failure.worker ?? "-"))  "
                        + "\(outcome)  \(safe(failure.code)): \(safe(failure.message, maxCharacters: 300))")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Every string in a status came from a peer (a worker's host, a submitter's source, a coordinator):
    /// control characters are shown escaped, and long strings are cut, so none can drive the terminal.
    public static func safe(_ text: String, maxCharacters: Int = 200) -> String {
        PeerText.escaped(text, maxCharacters: maxCharacters)
    }

    /// The worker table, or a line saying there is none.
    static func workerTable(_ workers: [ClusterStatus.Worker], paint: (String, String) -> String) -> String {
        guard !workers.isEmpty else { return "no workers registered" }
        let header = [
            "WORKER", "HOST", "PID", "STATE", "SLOTS", "BUSY", "DONE", "FAILED", "HEARTBEAT", "MEMORY", "VERSION",
        ]
        let rows = workers.map { w in
            [
                safe(w.id), safe(w.host, maxCharacters: 64), String(w.pid), safe(w.state.rawValue), String(w.slots),
                String(w.busy), String(w.done), String(w.failed),
                ProgressText.duration(w.lastHeartbeatSecondsAgo) + " ago", w.rssBytes.map(bytes) ?? "-",
                safe(w.version, maxCharacters: 32),
            ]
        }
        let stateColumn = 3
        return table(header, rows) { row, column, cell in
            guard column == stateColumn else { return cell }
            switch workers[row].state {
            case .up: return paint(cell, "32")
            case .draining: return paint(cell, "33")
            default: return paint(cell, "31")
            }
        }
    }

    /// URL jobs per host now, with the limits that hold them back.
    static func hostsLine(_ hosts: ClusterStatus.Hosts) -> String {
        var limits: [String] = []
        if hosts.concurrency > 0 { limits.append("at most \(hosts.concurrency) per host") }
        if hosts.delaySeconds > 0 { limits.append("\(formatSeconds(hosts.delaySeconds)) s apart") }
        let busiest = hosts.busiest.prefix(3).map {
            "\(safe($0.host, maxCharacters: 64)) \($0.running) running \($0.waiting) waiting"
        }
        return "hosts        \(hosts.active) fetched from"
            + (limits.isEmpty ? "" : " (\(limits.joined(separator: ", ")))")
            + (hosts.waiting > 0 ? "  held back \(hosts.waiting)" : "")
            + (busiest.isEmpty ? "" : "  busiest: " + busiest.joined(separator: ", "))
    }

    /// Workers that fetch other than by default: robots.txt ignored, private networks allowed.
    static func fetchingLine(_ workers: [ClusterStatus.Worker]) -> String? {
        let live = workers.filter { $0.state != .lost }
        let ignoring = live.filter { $0.fetching?.robots == false }.map { safe($0.id, maxCharacters: 64) }
        let private_ = live.filter { $0.fetching?.privateNetworks == true }.map { safe($0.id, maxCharacters: 64) }
        var parts: [String] = []
        if !ignoring.isEmpty { parts.append("robots.txt ignored by " + ignoring.joined(separator: ", ")) }
        if !private_.isEmpty { parts.append("private networks allowed by " + private_.joined(separator: ", ")) }
        return parts.isEmpty ? nil : "fetching     " + parts.joined(separator: "; ")
    }

    static func securityLine(_ security: ClusterStatus.Security, paint: (String, String) -> String) -> String {
        var line =
            security.curve
            ? "security     CURVE  worker keys \(security.workerKeys)  client keys \(security.clientKeys)"
            : (security.insecure
                ? "security     " + paint("INSECURE: plain text off loopback", "31")
                : "security     loopback, no CURVE")
        let others = (security.refused ?? [:]).filter { $0.value > 0 }.sorted { $0.key < $1.key }
        let refused = security.refusedHandshakes + security.refusedRoles + security.refusedSubmissions
        if refused > 0 || !others.isEmpty {
            line +=
                "  refused: handshakes \(security.refusedHandshakes)  roles \(security.refusedRoles)"
                + "  submissions \(security.refusedSubmissions)"
                + others.map { "  \(safe($0.key, maxCharacters: 32)) \($0.value)" }.joined()
        }
        return line
    }

    /// `512 KiB`, `48.2 MiB`, `1.3 GiB`.
    public static func bytes(_ value: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var amount = Double(max(0, value))
        var unit = 0
        while amount >= 1024 && unit < units.count - 1 {
            amount /= 1024
            unit += 1
        }
        return unit == 0 ? "\(value) B" : String(format: amount < 100 ? "%.1f " : "%.0f ", amount) + units[unit]
    }

    /// A plain-text table with left-aligned columns; `style` decorates a cell after padding, so colour
    /// codes never disturb the alignment.
    public static func table(
        _ header: [String], _ rows: [[String]], style: (Int, Int, String) -> String = { $2 }
    ) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func format(_ row: [String], _ number: Int?) -> String {
            row.enumerated().map { index, cell in
                let padded =
                    index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                return number.map { style($0, index, padded) } ?? padded
            }.joined(separator: "  ")
        }
        return ([format(header, nil)] + rows.enumerated().map { format($1, $0) }).joined(separator: "\n")
    }

    /// The same report redrawn in place on a terminal, like `top`: cursor home, each line cleared to its
    /// end, and the rest of the screen cleared, so nothing flickers and no old line survives.
    public static func redraw(_ report: String) -> String {
        "\u{1B}[H"
            + report.split(separator: "\n", omittingEmptySubsequences: false).map { $0 + "\u{1B}[K" }
            .joined(separator: "\n") + "\n\u{1B}[J"
    }
}

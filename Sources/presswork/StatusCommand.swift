import ArgumentParser
import Foundation
import PressworkClient
import PressworkProtocol

/// `presswork status`: cluster health at a glance, or as JSON.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the coordinator, the queue, throughput and every worker.")

    @Flag(help: "Print stable JSON for scripts.")
    var json = false

    @Flag(help: "Refresh every two seconds until interrupted.")
    var watch = false

    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        try withClientErrors {
            let client = try connection.client()
            repeat {
                let status = try client.status()
                if json {
                    Output.json(status)
                } else {
                    if watch { Output.raw(Array("\u{1B}[H\u{1B}[2J".utf8)) }
                    Output.line(Self.render(status))
                }
                if watch { sleep(2) }
            } while watch
            return ExitStatus.ok
        }
    }

    static func render(_ status: ClusterStatus) -> String {
        let c = status.coordinator
        let q = status.queue
        var lines = [
            "coordinator  \(c.endpoint)  version \(c.version)  up \(Output.seconds(c.uptimeSeconds))",
            "queue        queued \(q.queued)  delayed \(q.delayed)  leased \(q.leased)  done \(q.done)  dead \(q.dead)"
                + "  retries \(q.retries)  redeliveries \(q.redeliveries)  oldest \(Output.seconds(q.oldestQueuedSeconds))",
            "throughput   \(status.throughput.lastMinute) in the last minute"
                + String(format: " (%.1f/s)", status.throughput.perSecond),
        ]
        if status.protocolCounters.malformedMessages + status.protocolCounters.undeliverableMessages > 0 {
            lines.append(
                "protocol     malformed \(status.protocolCounters.malformedMessages)"
                    + "  undeliverable \(status.protocolCounters.undeliverableMessages)")
        }
        if let security = status.security {
            var line =
                security.curve
                ? "security     CURVE  worker keys \(security.workerKeys)  client keys \(security.clientKeys)"
                : (security.insecure
                    ? "security     INSECURE: plain text off loopback" : "security     loopback, no CURVE")
            let refused = security.refusedHandshakes + security.refusedRoles + security.refusedSubmissions
            if refused > 0 {
                line +=
                    "  refused: handshakes \(security.refusedHandshakes)  roles \(security.refusedRoles)"
                    + "  submissions \(security.refusedSubmissions)"
            }
            lines.append(line)
        }
        lines.append("")
        if status.workers.isEmpty {
            lines.append("no workers registered")
        } else {
            lines.append(
                Output.table(
                    ["WORKER", "HOST", "PID", "STATE", "SLOTS", "BUSY", "DONE", "FAILED", "HEARTBEAT"],
                    status.workers.map { w in
                        [
                            w.id, w.host, String(w.pid), w.state, String(w.slots), String(w.busy), String(w.done),
                            String(w.failed), Output.seconds(w.lastHeartbeatSecondsAgo) + " ago",
                        ]
                    }))
        }
        return lines.joined(separator: "\n")
    }
}

import Foundation
import PressworkLogging
import Testing

/// Every metadata key comes from ``LogKey``: a key written inline drifts from the others' names.
@Suite("Log keys")
struct LogKeyTests {
    @Test("no source file writes a presswork.* metadata key inline")
    func noInlineKeys() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var inline: [String] = []
        for case let file as URL in files
        where file.pathExtension == "swift" && file.lastPathComponent != "LogKeys.swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for line in text.split(separator: "\n") where line.contains(#""presswork."#) && line.contains(#"": "#) {
                if line.range(of: #""presswork\.[a-z_.]+": "#, options: .regularExpression) != nil {
                    inline.append("\(file.lastPathComponent): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(inline.isEmpty, "\(inline)")
    }

    @Test("keys are distinct and namespaced")
    func distinct() {
        let keys = [
            LogKey.job, LogKey.worker, LogKey.attempt, LogKey.endpoint, LogKey.error, LogKey.count,
            LogKey.peerAddress, LogKey.peerKey, LogKey.timeout, LogKey.slot, LogKey.workerSlots, LogKey.workerHost,
            LogKey.reconnectAttempt, LogKey.reconnectDelay, LogKey.language, LogKey.stage, LogKey.message,
            LogKey.retryable, LogKey.refusal, LogKey.store, LogKey.curveServerKey, LogKey.curveWorkerKeys,
            LogKey.curveClientKeys, LogKey.curveMechanism, LogKey.curveTrigger, LogKey.role, LogKey.submissionKey,
        ]
        #expect(Set(keys).count == keys.count)
        #expect(keys.allSatisfy { $0.hasPrefix("presswork.") })
    }
}

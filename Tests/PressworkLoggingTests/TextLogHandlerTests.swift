import Logging
import PressworkProtocol
import Testing

@testable import PressworkLogging

@Suite("Text log lines")
struct TextLogHandlerTests {
    @Test("a peer's newline, escape sequence or C1 control cannot forge a line or reach the terminal")
    func controlCharactersAreEscaped() {
        let line = TextLogHandler.render(
            timestamp: "2026-12-06T20:00:00.000Z", level: .info, label: "presswork.coordinator",
            message: "worker registered",
            metadata: [
                "presswork.worker.host":
                    "evil\n2026-12-06T20:00:01.000Z critical presswork.coordinator: deleting journal",
                "presswork.source": "\u{1b}]52;c;Zm9v\u{07}\u{1b}[2J\u{9b}31m\u{202e}",
            ])
        #expect(!line.contains("\n") && !line.contains("\u{1b}") && !line.contains("\u{9b}"))
        #expect(!line.contains("\u{07}") && !line.contains("\u{202e}"))
        #expect(line.contains("evil\\u{a}2026"), "\(line)")
        #expect(line.hasPrefix("2026-12-06T20:00:00.000Z info presswork.coordinator: worker registered "))
    }

    @Test("PeerText keeps ordinary text of any script and cuts long strings")
    func ordinaryTextIsKept() {
        #expect(PeerText.escaped("Қазақстан 新闻 café — ok") == "Қазақстан 新闻 café — ok")
        #expect(PeerText.escaped("abcdef", maxCharacters: 3) == "abc…")
        #expect(PeerText.isPlain("host-1.example", maxBytes: 255))
        #expect(!PeerText.isPlain("a\tb", maxBytes: 255))
        #expect(!PeerText.isPlain(String(repeating: "a", count: 256), maxBytes: 255))
    }
}

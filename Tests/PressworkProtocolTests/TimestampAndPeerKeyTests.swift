import PressworkProtocol
import PressworkTestSupport
import Testing

@Suite("Timestamp")
struct TimestampTests {
    @Test("ISO 8601 times read back: with a zone, with fractions, a date alone; nothing longer read as a date")
    func parseISO8601() {
        #expect(Timestamp.parseISO8601("2026-12-07T10:00:00Z") == 1_796_637_600)
        #expect(Timestamp.parseISO8601("2026-12-07T12:00:00.500+02:00") == 1_796_637_600.5)
        #expect(Timestamp.parseISO8601("2026-12-07") == 1_796_601_600)
        #expect(Timestamp.parseISO8601("2026-12-07T10:30+02:00") == nil, "not midnight: not a time this reads")
        #expect(Timestamp.parseISO8601("yesterday") == nil)
        #expect(Timestamp.parseISO8601("") == nil)
    }

    @Test("The epoch is formatted in UTC with milliseconds")
    func epoch() {
        #expect(Timestamp.iso8601(0) == "1970-01-01T00:00:00.000Z")
    }

    @Test(
        "Fractions that are exact in binary keep their milliseconds",
        arguments: [
            (1.5, "1970-01-01T00:00:01.500Z"),
            (86_400.25, "1970-01-02T00:00:00.250Z"),
            (1_767_323_045.75, "2026-01-02T03:04:05.750Z"),
            (-0.5, "1969-12-31T23:59:59.500Z"),
        ])
    func exactFractions(_ seconds: Double, _ expected: String) {
        #expect(Timestamp.iso8601(seconds) == expected)
    }

    @Test(
        "Millisecond values keep their milliseconds",
        .bug(
            id: "timestamp-truncates",
            "Timestamp.iso8601 truncates: 0.999 is stored as 0.99899999…, formatted .998"),
        arguments: [
            (0.999, "1970-01-01T00:00:00.999Z"),
            (1_700_000_000.001, "2023-11-14T22:13:20.001Z"),
            (1_790_000_000.123, "2026-09-21T14:13:20.123Z"),
        ])
    func millisecondFractions(_ seconds: Double, _ expected: String) {
        #expect(Timestamp.iso8601(seconds) == expected)

    }

    @Test("A millisecond fraction that is safely representable is kept")
    func representableMilliseconds() {
        #expect(Timestamp.iso8601(0.123) == "1970-01-01T00:00:00.123Z")
        #expect(Timestamp.iso8601(1.001) == "1970-01-01T00:00:01.001Z")
    }

    @Test("now() is a plausible wall-clock time")
    func now() {
        let now = Timestamp.now()
        #expect(now > 1_700_000_000)
        #expect(Timestamp.iso8601(now).hasSuffix("Z"))
    }
}

@Suite("PeerKey")
struct PeerKeyTests {
    @Test(
        "Printable routing ids are their own key",
        arguments: ["w-1", "worker.node-a.4242", "A", "0", "x", "0X41", "~!{}"])
    func printable(_ id: String) {
        #expect(PeerKey.key(for: Array(id.utf8)) == id)
    }

    @Test(
        "Other routing ids are 0x and lower-case hex",
        arguments: [
            ([0x00, 0x6B, 0x8B, 0x45, 0x67] as [UInt8], "0x006b8b4567"),
            ([0x00], "0x00"),
            ([0x41, 0x20, 0x42], "0x412042"),  // A space is not printable here.
            ([0xFF, 0x0A], "0xff0a"),
            ([0xC3, 0xA9], "0xc3a9"),  // UTF-8, but not ASCII.
            ([], "0x"),
        ])
    func binary(_ id: [UInt8], _ expected: String) {
        #expect(PeerKey.key(for: id) == expected)
    }

    @Test("A printable id that starts with 0x is hex-encoded, so it cannot be taken for a binary id")
    func printableStartingWithHexPrefix() {
        let printable = Array("0x0041".utf8)
        let binary: [UInt8] = [0x00, 0x41]
        #expect(PeerKey.key(for: binary) == "0x0041")
        #expect(PeerKey.key(for: printable) == "0x307830303431")
        #expect(PeerKey.key(for: printable) != PeerKey.key(for: binary))
        #expect(PeerKey.key(for: Array("0x".utf8)) == "0x3078")
        #expect(PeerKey.key(for: Array("0xZ".utf8)) == "0x30785a")
    }

    @Test("Different routing ids never share a key")
    func injective() {
        var random = SeededGenerator(seed: 7)
        var seen: [String: [UInt8]] = [:]
        var ids: [[UInt8]] = [
            Array("0x".utf8), Array("0x00".utf8), [0x00], [0x30, 0x78, 0x30, 0x30], Array("00".utf8),
        ]
        for _ in 0..<2_000 {
            let alphabet: [UInt8] = [0x00, 0x30, 0x78, 0x41, 0x61, 0x66, 0x20, 0xFF]
            ids.append((0..<Int.random(in: 0...5, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
        }
        for id in ids {
            let key = PeerKey.key(for: id)
            if let other = seen[key] {
                #expect(other == id, "\(other) and \(id) share the key \(key)")
            }
            seen[key] = id
        }
    }
}

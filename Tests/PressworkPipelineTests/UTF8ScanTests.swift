import PressworkTestSupport
import Testing

@testable import PressworkPipeline

@Suite("UTF-8 scan")
struct UTF8ScanTests {
    @Test(
        "edge sequences agree with Swift's validation",
        arguments: [
            [], [0x41], [0xC2, 0xA9], [0xC1, 0xBF], [0xC0, 0x80], [0xE0, 0x9F, 0x80], [0xE0, 0xA0, 0x80],
            [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF],
            [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
            [0xE2, 0x82], [0x80], [0xBF, 0x41], [0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0xE2, 0x82, 0xAC],
            [0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0xE2, 0x82],
        ] as [[UInt8]]
    )
    func edges(bytes: [UInt8]) {
        #expect(UTF8Scan(bytes).isValid == (String(validating: bytes, as: UTF8.self) != nil))
    }

    @Test("random text agrees with Swift's validation and finds non-ASCII and control bytes")
    func randomText() {
        var generator = SeededGenerator(seed: 7)
        let pieces: [[UInt8]] = [
            Array("plain ascii text ".utf8), Array("\n\t\r".utf8), Array("Қазақстан 北京 ".utf8), [0x01], [0x7F],
            [0xFF], [0xC3], [0xED, 0xA0, 0x80], Array("🙂".utf8),
        ]
        for _ in 0..<2000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...40, using: &generator) {
                bytes += pieces[Int.random(in: 0..<pieces.count, using: &generator)]
            }
            let scan = UTF8Scan(bytes)
            let valid = String(validating: bytes, as: UTF8.self) != nil
            #expect(scan.isValid == valid, "\(bytes)")
            if valid {
                #expect(scan.hasNonASCII == bytes.contains { $0 >= 0x80 })
                #expect(scan.hasDroppedControls == bytes.contains(where: UTF8Scan.isDroppedControl))
            }
        }
    }
}

import Foundation
import PressworkLangid
import Testing

@Suite("presswork langid: lines in, one answer per line out")
struct LangidBatchTests {
    @Test("binary junk and invalid UTF-8 lines are answered, one line each")
    func binaryLines() throws {
        var generator = SystemRandomNumberGenerator()
        var input: [UInt8] = (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &generator) }.map {
            $0 == 0x0A ? 0x20 : $0
        }
        input += [0x0A, 0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0x0A]  // invalid sequences
        input += Array("Der Stadtrat hat am Dienstag einen neuen Haushalt beschlossen.\n".utf8)
        let output = run(LangidBatch(), input)
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 3, "\(output)")
        #expect(lines.last?.hasPrefix("de\tGerman\tLatn\t") == true, "\(output)")
    }

    @Test("a line with ill-formed UTF-8 is judged on all of it, and its spans are offsets in the line's bytes")
    func illFormedBytesInsideALine() throws {
        let russian = Array("Городской совет утвердил новый бюджет на ремонт дорог и мостов.".utf8)
        let english = Array("The city council approved a new budget for roads and bridges.".utf8)
        // A truncated sequence before the Russian sentence (so that all of it is read after a repair), a
        // lone continuation byte and another truncated sequence between the two sentences.
        let line = [0xC3, 0x20] + russian + [0x20, 0x80, 0xE2, 0x28, 0x20] + english
        let output = run(LangidBatch(output: .json), line + [0x0A])
        let document = try #require(
            try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(output)")
        #expect(document["code"] as? String == "ru", "\(output)")
        let spans = try #require(document["spans"] as? [[String: Any]], "\(output)")
        #expect(spans.count == 1, "\(output)")
        let offset = try #require(spans.first?["offset"] as? Int)
        let length = try #require(spans.first?["length"] as? Int)
        #expect(spans.first?["code"] as? String == "en")
        // The span runs from the ill-formed bytes (judged as U+FFFD, not language) to the end of the line.
        #expect(offset > russian.count + 2 && offset <= russian.count + 7, "\(output)")
        #expect(offset + length == line.count, "\(output)")
    }

    @Test("JSON output escapes and round-trips ids")
    func jsonLines() {
        let input = Array(
            #"""
            {"id": "a\"b\\c\u0001", "text": "Городской совет утвердил новый бюджет на ремонт дорог.", "extra": [1, {"x": null}]}
            {"id": 12.5e3, "text": "x"}
            not json
            {"text": 5}

            """#.utf8)
        var failures: [Int] = []
        let output = run(LangidBatch(input: .jsonLines, output: .json), input) { line, _ in failures.append(line) }
        let lines = output.split(separator: "\n")
        #expect(failures == [3, 4])
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix(#"{"id":"a\"b\\c\u0001","code":"ru","name":"Russian","script":"Cyrl","#) == true)
        #expect(lines.last?.hasPrefix(#"{"id":12.5e3,"code":"und","#) == true, "\(output)")
    }

    private func run(
        _ batch: LangidBatch, _ input: [UInt8], failed: (Int, String) -> Void = { _, _ in }
    ) -> String {
        var offset = 0
        var output: [UInt8] = []
        batch.run(
            read: { buffer in
                // Small reads, so that lines cross read boundaries.
                let count = min(buffer.count, input.count - offset, 777)
                for index in 0..<count { buffer[index] = input[offset + index] }
                offset += count
                return count
            },
            write: { output += $0 }, failed: failed)
        return String(decoding: output, as: UTF8.self)
    }
}

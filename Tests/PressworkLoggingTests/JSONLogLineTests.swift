import Foundation
import Logging
import PressworkLogging
import Testing

@Suite("JSON log lines")
struct JSONLogLineTests {
    func render(_ message: String, _ metadata: Logger.Metadata = [:], label: String = "presswork.worker") -> String {
        JSONLogLine.render(
            seconds: 1_795_939_852, milliseconds: 7, level: .notice, label: label, message: message,
            metadata: metadata)
    }

    func object(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test("fixed fields first, in order, with an ISO 8601 UTC timestamp in milliseconds")
    func fixedFields() {
        #expect(
            render("worker registered")
                == #"{"timestamp":"2026-11-29T08:10:52.007Z","level":"notice","label":"presswork.worker","#
                + #""message":"worker registered"}"#)
    }

    @Test(
        "timestamps across the calendar",
        arguments: [
            (0, 0, "1970-01-01T00:00:00.000Z"), (951_782_400, 999, "2000-02-29T00:00:00.999Z"),
            (4_102_444_799, 5, "2099-12-31T23:59:59.005Z"), (-1, 0, "1969-12-31T23:59:59.000Z"),
        ])
    func timestamps(seconds: Int, milliseconds: Int, expected: String) {
        #expect(JSONLogLine.timestamp(seconds: seconds, milliseconds: milliseconds) == expected)
    }

    @Test("quotes, backslashes, control characters and non-ASCII are escaped so the line stays one JSON object")
    func escaping() throws {
        let message = "a \"quoted\" \\ path\nnext\tline\u{01}\u{7F} é 日本 \u{2028}"
        let line = render(message, ["key \"x\"": "v\r\n"], label: "label\\")
        #expect(!line.contains("\n"))
        #expect(line.contains(#"\u0001"#) && line.contains(#"\u007f"#) && line.contains(#"\u2028"#))
        let parsed = try object(line)
        #expect(parsed["message"] as? String == message)
        #expect(parsed["label"] as? String == "label\\")
        #expect(parsed["key \"x\""] as? String == "v\r\n")
    }

    @Test("metadata is flattened into sorted string fields; arrays and dictionaries as JSON text")
    func metadataFlattening() throws {
        let line = render(
            "job finished",
            [
                "presswork.job.id": "j-000042",
                "attempt": .stringConvertible(3),
                "stages": ["decode", "extract"],
                "timings": ["decode": "1.5", "nested": ["a", ["b": "c"]]],
                "message": "clashes with a fixed field",
            ])
        let parsed = try object(line)
        #expect(parsed["presswork.job.id"] as? String == "j-000042")
        #expect(parsed["attempt"] as? String == "3")
        #expect(parsed["stages"] as? String == #"["decode","extract"]"#)
        #expect(parsed["timings"] as? String == #"{"decode":"1.5","nested":["a",{"b":"c"}]}"#)
        #expect(parsed["message"] as? String == "job finished")
        #expect(parsed["metadata.message"] as? String == "clashes with a fixed field")
        let keys = ["attempt", "metadata.message", "presswork.job.id", "stages", "timings"]
        let positions = keys.map { line.range(of: "\"\($0)\":")!.lowerBound }
        #expect(positions == positions.sorted())
    }
}

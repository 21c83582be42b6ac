import Foundation
import PressworkJSON
import PressworkTestSupport
import Testing

@testable import PressworkProtocol

/// The hand-written JSON of the hot headers against Foundation's: the same bytes out, and whatever the
/// strict reader accepts, `JSONDecoder` reads as the same value.
@Suite("Fast JSON headers")
struct FastJSONTests {
    static func foundationBytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    /// Strings that stress escaping: controls, quotes, backslashes, slashes, non-ASCII, astral planes.
    static func text(_ random: inout SeededGenerator) -> String {
        let pieces = [
            "a", "Z", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{01}", "\u{1F}", "\u{7F}",
            "é", "Қазақ", "中文", "\u{2028}", "😀", "</script>", "{", "}", ":", ",", "0",
        ]
        return (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }
            .joined()
    }

    static func maybe<T>(_ random: inout SeededGenerator, _ make: (inout SeededGenerator) -> T) -> T? {
        Bool.random(using: &random) ? make(&random) : nil
    }

    static func article(_ random: inout SeededGenerator) -> ArticleMeta {
        var article = ArticleMeta(
            articleId: maybe(&random, text), source: text(&random), url: maybe(&random, text),
            lang: maybe(&random, text), format: [.html, .text, .auto, .fetch].randomElement(using: &random)!,
            contentType: maybe(&random, text))
        article.hints = maybe(&random) {
            ArticleHints(title: maybe(&$0, text), author: maybe(&$0, text), published: maybe(&$0, text))
        }
        article.crawl = maybe(&random) {
            ArticleCrawl(status: Int.random(in: 100...599, using: &$0), fetchedAt: text(&$0))
        }
        return article
    }

    static func double(_ random: inout SeededGenerator) -> Double {
        [0, 0.5, 300, 1e-7, 1e300, 123.456, 2.5e15, 1e16, -3.25, Double.random(in: 0...1e6, using: &random)]
            .randomElement(using: &random)!
    }

    static let seeds: [UInt64] = Array(1...300)

    @Test("Headers written by hand are byte for byte what JSONEncoder writes, and read back equal")
    func sameBytes() throws {
        for seed in Self.seeds {
            var random = SeededGenerator(seed: seed)
            let article = Self.article(&random)
            let assignment = JobAssignment(
                job: Self.text(&random), attempt: Int.random(in: -5...1_000_000, using: &random),
                timeoutSeconds: Self.double(&random), article: article)
            let stages = Dictionary(
                uniqueKeysWithValues: ["decode", "parse", "extract", "language", "analysis"].prefix(
                    Int.random(in: 0...5, using: &random)
                ).map { ($0, Self.double(&random)) })
            let result = JobResult(
                job: Self.text(&random), attempt: Int.random(in: 1...9, using: &random),
                language: Self.maybe(&random, Self.text), stagesMs: Self.maybe(&random) { _ in stages })
            let failure = JobFailure(
                job: Self.text(&random), attempt: 3, retryable: Bool.random(using: &random), code: Self.text(&random),
                message: Self.text(&random))
            var submit = Submit(
                req: UInt64.random(in: 0...UInt64.max, using: &random),
                articles: (0..<Int.random(in: 0...4, using: &random)).map { _ in Self.article(&random) },
                key: Self.maybe(&random, Self.text))
            submit.bodyEncoding = Self.maybe(&random, Self.text)
            var accepted = Accepted(req: 7, jobs: (0..<Int.random(in: 0...4, using: &random)).map { "j\($0)" })
            accepted.encodings = Self.maybe(&random) { random in
                (0..<Int.random(in: 0...2, using: &random)).map { _ in Self.text(&random) }
            }
            let stats = WorkerStats(rssBytes: Self.maybe(&random) { Int.random(in: 0...Int.max, using: &$0) })

            try check(article, seed)
            try check(assignment, seed)
            try check(result, seed)
            try check(failure, seed)
            try check(submit, seed)
            try check(accepted, seed)
            try check(stats, seed)
        }
    }

    private func check<T: Codable & JSONWritable & JSONReadable & Equatable>(_ value: T, _ seed: UInt64) throws {
        let fast = value.jsonBytes()
        #expect(fast == (try Self.foundationBytes(value)), "seed \(seed): \(String(decoding: fast, as: UTF8.self))")
        let read = JSONObjectReader.parse(fast).flatMap(T.init(json:))
        #expect(read == value, "seed \(seed)")
    }

    /// Headers a peer could send that are unusual but valid JSON, or not valid at all.
    static let edgeCases: [String] = [
        #" {"job":"j","attempt":1} "#,
        #"{"job":"j","attempt":1,"unknown":{"deep":[1,2,{"x":null}]}}"#,
        #"{"job":"j","attempt":1,"language":null,"stagesMs":null}"#,
        #"{"job":"j","attempt":1.0}"#,
        #"{"job":"j","attempt":1e0}"#,
        #"{"job":"j","attempt":01}"#,
        #"{"job":"j","attempt":-0}"#,
        #"{"job":"j","attempt":99999999999999999999}"#,
        #"{"job":"j","job":"k","attempt":1}"#,
        #"{"job":"\u00e9\ud83d\ude00\/\b","attempt":1}"#,
        #"{"job":"\ud83d","attempt":1}"#,
        #"{"job":"\udc00x","attempt":1}"#,
        #"{"job":"a\u0000b","attempt":1}"#,
        "{\"job\":\"tab\traw\",\"attempt\":1}",
        #"{"job":"j","attempt":1,}"#,
        #"{"job":"j" "attempt":1}"#,
        #"{"job":'j',"attempt":1}"#,
        #"{"job":"j","attempt":1}x"#,
        #"{"job":"j","attempt":true}"#,
        #"{"job":"j","attempt":1,"stagesMs":{"parse":1e400}}"#,
        #"{"job":"j","attempt":1,"stagesMs":{"parse":-1.5E-3,"x":2}}"#,
        #"{"job":"j","attempt":1,"stagesMs":{"parse":"1"}}"#,
        #"[{"job":"j","attempt":1}]"#,
        #"{"job":"j","attempt":1"#,
        "",
        "{}",
    ]

    @Test("Whatever the strict reader accepts, JSONDecoder reads as the same value", arguments: edgeCases)
    func agreesWithFoundation(_ text: String) {
        agree(JobResult.self, Array(text.utf8))
    }

    @Test("Mutated headers: the reader never accepts what JSONDecoder refuses or reads differently")
    func mutations() {
        var random = SeededGenerator(seed: 2026)
        let valid = [
            JobResult(job: "j-1", attempt: 2, language: "kk", stagesMs: ["parse": 1.5, "extract": 0.25]).jsonBytes(),
            JobAssignment(
                job: "j", attempt: 1, timeoutSeconds: 300,
                article: ArticleMeta(articleId: "a\"1", source: "s.html", url: "https://x/y", format: .html)
            ).jsonBytes(),
        ]
        let alphabet = Array(#"{}[]",:\/ 0123456789.eE+-truefalsnul"#.utf8) + [0x00, 0x1F, 0x80, 0xC3, 0xFF]
        for _ in 0..<4_000 {
            var bytes = valid.randomElement(using: &random)!
            for _ in 0...Int.random(in: 0...2, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0...2, using: &random) {
                case 0: bytes[index] = alphabet.randomElement(using: &random)!
                case 1: bytes.remove(at: index)
                default: bytes.insert(alphabet.randomElement(using: &random)!, at: index)
                }
            }
            agree(JobResult.self, bytes)
            agree(JobAssignment.self, bytes)
        }
    }

    private func agree<T: Decodable & JSONReadable & Equatable>(_ type: T.Type, _ bytes: [UInt8]) {
        guard let fast = JSONObjectReader.parse(bytes).flatMap(T.init(json:)) else { return }
        let slow = try? JSONDecoder().decode(T.self, from: Data(bytes))
        #expect(slow == fast, "\(String(decoding: bytes, as: UTF8.self))")
    }

    @Test("A header the reader leaves to JSONDecoder still gets JSONDecoder's precise error")
    func preciseErrors() {
        let frames = [#"{"job":"j"}"#, #"{"job":"j","attempt":"1"}"#, #"{"job":"j","attempt":1"#]
        let messages = frames.map { frame -> String in
            do {
                _ = try JSONFrame.decode(JobResult.self, Array(frame.utf8), command: "RESULT")
                return "decoded"
            } catch let error as ProtocolError {
                return error.message
            } catch {
                return "\(error)"
            }
        }
        #expect(
            messages == [
                "RESULT header: missing field 'attempt'", "RESULT header: wrong type at 'attempt'",
                "RESULT header: not valid JSON",
            ])
    }
}

import Foundation
import PressworkFuzzSupport
import PressworkPipeline

// libFuzzer target: arbitrary bytes through the whole article pipeline, as a worker runs it.
//
// Input layout: byte 0 picks the declared format, content type and language hint; byte 1 the URL and
// whether tokens are listed; the rest is the article. Choosing the hints from the input lets the fuzzer
// reach the charset-label, language-hint and token paths, not only sniffing.
//
// Built with `-DPRESSWORK_FUZZ` (Scripts/fuzz.sh) `main` runs libFuzzer; a plain `swift build` makes a
// `main` that replays files instead: `presswork-fuzz-pipeline crash-123 ...`.

private let formats: [Article.Format] = [.auto, .html, .text, .auto]

private let contentTypes: [String?] = [
    nil, "text/html", "text/html; charset=utf-8", "text/html; charset=windows-1251", "text/plain; charset=iso-8859-1",
    "text/html; charset=\"shift_jis\"", "text/plain; charset=utf-16le", "text/html; charset=no-such-charset",
]

private let languages: [String?] = [nil, "en", "kk", "ru", "zh", "ar", "", "x-not-a-language-tag"]

private let urls: [String?] = [
    nil, "https://example.org/2024/05/17/city-opens-new-bridge", "https://news.example.kz/ru/article/123",
    "not a url", "https://example.org/", "http://[::1", "https://example.org/a?b=c#d", "",
]

private let pipelines = [Pipeline(), Pipeline(configuration: .init(includeTokens: true))]

private let facts = ProcessingFacts(worker: "fuzz", host: "fuzz", attempts: 1, processedAt: "2026-01-01T00:00:00.000Z")

// A fixed clock, so that a crash replays the same way whatever day it is.
private let now = Date(timeIntervalSince1970: 1_790_000_000)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    let first = input.first ?? 0
    let second = input.count > 1 ? input[1] : 0
    let article = Article(
        id: "fuzz", source: "fuzz", url: urls[Int(second & 7)], declaredLanguage: languages[Int(first >> 5)],
        format: formats[Int(first & 3)], contentType: contentTypes[Int((first >> 2) & 7)],
        bytes: Array(input.dropFirst(2)))
    let pipeline = pipelines[Int((second >> 3) & 1)]
    do {
        let document = try pipeline.process(article, facts: facts, now: now)
        precondition(!document.text.isEmpty, "a document without text")
        precondition(document.text == document.paragraphs.joined(separator: "\n\n"), "text is not the paragraphs")
        // The JSON writer is hand-written: whatever it emits must parse.
        let json = document.jsonBytes()
        guard (try? JSONSerialization.jsonObject(with: Data(json))) != nil else {
            preconditionFailure("invalid JSON output: \(String(decoding: json.prefix(500), as: UTF8.self))")
        }
    } catch {
        // Input faults are fine; an internal failure is a bug the fuzzer should report.
        precondition(error.code != .internalFailure, "internal failure: \(error)")
    }
    return 0
}

@main
enum FuzzMain {
    static func main() {
        FuzzDriver.main { data, size in fuzz(data!, size) }
    }
}

import ArgumentParser
import Foundation
import PressworkPipeline

/// `presswork language`: language identification alone, for many texts at once (benchmarks, scripts).
struct LanguageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "language",
        abstract: "Identify the language of texts, without the rest of the pipeline.",
        discussion: """
            Reads JSON Lines from standard input, one object per text: {"id": ..., "text": "..."} with optional \
            "title", "declared", "url" and "charset" hints. Writes one line per input: \
            {"id": ..., "lang": "kk", "language": {...}} where "lang" is the code ("und" when undetermined) and \
            "language" is the document's language field. With --text, judges that one text and prints its \
            language field.
            """)

    @Option(help: ArgumentHelp("Judge this text instead of reading standard input.", valueName: "text"))
    var text: String?

    @Option(help: ArgumentHelp("A declared language hint for --text.", valueName: "code"))
    var declared: String?

    @Option(help: ArgumentHelp("A URL hint for --text (its country-code domain counts).", valueName: "url"))
    var url: String?

    func run() throws {
        let identifier = LanguageIdentifier()
        if let text {
            Output.json(identifier.identify(text, declared: declared, url: url))
            return
        }
        let decoder = JSONDecoder()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var number = 0
        var failures = 0
        while let line = readLine(strippingNewline: true) {
            number += 1
            if line.allSatisfy(\.isWhitespace) { continue }
            guard let input = try? decoder.decode(LanguageInput.self, from: Data(line.utf8)) else {
                failures += 1
                Output.error("stdin line \(number): not a JSON object with a string \"text\"")
                continue
            }
            let language = identifier.identify(
                input.text, title: input.title ?? "", declared: input.declared, url: input.url,
                charset: input.charset)
            let output = LanguageOutput(id: input.id, lang: language.code, language: language)
            if let data = try? encoder.encode(output) {
                FileHandle.standardOutput.write(data + Data("\n".utf8))
            }
        }
        if failures > 0 { throw ExitCode(ExitStatus.jobFailures) }
    }
}

/// One input line of `presswork language`.
private struct LanguageInput: Decodable {
    var id: JSONValue?
    var text: String
    var title: String?
    var declared: String?
    var url: String?
    var charset: String?
}

/// One output line of `presswork language`.
private struct LanguageOutput: Encodable {
    var id: JSONValue?
    var lang: String
    var language: ArticleDocument.Language
}

/// An id as the caller wrote it: string or number, echoed back unchanged.
private enum JSONValue: Codable {
    case string(String)
    case number(Double)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let string = try? container.decode(String.self) {
            self = .string(string)
        } else {
            self = .number(try container.decode(Double.self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let string): try container.encode(string)
        case .number(let number):
            if number == number.rounded(), abs(number) < 1e15 {
                try container.encode(Int64(number))
            } else {
                try container.encode(number)
            }
        }
    }
}

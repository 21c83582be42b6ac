import ArgumentParser
import Foundation
import PressworkClient
import PressworkPipeline
import PressworkProtocol
import PressworkWorker

/// `presswork process`: the pipeline locally, without a cluster.
struct ProcessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Run the pipeline locally on articles, without a cluster.",
        discussion: "With --json, prints one JSON document per input (JSON Lines); failures print an error object.")

    @Argument(help: ArgumentHelp("Files, directories, .jsonl batches, or - for standard input.", valueName: "path"))
    var paths: [String]

    @Flag(help: "Print one JSON result document per input (JSON Lines).")
    var json = false

    @Flag(help: "Read - (standard input) as one text article; otherwise input starting with '{' is JSON Lines.")
    var text = false

    @Option(name: .customLong("max-article-bytes"), help: "Largest article processed, in bytes.")
    var maxArticleBytes = ProtocolLimits.defaultMaxArticleBytes

    @Option(
        help: ArgumentHelp("The page's URL (one input only): resolves relative links and URL dates.", valueName: "url"))
    var url: String?

    @Flag(help: "List every word with its offsets, search form and stem in the documents (tokens).")
    var tokens = false

    func validate() throws {
        if text && !paths.contains("-") { throw ValidationError("--text applies to - (standard input)") }
        if url != nil && (paths.count != 1 || paths[0].hasSuffix(".jsonl")) {
            throw ValidationError("--url applies to a single file or - (JSON Lines batches carry their own url)")
        }
    }

    func run() throws {
        try withClientErrors {
            let items = try ArticleInputs.plan(paths, standardInputAsText: text)
            let processor = PipelineJobProcessor(
                pipeline: Pipeline(
                    configuration: PipelineConfiguration(maxArticleBytes: maxArticleBytes, includeTokens: tokens)))
            let host = ProcessInfo.processInfo.hostName
            var failures = 0
            ArticleInputs.read(items, maxBytes: maxArticleBytes, notice: Output.error) { result in
                switch result {
                case .success(let input) where input.meta.format == .fetch:
                    failures += 1
                    report(
                        source: input.meta.source, code: "input",
                        message: "URLs are fetched by the cluster's workers: use presswork submit")
                case .success(var input):
                    input.meta.url = input.meta.url ?? url
                    do {
                        let document = try processor.document(
                            for: input.meta, id: input.meta.articleId ?? input.meta.source, body: input.body,
                            worker: "local", host: host, attempt: 1)
                        if json {
                            Output.raw(document.jsonBytes() + [0x0A])
                        } else {
                            Output.line(
                                "\(input.meta.source)\t\(document.language.code)\t\(document.wordCount) words\t\(document.title)"
                            )
                        }
                    } catch let error as PipelineError {
                        failures += 1
                        report(source: input.meta.source, code: error.code.name, message: error.message)
                    } catch {
                        failures += 1
                        report(source: input.meta.source, code: "internal", message: "\(error)")
                    }
                case .failure(let error):
                    failures += 1
                    report(source: error.source, code: "input", message: error.message)
                }
            }
            return failures > 0 ? ExitStatus.jobFailures : ExitStatus.ok
        }
    }

    private func report(source: String, code: String, message: String) {
        if json {
            Output.jsonLine(ProcessFailure(source: source, error: .init(code: code, message: message)))
        } else {
            Output.error("\(source): \(code): \(message)")
        }
    }
}

/// The JSON line `process --json` prints for an input that failed.
struct ProcessFailure: Encodable {
    struct Failure: Encodable {
        var code: String
        var message: String
    }
    var source: String
    var error: Failure
}

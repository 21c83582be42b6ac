import ArgumentParser
import Foundation
import PressworkClient
import PressworkFetch
import PressworkPipeline
import PressworkProtocol
import PressworkWorker

/// `presswork process`: the pipeline locally, without a cluster.
struct ProcessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Run the pipeline locally on articles, without a cluster.",
        discussion: "With --json, prints one JSON document per input (JSON Lines); failures print an error object.")

    @Argument(
        help: ArgumentHelp(
            "Files, directories, .jsonl batches, http(s) URLs (fetched here), or - for standard input.",
            valueName: "path"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("A file of URLs to fetch and process, one per line (- for stdin).", valueName: "file"))
    var urls: String?

    @Flag(help: "Fetch URLs that resolve to loopback, private or other special addresses (intranet pages).")
    var allowPrivateNetworks = false

    @Flag(help: "Fetch even what a site's robots.txt disallows.")
    var ignoreRobots = false

    @Option(help: ArgumentHelp("The User-Agent of fetches.", valueName: "text"))
    var userAgent: String?

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
        if paths.isEmpty && urls == nil { throw ValidationError("name files, directories, URLs or -, or give --urls") }
        if urls == "-" && paths.contains("-") { throw ValidationError("standard input cannot be both - and --urls -") }
        if let userAgent,
            !(1...256).contains(userAgent.utf8.count) || !userAgent.utf8.allSatisfy({ (0x20...0x7E).contains($0) })
        {
            throw ValidationError("--user-agent must be 1 to 256 printable ASCII characters")
        }
        if text && !paths.contains("-") { throw ValidationError("--text applies to - (standard input)") }
        if url != nil && (paths.count != 1 || paths[0].hasSuffix(".jsonl")) {
            throw ValidationError("--url applies to a single file or - (JSON Lines batches carry their own url)")
        }
    }

    func run() throws {
        try withClientErrors {
            var items = paths.isEmpty ? [] : try ArticleInputs.plan(paths, standardInputAsText: text)
            if let urls { items += try ArticleInputs.urls(fromList: urls) }
            var fetching = FetchPolicy()
            fetching.allowPrivateNetworks = allowPrivateNetworks
            fetching.ignoreRobots = ignoreRobots
            fetching.maxBytes = maxArticleBytes
            if let userAgent { fetching.userAgent = userAgent }
            let processor = PipelineJobProcessor(
                pipeline: Pipeline(
                    configuration: PipelineConfiguration(maxArticleBytes: maxArticleBytes, includeTokens: tokens)),
                fetchPolicy: fetching)
            let host = ProcessInfo.processInfo.hostName
            var failures = 0
            var inputErrors = 0
            ArticleInputs.read(items, maxBytes: maxArticleBytes, notice: Output.error) { result in
                switch result {
                case .success(var input):
                    input.meta.url = input.meta.url ?? url
                    var fetched: ArticleDocument.Fetch?
                    if input.meta.format == .fetch {
                        switch processor.fetchArticle(input.meta) {
                        case .failure(let error):
                            failures += 1
                            report(source: input.meta.source, code: error.code, message: error.message)
                            return
                        case .success(let page):
                            (input.meta, input.body, fetched) = (page.meta, page.body, page.fetch)
                        }
                    }
                    do {
                        var document = try processor.document(
                            for: input.meta, id: input.meta.articleId ?? input.meta.source, body: input.body,
                            worker: "local", host: host, attempt: 1)
                        document.fetch = fetched
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
                    inputErrors += 1
                    report(source: error.source, code: "input", message: error.message)
                }
            }
            // As for submit: an input that cannot be used is a usage error (2), before failed articles (1).
            return inputErrors > 0 ? ExitStatus.usage : failures > 0 ? ExitStatus.jobFailures : ExitStatus.ok
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

import ArgumentParser
import Foundation
import PressworkLangid
import PressworkPipeline

/// `presswork langid`: language identification alone, one answer per input line, for many texts at once.
struct LanguageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "langid",
        abstract: "Identify the language of each input line, without the rest of the pipeline.",
        discussion: """
            Reads the FILEs (or standard input for - or none); each line is one text (UTF-8; invalid bytes \
            count as U+FFFD and span offsets are bytes of the line; a line is judged by its first \
            megabyte). With --jsonl each line is instead a JSON object {"text": ..., "id": ..., "title", "declared", "url", "charset"}; the id is echoed back. \
            Writes one line per input: tab-separated code, name, script, confidence, reliable or unreliable, \
            and spans of other languages (code@offset+length, or -), or with --json one object like a result \
            document's "language" field. Short texts get CLD2's best-effort answer, never reliable; "und" \
            means undetermined (no letters, or letters that are not language), and --json says why. A file that cannot be opened is reported and makes the exit status 2 \
            (an input error); lines that cannot be judged are reported and make it 1.
            """,
        aliases: ["language"])

    @Argument(help: ArgumentHelp("Files of texts, one per line; - for standard input.", valueName: "file"))
    var files: [String] = []

    @Flag(help: "Write one JSON object per line instead of tab-separated columns.")
    var json = false

    @Flag(help: "Read JSON Lines objects with a \"text\" member instead of plain lines.")
    var jsonl = false

    @Option(help: ArgumentHelp("Judge this text instead of reading input.", valueName: "text"))
    var text: String?

    @Option(help: ArgumentHelp("A declared language, a hint for every text.", valueName: "code"))
    var declared: String?

    @Option(help: ArgumentHelp("A URL hint for every text (its country-code domain counts).", valueName: "url"))
    var url: String?

    func run() throws {
        if let text {
            Output.json(LanguageIdentifier().identify(text, declared: declared, url: url))
            return
        }
        LangidBatch.prepareProcess()
        let batch = LangidBatch(
            input: jsonl ? .jsonLines : .lines, output: json ? .json : .tabSeparated, declared: declared, url: url)
        var failures = 0
        var inputErrors = 0
        for file in files.isEmpty ? ["-"] : files {
            let descriptor = file == "-" ? STDIN_FILENO : open(file, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                Output.error("\(file): \(String(cString: strerror(errno)))")
                inputErrors += 1
                continue
            }
            defer { if descriptor != STDIN_FILENO { close(descriptor) } }
            let name = file == "-" ? "stdin" : file
            batch.run(
                read: { buffer in
                    let count = Self.retrying { Glibc.read(descriptor, buffer.baseAddress, buffer.count) }
                    if count < 0 { Output.error("\(name): \(String(cString: strerror(errno)))") }
                    return count
                },
                write: Self.writeAll,
                failed: { line, reason in
                    failures += 1
                    Output.error("\(name) line \(line): \(reason)")
                })
        }
        if inputErrors > 0 { throw ExitCode(ExitStatus.usage) }
        if failures > 0 { throw ExitCode(ExitStatus.jobFailures) }
    }

    private static func retrying(_ call: () -> Int) -> Int {
        while true {
            let result = call()
            if result >= 0 || errno != EINTR { return result }
        }
    }

    /// Writes all of `bytes` to standard output; a closed pipe ends the process quietly, as `head` expects.
    private static func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = retrying { Glibc.write(STDOUT_FILENO, raw.baseAddress! + offset, raw.count - offset) }
                if written < 0 { Foundation.exit(errno == EPIPE ? 0 : ExitStatus.jobFailures) }
                offset += written
            }
        }
    }
}

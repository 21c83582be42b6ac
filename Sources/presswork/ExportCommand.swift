import ArgumentParser
import Foundation
import PressworkClient

/// `presswork export`: every result document as JSON Lines, streamed page by page.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Stream result documents as JSON Lines: all, or those matching filters.",
        discussion: """
            Prints the cursor after the last document on stderr ("next: --after N"): the next export with \
            --after N fetches only results stored since, with the same or other filters. Cursors stay valid \
            across coordinator restarts.
            """)

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Option(
        help: ArgumentHelp(
            "Only results stored after this cursor (printed by the previous export).", valueName: "cursor"))
    var after: Int64?

    @OptionGroup var filters: ResultFilterOptions

    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        try withClientErrors {
            let handle: FileHandle
            if let output {
                // open(2) writes in place: a device, a FIFO or a symlink the user named stays what it is
                // (FileManager.createFile would replace it with a regular file).
                let fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
                guard fd >= 0 else {
                    throw ClientError(
                        .badInput, "\(output): cannot open for writing: \(String(cString: strerror(errno)))")
                }
                handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            } else {
                handle = FileHandle.standardOutput
            }
            defer { if output != nil { try? handle.close() } }
            let client = try connection.client()
            var count = 0
            let last = try client.export(filter: filters.filter(now: Date()), after: after) { documents in
                var chunk = Data()
                for document in documents {
                    chunk.append(contentsOf: document)
                    chunk.append(0x0A)
                }
                do {
                    try handle.write(contentsOf: chunk)
                } catch {
                    throw ClientError(
                        .badInput, "\(output ?? "standard output"): cannot write: \(error.localizedDescription)")
                }
                count += documents.count
            }
            // With nothing new, the next export starts where this one was asked to.
            let next = last ?? after ?? 0
            FileHandle.standardError.write(Data("exported \(count) document(s); next: --after \(next)\n".utf8))
            return ExitStatus.ok
        }
    }
}

import ArgumentParser
import Foundation
import PressworkClient

/// `presswork export`: every result document as JSON Lines, streamed page by page.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Stream every result document as JSON Lines.")

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

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
            try client.export { documents in
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
            FileHandle.standardError.write(Data("exported \(count) document(s)\n".utf8))
            return ExitStatus.ok
        }
    }
}

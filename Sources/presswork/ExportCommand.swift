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
                guard FileManager.default.createFile(atPath: output, contents: nil),
                    let file = FileHandle(forWritingAtPath: output)
                else {
                    throw ClientError(.badInput, "\(output): cannot create file")
                }
                handle = file
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
                try handle.write(contentsOf: chunk)
                count += documents.count
            }
            FileHandle.standardError.write(Data("exported \(count) document(s)\n".utf8))
            return ExitStatus.ok
        }
    }
}

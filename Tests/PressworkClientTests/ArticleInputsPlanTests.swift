import Foundation
import PressworkClient
import PressworkProtocol
import Testing

@Suite("Planning inputs")
struct ArticleInputsPlanTests {
    @Test(
        "A file of a known type is planned with its format, whatever the case of its extension",
        arguments: [
            ("a.html", ArticleFormat.html), ("b.htm", .html), ("c.txt", .text), ("d.HTML", .html), ("e.Htm", .html),
            ("f.TXT", .text), ("g.tXt", .text), ("page.v2.html", .html),
        ])
    func knownFile(_ name: String, _ format: ArticleFormat) throws {
        try withTemporaryDirectory { (directory) throws in
            let path = try write("x", to: directory + "/" + name)
            #expect(try ArticleInputs.plan([path]) == [.file(path: path, format: format)])
        }
    }

    @Test("A JSON Lines file is planned as a batch", arguments: ["batch.jsonl", "BATCH.JSONL", "b.JsonL"])
    func batchFile(_ name: String) throws {
        try withTemporaryDirectory { (directory) throws in
            let path = try write("", to: directory + "/" + name)
            #expect(try ArticleInputs.plan([path]) == [.batch(path: path)])
        }
    }

    @Test("- is standard input, in the order given")
    func standardInput() throws {
        try withTemporaryDirectory { (directory) throws in
            let path = try write("x", to: directory + "/a.txt")
            #expect(try ArticleInputs.plan(["-"]) == [.standardInput])
            #expect(
                try ArticleInputs.plan([path, "-", path])
                    == [.file(path: path, format: .text), .standardInput, .file(path: path, format: .text)])
        }
    }

    @Test("A directory is walked recursively and sorted; hidden files and unknown types are skipped")
    func directoryTree() throws {
        try withTemporaryDirectory { (directory) throws in
            let root = directory + "/articles"
            for name in [
                "b.html", "a.txt", "UPPER.HTML", "notes.md", "image.png", "README", ".hidden.html", ".hidden.jsonl",
                "sub/c.htm", "sub/.also-hidden.txt", "sub/deeper/d.jsonl", "sub/deeper/e.TXT", "sub/deeper/f.json",
                "sub2/g.html",
            ] {
                try write("x", to: root + "/" + name)
            }
            try FileManager.default.createDirectory(atPath: root + "/empty", withIntermediateDirectories: true)
            // A directory whose name has a known extension is walked, not planned as a file.
            try write("x", to: root + "/folder.html/inner.txt")

            let plan = try ArticleInputs.plan([root])
            #expect(
                plan == [
                    .file(path: root + "/UPPER.HTML", format: .html),
                    .file(path: root + "/a.txt", format: .text),
                    .file(path: root + "/b.html", format: .html),
                    .file(path: root + "/folder.html/inner.txt", format: .text),
                    .file(path: root + "/sub/c.htm", format: .html),
                    .batch(path: root + "/sub/deeper/d.jsonl"),
                    .file(path: root + "/sub/deeper/e.TXT", format: .text),
                    .file(path: root + "/sub2/g.html", format: .html),
                ])
        }
    }

    @Test(
        "Files inside a hidden directory are skipped, as hidden files are",
        .bug(
            id: "client-hidden-directories",
            "ArticleInputs skips hidden names but still descends into hidden directories"))
    func hiddenDirectory() throws {
        try withTemporaryDirectory { (directory) throws in
            let root = directory + "/articles"
            try write("x", to: root + "/a.html")
            try write("x", to: root + "/.git/b.html")
            try write("x", to: root + "/.cache/deep/c.txt")
            let plan = try ArticleInputs.plan([root])
            #expect(plan == [.file(path: root + "/a.html", format: .html)])

        }
    }

    @Test("Several inputs are planned in the order given")
    func severalInputs() throws {
        try withTemporaryDirectory { (directory) throws in
            let z = try write("x", to: directory + "/z.txt")
            let a = try write("x", to: directory + "/dir/a.html")
            let batch = try write("", to: directory + "/m.jsonl")
            #expect(
                try ArticleInputs.plan([z, directory + "/dir", batch])
                    == [.file(path: z, format: .text), .file(path: a, format: .html), .batch(path: batch)])
        }
    }

    @Test("A missing path is bad input naming the path")
    func missingPath() throws {
        try withTemporaryDirectory { (directory) throws in
            let good = try write("x", to: directory + "/a.html")
            let missing = directory + "/nope.html"
            // Checked before anything is read: a good path first does not help.
            let error = clientError { try ArticleInputs.plan([good, missing]) }
            #expect(error?.code == .badInput)
            #expect(error?.message.contains(missing) == true)
        }
    }

    @Test(
        "A file of an unknown type is bad input", arguments: ["notes.md", "README", "data.json", "page.html.bak", "a."])
    func unknownExtension(_ name: String) throws {
        try withTemporaryDirectory { (directory) throws in
            let path = try write("x", to: directory + "/" + name)
            let error = clientError { try ArticleInputs.plan([path]) }
            #expect(error?.code == .badInput)
            #expect(error?.message.contains(path) == true)
        }
    }

    @Test("A directory with nothing to read is bad input")
    func emptyDirectory() throws {
        try withTemporaryDirectory { (directory) throws in
            let empty = directory + "/empty"
            try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
            #expect(clientError { try ArticleInputs.plan([empty]) }?.code == .badInput)

            let useless = directory + "/useless"
            try write("x", to: useless + "/.hidden.html")
            try write("x", to: useless + "/notes.md")
            try FileManager.default.createDirectory(atPath: useless + "/sub", withIntermediateDirectories: true)
            let error = clientError { try ArticleInputs.plan([useless]) }
            #expect(error?.code == .badInput)
            #expect(error?.message.contains(useless) == true)
        }
    }

    @Test("No inputs at all is bad input")
    func noInputs() {
        #expect(clientError { try ArticleInputs.plan([]) }?.code == .badInput)
    }

    @Test("An unreadable file is bad input", .enabled(if: getuid() != 0, "root can read any file"))
    func unreadableFile() throws {
        try withTemporaryDirectory { (directory) throws in
            let path = try write("x", to: directory + "/secret.html")
            try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: path)
            #expect(clientError { try ArticleInputs.plan([path]) }?.code == .badInput)
        }
    }
}

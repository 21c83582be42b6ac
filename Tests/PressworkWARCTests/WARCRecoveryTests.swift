import PressworkWARC
import Testing

@Suite("WARCReader: malformed, truncated and corrupt records are reported and skipped")
struct WARCRecoveryTests {
    @Test(
        "A bad Content-Length in the middle: skipped with its offset, the records after it read",
        arguments: [false, true])
    func badContentLength(gzip: Bool) throws {
        let directory = try TemporaryDirectory()
        var writer = WARCFileWriter(gzip: gzip)
        let mixed = Samples.mixed()
        writer.append(mixed[0])
        writer.append(WARCFileWriter.record(type: "response", block: Samples.request, contentLength: "12x", id: 9))
        writer.append(WARCFileWriter.record(type: "response", block: Samples.request, contentLength: "", id: 10))
        for record in mixed[1...] { writer.append(record) }
        let path = directory.file("bad-length.warc")
        try writer.write(to: path)

        let events = try WARCReader(path: path).all()
        #expect(events.records.count == 5)
        #expect(events.records.map(\.type) == ["warcinfo", "request", "response", "metadata", "response"])
        let skips = events.skips
        #expect(skips.map(\.offset) == [writer.offsets[1], writer.offsets[2]])
        #expect(skips.map(\.reason.code) == [.badContentLength, .badContentLength])
        #expect(skips.first?.reason.message.contains("12x") == true)
    }

    @Test("A gzip member that ends before its Content-Length: truncated, the next member still read")
    func memberShorterThanBlock() throws {
        let directory = try TemporaryDirectory()
        var writer = WARCFileWriter(gzip: true)
        let mixed = Samples.mixed()
        writer.append(mixed[0])
        writer.append(WARCFileWriter.record(type: "resource", block: Samples.request, contentLength: "999999", id: 8))
        for record in mixed[1...] { writer.append(record) }
        let path = directory.file("short-member.warc.gz")
        try writer.write(to: path)

        let events = try WARCReader(path: path).all()
        #expect(events.records.map(\.type) == ["warcinfo", "request", "response", "metadata", "response"])
        #expect(events.skips.map(\.offset) == [writer.offsets[1]])
        #expect(events.skips.map(\.reason.code) == [.truncated])
        #expect(events.skips.first?.reason.message.contains("gzip member ends") == true)
    }

    @Test("Junk without a version line in a plain file: skipped up to the next WARC/1. line")
    func junkInPlainFile() throws {
        let directory = try TemporaryDirectory()
        var writer = WARCFileWriter(gzip: false)
        let mixed = Samples.mixed()
        writer.append(mixed[0])
        writer.appendRaw(Array("garbage line\nmore garbage WARC/1.0 not at a line start\n".utf8))
        writer.append(mixed[1])
        let path = directory.file("junk.warc")
        try writer.write(to: path)

        let events = try WARCReader(path: path).all()
        #expect(events.records.map(\.type) == ["warcinfo", "request"])
        #expect(events.skips.map(\.offset) == [writer.offsets[1]])
        #expect(events.skips.map(\.reason.code) == [.noVersionLine])
    }

    @Test("A record truncated at the end of the file is reported", arguments: [false, true])
    func truncatedAtEnd(gzip: Bool) throws {
        let directory = try TemporaryDirectory()
        var writer = WARCFileWriter(gzip: gzip)
        let mixed = Samples.mixed()
        for record in mixed[..<3] { writer.append(record) }
        let last = WARCFileWriter.record(type: "response", block: Samples.httpResponse(Samples.html), id: 7)
        if gzip {
            let member = WARCFileWriter.gzipMember(last)
            writer.appendRaw(Array(member.prefix(member.count * 2 / 3)))
        } else {
            writer.appendRaw(Array(last.prefix(last.count - 200)))
        }
        let path = directory.file("truncated.warc")
        try writer.write(to: path)

        let events = try WARCReader(path: path).all()
        #expect(events.records.count == 3)
        #expect(events.skips.map(\.offset) == [writer.offsets[3]])
        #expect(events.skips.map(\.reason.code) == [.truncated])
    }

    @Test("A corrupt gzip member in the middle: skipped, reading goes on at the next member")
    func corruptMember() throws {
        let directory = try TemporaryDirectory()
        var writer = WARCFileWriter(gzip: true)
        let mixed = Samples.mixed()
        writer.append(mixed[0])
        var corrupt = WARCFileWriter.gzipMember(mixed[2])
        for index in stride(from: 20, to: corrupt.count - 20, by: 7) { corrupt[index] ^= 0x5A }
        writer.appendRaw(corrupt)
        // A member cut in half and one that is only a gzip header: neither inflates to a record.
        writer.appendRaw(Array(WARCFileWriter.gzipMember(mixed[1]).prefix(30)))
        for record in mixed[1...] { writer.append(record) }
        let path = directory.file("corrupt.warc.gz")
        try writer.write(to: path)

        let events = try WARCReader(path: path).all()
        #expect(events.records.map(\.type) == ["warcinfo", "request", "response", "metadata", "response"])
        #expect(events.records.map(\.offset) == [writer.offsets[0]] + writer.offsets[3...])
        let skips = events.skips
        #expect(skips.first?.offset == writer.offsets[1])
        #expect(skips.first?.reason.code == .corruptGzip)
        // The stub inflates to a first line, so it may be reported too; nothing past it is.
        #expect(skips.allSatisfy { $0.offset >= writer.offsets[1] && $0.offset < writer.offsets[3] })
    }

    @Test("Limits: an overlong header line and too many fields are skips, not crashes", arguments: [false, true])
    func limits(gzip: Bool) throws {
        let directory = try TemporaryDirectory()
        var writer = WARCFileWriter(gzip: gzip)
        let longValue = String(repeating: "a", count: WARCReader.maxLineBytes + 10)
        writer.append(WARCFileWriter.record(type: "resource", extra: [("X-Long", longValue)], block: [1, 2, 3], id: 1))
        let many = (0...WARCReader.maxFields).map { ("X-Field-\($0)", "v") }
        writer.append(WARCFileWriter.record(type: "resource", extra: many, block: [1, 2, 3], id: 2))
        // Folded lines: joined with one space; past the line limit, or past the line count, a skip too.
        let fold = String(repeating: "b", count: 30_000)
        writer.append(
            WARCFileWriter.record(
                type: "resource", extra: [("X-Fold", "\(fold)\r\n \(fold)\r\n\t\(fold)")], block: [1], id: 3))
        let folds = String(repeating: "\r\n v", count: WARCReader.maxFields)
        writer.append(WARCFileWriter.record(type: "resource", extra: [("X-Fold", "v" + folds)], block: [1], id: 4))
        writer.append(
            WARCFileWriter.record(type: "metadata", extra: [("X-Fold", "first\r\n   second")], block: [1], id: 5))
        let path = directory.file("limits.warc")
        try writer.write(to: path)

        let events = try WARCReader(path: path).all()
        #expect(events.records.map(\.type) == ["metadata"])
        #expect(events.records.first?.headers["x-fold"] == "first second")
        #expect(events.skips.map(\.reason.code) == [.lineTooLong, .tooManyFields, .lineTooLong, .tooManyFields])
        #expect(events.skips.map(\.offset) == Array(writer.offsets[..<4]))
    }

    @Test("A file cut at every byte: the whole records before the cut, one truncated skip inside a record")
    func cutEverywhere() throws {
        let directory = try TemporaryDirectory()
        for gzip in [false, true] {
            var writer = WARCFileWriter(gzip: gzip)
            let pieces = Samples.mixed()
            for piece in pieces { writer.append(piece) }
            let whole = writer.bytes
            // Where each record's required bytes end: its block for plain files (the CR LF CR LF after it
            // may be missing), its whole member for gzip ones.
            let ends = zip(writer.offsets, pieces).map { offset, piece in
                offset + Int64(gzip ? WARCFileWriter.gzipMember(piece).count : piece.count - 4)
            }
            let path = directory.file("cut-\(gzip).warc")
            for length in 0...whole.count {
                var cut = WARCFileWriter(gzip: false)
                cut.appendRaw(Array(whole.prefix(length)))
                try cut.write(to: path)
                let events = try WARCReader(path: path).all()
                let complete = ends.filter { $0 <= Int64(length) }.count
                let inside = writer.offsets.indices.contains {
                    writer.offsets[$0] < Int64(length) && ends[$0] > Int64(length)
                }
                #expect(events.records.count == complete, "cut at \(length) of \(whole.count), gzip \(gzip)")
                #expect(events.skips.count == (inside ? 1 : 0), "cut at \(length) of \(whole.count), gzip \(gzip)")
                #expect(events.skips.allSatisfy { $0.reason.code == .truncated })
            }
        }
    }

    @Test("Arbitrary bytes never crash the reader")
    func noise() throws {
        let directory = try TemporaryDirectory()
        var generator = SystemRandomNumberGenerator()
        for gzip in [false, true] {
            for round in 0..<20 {
                var writer = WARCFileWriter(gzip: gzip)
                for record in Samples.mixed() { writer.append(record) }
                var bytes = writer.bytes
                for _ in 0..<(round + 1) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(
                        in: 0...255, using: &generator)
                }
                let path = directory.file("noise-\(gzip)-\(round).warc")
                var noisy = WARCFileWriter(gzip: false)
                noisy.appendRaw(bytes)
                try noisy.write(to: path)
                let events = try WARCReader(path: path).all()
                #expect(events.count <= 5 + bytes.count)
            }
        }
    }
}

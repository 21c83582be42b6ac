import PressworkWARC
import Testing

@Suite("WARCReader: records of a plain or gzip-per-record WARC file, one at a time")
struct WARCReaderTests {
    @Test("Records of several types, with offsets, fields and blocks", arguments: [false, true])
    func mixedRecords(gzip: Bool) throws {
        let directory = try TemporaryDirectory()
        var writer = WARCFileWriter(gzip: gzip)
        for record in Samples.mixed() { writer.append(record) }
        let path = directory.file(gzip ? "mixed.warc.gz" : "mixed.warc")
        try writer.write(to: path)

        let reader = try WARCReader(path: path)
        #expect(reader.isGzip == gzip)
        let events = reader.all()
        #expect(events.skips.isEmpty)
        let records = events.records
        #expect(records.map(\.type) == ["warcinfo", "request", "response", "metadata", "response"])
        #expect(records.map(\.offset) == writer.offsets)
        #expect(records.map(\.version) == ["WARC/1.1", "WARC/1.1", "WARC/1.1", "WARC/1.0", "WARC/1.1"])
        #expect(records[0].block == Samples.warcinfo)
        #expect(records[1].block == Samples.request)
        #expect(records[2].block == Samples.httpResponse(Samples.html))
        #expect(records[2].targetURI == "https://example.org/news")
        #expect(records[2].contentType == "application/http; msgtype=response")
        #expect(records[2].date == "2026-12-07T12:00:00Z")
        #expect(records[2].recordID == "<urn:uuid:00000000-0000-0000-0000-000000000003>")
        #expect(records[2].contentLength == Int64(Samples.httpResponse(Samples.html).count))
        // Names match in any case; the angle brackets of WARC/1.0 writers are dropped.
        #expect(records[4].contentType == "application/http; msgtype=response")
        #expect(records[4].headers["WARC-RECORD-id"] == records[4].recordID)
        #expect(records[4].targetURI == "https://example.org/other")
    }

    @Test("A whole file gzipped as one member: every record read, each at the member's offset")
    func singleMember() throws {
        let directory = try TemporaryDirectory()
        var writer = WARCFileWriter(gzip: true)
        writer.append(Samples.mixed().reduce([], +))
        let path = directory.file("one-member.warc.gz")
        try writer.write(to: path)

        let events = try WARCReader(path: path).all()
        #expect(events.skips.isEmpty)
        #expect(events.records.map(\.type) == ["warcinfo", "request", "response", "metadata", "response"])
        #expect(events.records.allSatisfy { $0.offset == 0 })
    }

    @Test("Resuming from the third record's offset reads it and what follows", arguments: [false, true])
    func resume(gzip: Bool) throws {
        let directory = try TemporaryDirectory()
        var writer = WARCFileWriter(gzip: gzip)
        for record in Samples.mixed() { writer.append(record) }
        let path = directory.file("resume.warc")
        try writer.write(to: path)

        let third = try #require(WARCReader(path: path).all().records.dropFirst(2).first)
        let resumed = try WARCReader(path: path, from: third.offset).all()
        #expect(resumed.skips.isEmpty)
        let expected = try WARCReader(path: path).all().records.dropFirst(2).map(\.recordID)
        #expect(resumed.records.map(\.recordID) == expected)
        #expect(resumed.records.first?.offset == third.offset)
    }

    @Test("Resuming from an offset inside a record: one skip, then the records after it", arguments: [false, true])
    func resumeMidRecord(gzip: Bool) throws {
        let directory = try TemporaryDirectory()
        var writer = WARCFileWriter(gzip: gzip)
        for record in Samples.mixed() { writer.append(record) }
        let path = directory.file("resume-mid.warc")
        try writer.write(to: path)

        let events = try WARCReader(path: path, from: writer.offsets[2] + 5).all()
        #expect(events.skips.count == 1)
        #expect(events.skips.first?.offset == writer.offsets[2] + 5)
        #expect(events.records.map(\.offset) == Array(writer.offsets[3...]))
    }

    @Test("A block longer than maxBlockBytes is reported as oversize and the next record still read")
    func oversize() throws {
        let directory = try TemporaryDirectory()
        for gzip in [false, true] {
            var writer = WARCFileWriter(gzip: gzip)
            let big = [UInt8](repeating: UInt8(ascii: "x"), count: 300_000)
            writer.append(WARCFileWriter.record(type: "resource", block: big, id: 1))
            writer.append(WARCFileWriter.record(type: "metadata", block: Samples.metadata, id: 2))
            let path = directory.file("oversize-\(gzip).warc")
            try writer.write(to: path)

            let events = try WARCReader(path: path, maxBlockBytes: 100_000).all()
            #expect(events.count == 2)
            guard case .oversize(let offset, let length, let headers) = events.first else {
                Issue.record("expected an oversize event, got \(String(describing: events.first))")
                continue
            }
            #expect(offset == 0)
            #expect(length == 300_000)
            #expect(headers["WARC-Type"] == "resource")
            #expect(events.records.map(\.type) == ["metadata"])
        }
    }

    @Test("A missing file is an error; an empty file has no records")
    func openErrors() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: WARCError.self) { try WARCReader(path: directory.file("missing.warc")) }
        #expect(throws: WARCError.self) { try WARCReader(path: directory.file("missing.warc"), from: -1) }
        try WARCFileWriter(gzip: false).write(to: directory.file("empty.warc"))
        #expect(try WARCReader(path: directory.file("empty.warc")).all().isEmpty)
    }
}

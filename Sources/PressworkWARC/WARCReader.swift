/// Reads the records of a WARC file (WARC/1.0 or 1.1, plain or gzip per record) one at a time.
///
/// Memory stays bounded by the largest record it returns (a block of at most `maxBlockBytes`, a header of at
/// most `maxFields` lines of `maxLineBytes`) plus two 64 KiB buffers, whatever the file's size. Malformed,
/// truncated and corrupt records are reported as `.skipped` events and reading goes on with the next record,
/// so a caller can count both. In a gzip-per-record file a record is returned only once its member's CRC has
/// been checked. Not thread-safe: one reader per thread.
///
/// ```swift
/// for event in try WARCReader(path: "crawl.warc.gz") {
///     if case .record(let record) = event, record.type == "response" { … }
/// }
/// ```
public final class WARCReader: Sequence, IteratorProtocol {
    /// The longest header line accepted, in bytes.
    public static let maxLineBytes = 64 * 1024
    /// The most header lines a record may have (fields and folded continuations).
    public static let maxFields = 256
    /// The default for `maxBlockBytes`: 64 MiB.
    public static let defaultMaxBlockBytes = 64 << 20

    /// Whether the file is gzip-compressed (judged by its first two bytes, 1F 8B).
    public let isGzip: Bool
    /// Blocks longer than this are reported as `.oversize` and skipped without being held.
    public let maxBlockBytes: Int

    private let stream: DecodedStream
    private var finished = false

    /// Opens `path` for reading from `offset`.
    ///
    /// - Parameters:
    ///   - path: A WARC file, plain or gzip per record.
    ///   - offset: Where to start: 0, or the `offset` of a record read before (to resume after an interruption).
    ///   - maxBlockBytes: Blocks longer than this are skipped (`.oversize`).
    /// - Throws: `WARCError` when the file cannot be opened or read, or an argument is out of range.
    public init(path: String, from offset: Int64 = 0, maxBlockBytes: Int = WARCReader.defaultMaxBlockBytes)
        throws(WARCError)
    {
        guard offset >= 0 else { throw WARCError(.badArgument, "the start offset \(offset) is negative") }
        guard maxBlockBytes >= 0 else { throw WARCError(.badArgument, "maxBlockBytes \(maxBlockBytes) is negative") }
        let file = try FileInput(path: path)
        var magic: (UInt8, UInt8) = (0, 0)
        let got = try withUnsafeMutableBytes(of: &magic) { (bytes) throws(WARCError) -> Int in
            guard let base = bytes.baseAddress else { return 0 }
            return try file.read(into: base, count: 2, at: 0)
        }
        isGzip = got == 2 && magic.0 == 0x1F && magic.1 == 0x8B
        self.maxBlockBytes = maxBlockBytes
        stream = try DecodedStream(file: file, framing: isGzip ? .gzip : .plain, offset: offset)
    }

    /// The next record or skipped part, or nil at the end of the file (and after an I/O error was reported).
    public func next() -> WARCEvent? {
        guard !finished else { return nil }
        guard skipSeparators() else {
            if let failure = stream.failure {
                // A member that fails before its first byte: nothing parsed yet, report it and move on.
                let event = WARCEvent.skipped(offset: stream.origin, reason: failure)
                finishOrRecover(after: failure)
                return event
            }
            finished = true
            return nil
        }
        let offset = stream.origin
        switch readRecord() {
        case .success(let event):
            return event
        case .failure(let reason):
            finishOrRecover(after: reason)
            return .skipped(offset: offset, reason: reason)
        }
    }

    private func finishOrRecover(after reason: WARCSkipReason) {
        if reason.code == .readFailed {
            finished = true
        } else {
            stream.recover()
        }
    }

    // MARK: - Parsing

    /// Skips the CR and LF bytes between records (and the ends of gzip members); false when nothing follows.
    private func skipSeparators() -> Bool {
        while true {
            if consumeSeparators() { return true }
            if stream.produce() { continue }
            if stream.failure == nil && stream.enterNextMember() { continue }
            return false
        }
    }

    /// Consumes the pending CR and LF bytes; true when another byte is pending after them.
    private func consumeSeparators() -> Bool {
        let chunk = stream.pending
        var skipped = 0
        while skipped < chunk.count && (chunk[skipped] == 0x0D || chunk[skipped] == 0x0A) { skipped += 1 }
        stream.consume(skipped)
        return skipped < chunk.count
    }

    /// In a gzip file, reads on through the separators after a record to its member's end, so that zlib checks
    /// the member's CRC before the record is returned. Nil when it matches, or when another record follows in
    /// the same member (then that member is checked at its end, with its last record).
    private func checkMemberEnd() -> WARCSkipReason? {
        guard stream.framing == .gzip else { return nil }
        while true {
            if consumeSeparators() { return nil }
            if stream.produce() { continue }
            return stream.failure
        }
    }

    private enum Outcome<Value> {
        case success(Value)
        case failure(WARCSkipReason)
    }

    private func readRecord() -> Outcome<WARCEvent> {
        let offset = stream.origin
        let versionLine: [UInt8]
        switch readLine() {
        case .line(let line): versionLine = line
        case .failed(let reason): return .failure(reason)
        }
        guard versionLine.starts(with: Array("WARC/".utf8)) else {
            let shown = String(decoding: versionLine.prefix(40), as: UTF8.self)
            return .failure(WARCSkipReason(.noVersionLine, "the record starts with “\(shown)”, not a WARC/1.x line"))
        }
        let version = String(decoding: versionLine, as: UTF8.self).trimmingSpaces()
        var headers = WARCHeaderFields()
        var lines = 0
        while true {
            let line: [UInt8]
            switch readLine() {
            case .line(let read): line = read
            case .failed(let reason): return .failure(reason)
            }
            if line.isEmpty { break }
            // Folded lines count too, so that no number of them can grow a header without bound.
            lines += 1
            guard lines <= Self.maxFields else {
                return .failure(
                    WARCSkipReason(.tooManyFields, "the record header has more than \(Self.maxFields) lines"))
            }
            if line[0] == 0x20 || line[0] == 0x09 {
                let text = String(decoding: line, as: UTF8.self).trimmingSpaces()
                guard headers.continueLast(with: text, limit: Self.maxLineBytes) else { return .failure(lineTooLong) }
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else {
                let shown = String(decoding: line.prefix(40), as: UTF8.self)
                return .failure(WARCSkipReason(.badHeaderLine, "the header line “\(shown)” is not a Name: value field"))
            }
            headers.append(
                name: String(decoding: line[..<colon], as: UTF8.self).trimmingSpaces(),
                value: String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingSpaces())
        }
        let length: Int64
        switch Self.contentLength(headers) {
        case .success(let value): length = value
        case .failure(let reason): return .failure(reason)
        }
        if length > Int64(maxBlockBytes) {
            let skipped = skip(length)
            guard skipped == length else { return .failure(endReason(got: skipped, of: length)) }
            if let failure = checkMemberEnd() { return .failure(failure) }
            return .success(WARCEvent.oversize(offset: offset, contentLength: length, headers: headers))
        }
        let block = read(Int(length))
        guard block.count == Int(length) else { return .failure(endReason(got: Int64(block.count), of: length)) }
        if let failure = checkMemberEnd() { return .failure(failure) }
        return .success(WARCEvent.record(WARCRecord(offset: offset, version: version, headers: headers, block: block)))
    }

    /// The single `Content-Length` value as a number, or why there is none.
    private static func contentLength(_ headers: WARCHeaderFields) -> Outcome<Int64> {
        let values = headers.values("Content-Length")
        guard let first = values.first else {
            return .failure(WARCSkipReason(.badContentLength, "the record has no Content-Length"))
        }
        guard values.allSatisfy({ $0 == first }) else {
            return .failure(WARCSkipReason(.badContentLength, "the record has several different Content-Length values"))
        }
        // At most 18 digits: always fits an Int64, and no file is a billion gigabytes.
        guard !first.isEmpty, first.utf8.count <= 18, first.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let value = Int64(first)
        else {
            let shown = String(first.prefix(40))
            return .failure(WARCSkipReason(.badContentLength, "Content-Length “\(shown)” is not a decimal byte count"))
        }
        return .success(value)
    }

    private enum LineRead {
        case line([UInt8])
        case failed(WARCSkipReason)
    }

    /// The next line without its CR LF (or LF), at most `maxLineBytes` long.
    private func readLine() -> LineRead {
        var line: [UInt8] = []
        while true {
            let chunk = stream.pending
            if let newline = chunk.firstIndex(of: 0x0A) {
                guard line.count + newline <= Self.maxLineBytes + 1 else { return .failed(lineTooLong) }
                line.append(contentsOf: chunk[..<newline])
                stream.consume(newline + 1)
                if line.last == 0x0D { line.removeLast() }
                guard line.count <= Self.maxLineBytes else { return .failed(lineTooLong) }
                return .line(line)
            }
            guard line.count + chunk.count <= Self.maxLineBytes + 1 else {
                stream.consume(chunk.count)
                return .failed(lineTooLong)
            }
            line.append(contentsOf: chunk)
            stream.consume(chunk.count)
            guard stream.produce() else { return .failed(endReason(inside: "the record header")) }
        }
    }

    private var lineTooLong: WARCSkipReason {
        WARCSkipReason(.lineTooLong, "a header line is longer than \(Self.maxLineBytes) bytes")
    }

    /// The next `count` bytes, fewer when the record's input ends first.
    private func read(_ count: Int) -> [UInt8] {
        var block: [UInt8] = []
        block.reserveCapacity(count)
        while block.count < count {
            let chunk = stream.pending
            let taken = Swift.min(chunk.count, count - block.count)
            block.append(contentsOf: chunk[..<taken])
            stream.consume(taken)
            if block.count < count && !stream.produce() { break }
        }
        return block
    }

    /// Drops the next `count` bytes; returns how many there were.
    private func skip(_ count: Int64) -> Int64 {
        var skipped: Int64 = 0
        while skipped < count {
            let taken = Swift.min(Int64(stream.pending.count), count - skipped)
            stream.consume(Int(taken))
            skipped += taken
            if skipped < count && !stream.produce() { break }
        }
        return skipped
    }

    private func endReason(got: Int64, of length: Int64) -> WARCSkipReason {
        endReason(inside: "a \(length)-byte block after \(got) bytes")
    }

    /// Why the input ended inside a record: a decoding failure, the end of its gzip member or of the file.
    private func endReason(inside place: String) -> WARCSkipReason {
        if let failure = stream.failure { return failure }
        if stream.memberEnded { return WARCSkipReason(.truncated, "the gzip member ends inside \(place)") }
        return WARCSkipReason(.truncated, "the file ends inside \(place)")
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (the only whitespace header syntax allows around values).
    func trimmingSpaces() -> String {
        let bytes = Array(utf8)
        var start = 0
        var end = bytes.count
        while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
        while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
        if start == 0 && end == bytes.count { return self }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

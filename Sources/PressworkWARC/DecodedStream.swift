import CZlib

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// The bytes of a WARC file as the record parser sees them: the file itself, or the inflated output of its
/// gzip members. Memory is two fixed 64 KiB buffers, whatever the file's size.
///
/// In a gzip file a record never runs past the end of its member (Common Crawl writes one record per member):
/// `produce` stops at a member's end until `enterNextMember` is called, so a wrong `Content-Length` cannot eat
/// the records after it.
final class DecodedStream {
    enum Framing { case plain, gzip }

    private enum MemberState { case between, inside, ended }

    static let bufferSize = 1 << 16

    let framing: Framing
    private let file: FileInput

    // Decoded bytes not yet parsed are `output[outStart..<outEnd]`; for plain files `outBase` is the file
    // offset of `output[0]`.
    private let output: UnsafeMutableRawBufferPointer
    private var outStart = 0
    private var outEnd = 0
    private var outBase: Int64
    private var plainAtEnd = false

    // Compressed bytes not yet inflated are `input[inStart..<inEnd]`; `inBase` is the file offset of `input[0]`.
    private let inflater: Inflater?
    private let input: UnsafeMutableRawBufferPointer
    private var inStart = 0
    private var inEnd = 0
    private var inBase: Int64
    private var inputAtEnd = false
    private var member = MemberState.between
    /// Where the gzip member being inflated starts.
    private(set) var memberStart: Int64

    /// Why decoding stopped, when it stopped on a corrupt member or an I/O error rather than at an end.
    private(set) var failure: WARCSkipReason?
    /// The last byte consumed, to know whether the next one starts a line.
    private(set) var previousByte: UInt8?

    init(file: FileInput, framing: Framing, offset: Int64) throws(WARCError) {
        self.file = file
        self.framing = framing
        outBase = offset
        inBase = offset
        memberStart = offset
        output = .allocate(byteCount: Self.bufferSize, alignment: 8)
        input = .allocate(byteCount: framing == .gzip ? Self.bufferSize : 0, alignment: 8)
        if framing == .gzip {
            guard let inflater = Inflater() else {
                output.deallocate()
                input.deallocate()
                throw WARCError(.cannotRead, "zlib cannot allocate an inflate stream")
            }
            self.inflater = inflater
        } else {
            inflater = nil
        }
    }

    deinit {
        output.deallocate()
        input.deallocate()
    }

    // MARK: - Reading

    /// The decoded bytes ready to parse.
    var pending: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: output[outStart..<outEnd]) }

    /// The offset a record starting at the next unread byte has: the member's start in a gzip file.
    var origin: Int64 { framing == .gzip ? memberStart : outBase + Int64(outStart) }

    /// Whether the gzip member has ended (its bytes may still be pending).
    var memberEnded: Bool { framing == .gzip && member == .ended }

    /// Marks `count` pending bytes as parsed.
    func consume(_ count: Int) {
        guard count > 0 else { return }
        outStart += count
        previousByte = output[outStart - 1]
    }

    /// Decodes more bytes after the pending ones; false at the end of the file, at the end of a gzip member, or
    /// on a failure (then `failure` says which).
    func produce() -> Bool {
        guard failure == nil else { return false }
        if outStart == outEnd {
            outBase += Int64(outStart)
            outStart = 0
            outEnd = 0
        } else if outEnd == output.count, let base = output.baseAddress {
            // Compact only when full: the parser asks for more with the buffer nearly full only for long lines.
            let kept = outEnd - outStart
            base.copyMemory(from: UnsafeRawPointer(base + outStart), byteCount: kept)
            outBase += Int64(outStart)
            outStart = 0
            outEnd = kept
        }
        // Callers consume before asking for more, so a full buffer here is a bug of this module, not the file's.
        guard outEnd < output.count else { return false }
        return framing == .gzip ? produceInflated() : producePlain()
    }

    private func producePlain() -> Bool {
        guard !plainAtEnd, let base = output.baseAddress else { return false }
        do {
            let got = try file.read(into: base + outEnd, count: output.count - outEnd, at: outBase + Int64(outEnd))
            if got == 0 { plainAtEnd = true }
            outEnd += got
            return got > 0
        } catch {
            failure = WARCSkipReason(.readFailed, error.message)
            return false
        }
    }

    private func produceInflated() -> Bool {
        guard let inflater, let inBaseAddress = input.baseAddress, let outBaseAddress = output.baseAddress else {
            return false
        }
        let stream = inflater.stream
        while true {
            switch member {
            case .ended:
                return false
            case .between:
                if inStart == inEnd && !refill() { return false }
                memberStart = inBase + Int64(inStart)
                inflater.reset()
                member = .inside
            case .inside:
                break
            }
            if inStart == inEnd && !inputAtEnd { _ = refill() }
            if failure != nil { return false }
            let available = inEnd - inStart
            let room = output.count - outEnd
            stream.pointee.next_in = (inBaseAddress + inStart).assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_in = uInt(available)
            stream.pointee.next_out = (outBaseAddress + outEnd).assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(room)
            let status = inflate(stream, Z_NO_FLUSH)
            inStart += available - Int(stream.pointee.avail_in)
            let produced = room - Int(stream.pointee.avail_out)
            outEnd += produced
            switch status {
            case Z_STREAM_END:
                member = .ended
                return produced > 0
            case Z_OK:
                if produced > 0 { return true }
            case Z_BUF_ERROR:
                if produced > 0 { return true }
                if inStart == inEnd && inputAtEnd {
                    failure = WARCSkipReason(.truncated, "the file ends inside a gzip member")
                    return false
                }
            default:
                failure = WARCSkipReason(.corruptGzip, "corrupt gzip member: \(inflater.lastMessage)")
                return false
            }
        }
    }

    /// Reads more compressed bytes after the unread ones; false when none came (end of file or I/O error).
    private func refill() -> Bool {
        guard let base = input.baseAddress else { return false }
        if inStart > 0 {
            base.copyMemory(from: UnsafeRawPointer(base + inStart), byteCount: inEnd - inStart)
            inBase += Int64(inStart)
            inEnd -= inStart
            inStart = 0
        }
        guard inEnd < input.count, !inputAtEnd else { return false }
        do {
            let got = try file.read(into: base + inEnd, count: input.count - inEnd, at: inBase + Int64(inEnd))
            if got == 0 { inputAtEnd = true }
            inEnd += got
            return got > 0
        } catch {
            failure = WARCSkipReason(.readFailed, error.message)
            return false
        }
    }

    /// Moves on to the next gzip member once the current one has ended and its bytes are parsed.
    func enterNextMember() -> Bool {
        guard framing == .gzip, member == .ended, outStart == outEnd else { return false }
        member = .between
        return true
    }

    // MARK: - Recovery

    /// Drops what is left of a bad record and stops before the next record that may be good: in a gzip file at
    /// the next member (the next one that inflates to a `WARC/1.` line when this one is corrupt), in a plain file
    /// at the next line starting with `WARC/1.`.
    func recover() {
        if failure?.code == .readFailed { return }
        switch framing {
        case .plain: skipToVersionLine()
        case .gzip: skipToNextMember()
        }
    }

    private static let versionPrefix: [UInt8] = Array("WARC/1.".utf8)

    private func skipToVersionLine() {
        var atLineStart = previousByte == nil || previousByte == UInt8(ascii: "\n")
        while true {
            if atLineStart {
                while outEnd - outStart < Self.versionPrefix.count && produce() {}
                let head = pending.prefix(Self.versionPrefix.count)
                if head.elementsEqual(Self.versionPrefix) { return }
            }
            // Drop up to and including the next newline.
            if outStart == outEnd && !produce() { return }
            let chunk = pending
            if let newline = chunk.firstIndex(of: UInt8(ascii: "\n")) {
                consume(newline + 1)
                atLineStart = true
            } else {
                consume(chunk.count)
                atLineStart = false
            }
        }
    }

    private func skipToNextMember() {
        if failure == nil {
            // The member inflates fine: drop the rest of it.
            while true {
                outStart = outEnd
                if !produce() { break }
            }
            if failure == nil {
                _ = enterNextMember()
                return
            }
        }
        failure = nil
        scanForMember(from: memberStart + 1)
    }

    /// Finds the next offset at or after `start` where a gzip member starts and inflates to a `WARC/1.` line,
    /// and leaves its first bytes pending; at the end of the file leaves nothing to read.
    private func scanForMember(from start: Int64) {
        guard let base = input.baseAddress else { return }
        var position = start
        while true {
            outStart = 0
            outEnd = 0
            outBase = 0
            member = .between
            // Keep the buffered bytes when `position` lies among them; otherwise read from `position` afresh.
            if position >= inBase && position <= inBase + Int64(inEnd) {
                inStart = Int(position - inBase)
            } else {
                inBase = position
                inStart = 0
                inEnd = 0
                inputAtEnd = false
            }
            if inEnd - inStart < 3 { _ = refill() }
            if failure != nil { return }
            guard inEnd - inStart >= 3 else {
                inStart = inEnd
                return
            }
            var candidate: Int?
            var index = inStart
            while index + 2 < inEnd {
                if base.load(fromByteOffset: index, as: UInt8.self) == 0x1F
                    && base.load(fromByteOffset: index + 1, as: UInt8.self) == 0x8B
                    && base.load(fromByteOffset: index + 2, as: UInt8.self) == 0x08
                {
                    candidate = index
                    break
                }
                index += 1
            }
            guard let candidate else {
                if inputAtEnd {
                    inStart = inEnd
                    return
                }
                // The last two bytes may begin a magic number that the next read completes.
                inStart = inEnd - 2
                _ = refill()
                position = inBase + Int64(inStart)
                continue
            }
            let candidateOffset = inBase + Int64(candidate)
            inStart = candidate
            while outEnd - outStart < Self.versionPrefix.count && produce() {}
            let head = pending.prefix(Self.versionPrefix.count)
            if failure == nil && !head.isEmpty && Self.versionPrefix.starts(with: head) { return }
            if failure?.code == .readFailed { return }
            failure = nil
            position = candidateOffset + 1
        }
    }
}

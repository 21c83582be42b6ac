extension LangidBatch {
    /// Bytes read and written in one go: big enough that system calls cost nothing per line.
    static let chunkBytes = 1 << 18

    /// A JSON line longer than this is refused rather than held in memory (plain lines are cut instead).
    public static let maximumJSONLineBytes = 64 << 20

    /// Judges every line of a byte stream.
    ///
    /// - Parameters:
    ///   - read: fills the buffer with the next bytes and returns how many, 0 at the end (a negative value
    ///     is taken as the end too: the caller reports its own read errors).
    ///   - write: takes a chunk of output lines, whole lines only.
    ///   - failed: called for each line that could not be read, with its 1-based number and the reason.
    public func run(
        read: (UnsafeMutableBufferPointer<UInt8>) -> Int, write: ([UInt8]) -> Void, failed: (Int, String) -> Void
    ) {
        var output: [UInt8] = []
        output.reserveCapacity(Self.chunkBytes + 4096)
        var pending: [UInt8] = []  // the start of a line whose end has not been read yet
        var skipping = false  // past the kept part of an overlong line, until its newline
        var number = 0
        let limit = input == .lines ? Self.maximumTextBytes : Self.maximumJSONLineBytes
        let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Self.chunkBytes)
        defer { chunk.deallocate() }

        func finish(_ line: UnsafeBufferPointer<UInt8>) {
            number += 1
            var line = line
            if line.last == 0x0D { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
            if input == .jsonLines && line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
            do {
                try process(line, into: &output)
            } catch {
                failed(number, error.message)
            }
            if output.count >= Self.chunkBytes {
                write(output)
                output.removeAll(keepingCapacity: true)
            }
        }

        func take(_ piece: UnsafeBufferPointer<UInt8>, lineEnds: Bool) {
            if !skipping {
                let room = limit - pending.count
                if piece.count > room {
                    if input == .jsonLines {
                        failed(number + 1, "line longer than \(limit) bytes")
                        pending.removeAll()
                        number += 1
                    } else {
                        pending.append(contentsOf: piece.prefix(room))
                        pending.withUnsafeBufferPointer { finish($0) }
                        pending.removeAll()
                    }
                    skipping = true
                } else if lineEnds && pending.isEmpty {
                    finish(piece)
                } else {
                    pending.append(contentsOf: piece)
                    if lineEnds {
                        pending.withUnsafeBufferPointer { finish($0) }
                        pending.removeAll(keepingCapacity: pending.count < (1 << 20))
                    }
                }
            }
            if lineEnds { skipping = false }
        }

        while true {
            let count = read(chunk)
            guard count > 0 else { break }
            let bytes = UnsafeBufferPointer(rebasing: chunk[..<count])
            var start = 0
            while start < count {
                guard let newline = bytes[start...].firstIndex(of: 0x0A) else {
                    take(UnsafeBufferPointer(rebasing: bytes[start...]), lineEnds: false)
                    break
                }
                take(UnsafeBufferPointer(rebasing: bytes[start..<newline]), lineEnds: true)
                start = newline + 1
            }
        }
        if !pending.isEmpty || skipping {
            if !skipping { pending.withUnsafeBufferPointer { finish($0) } }
        }
        if !output.isEmpty { write(output) }
    }
}

/// Dates written for machines: ISO 8601 and its common variants in metadata, `<time datetime>` and URLs.
enum MachineDate {
    /// Longest value read; metadata dates are short, and a hostile multi-megabyte value is not scanned.
    static let maxLength = 64

    /// Parses `2024-07-03`, `2024/07/03`, `20240703`, `2024-07-03T09:30:00.000+06:00`, `2024-07-03 09:30:00Z`,
    /// `…+0600`; other values (`July 3, 2024`, RFC 2822) go to ``TextDate``.
    static func parse(_ value: String, dayFirst: Bool = true) -> ParsedDate? {
        let trimmed = value.utf8.prefix(256).drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let bytes = Array(trimmed.prefix(maxLength))
        if let date = parseISO(bytes) { return date }
        return TextDate.find(in: String(decoding: bytes, as: UTF8.self), dayFirst: dayFirst)
    }

    static func parseISO(_ bytes: [UInt8]) -> ParsedDate? {
        var index = 0
        func number(_ width: Int) -> Int? {
            guard index + width <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + width] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += width
            return value
        }
        func skip(_ allowed: Set<UInt8>) -> UInt8? {
            guard index < bytes.count, allowed.contains(bytes[index]) else { return nil }
            index += 1
            return bytes[index - 1]
        }
        guard let year = number(4) else { return nil }
        let month: Int
        let day: Int
        if let separator = skip([0x2D, 0x2F, 0x2E]) {  // - / .
            guard let m = number(2) ?? number(1), skip([separator]) != nil, let d = number(2) ?? number(1) else {
                return nil
            }
            (month, day) = (m, d)
        } else {
            guard let m = number(2), let d = number(2) else { return nil }
            (month, day) = (m, d)
        }
        // The date must end here or go on with a time: no trailing digits (a longer number is no date).
        if index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { return nil }
        guard var date = ParsedDate(year: year, month: month, day: day) else { return nil }
        guard skip([0x54, 0x74, 0x20]) != nil, let hour = number(2), skip([0x3A]) != nil, let minute = number(2),
            hour < 24, minute < 60
        else { return date }
        var second = 0
        if skip([0x3A]) != nil, let value = number(2), value < 61 { second = min(value, 59) }
        if skip([0x2E, 0x2C]) != nil { while number(1) != nil {} }
        date.time = (hour, minute, second)
        _ = skip([0x20])
        if skip([0x5A, 0x7A]) != nil {
            date.offset = 0
        } else if let sign = skip([0x2B, 0x2D]), let hours = number(2) {
            _ = skip([0x3A])
            let minutes = number(2) ?? 0
            if hours <= 14, minutes < 60 {
                date.offset = (sign == 0x2D ? -1 : 1) * (hours * 3600 + minutes * 60)
            }
        }
        return date
    }

    /// A date in a URL's path: `/2024/07/03/`, `2024-07-03`, `2024_07_03` or `20240703`.
    static func fromURL(_ url: String) -> ParsedDate? {
        var path = Substring(url.prefix(2048))
        if let scheme = path.range(of: "://") {
            path = path[scheme.upperBound...]
            path = path.drop { $0 != "/" }
        }
        // Digit runs with what separates them.
        var runs: [(digits: Substring, separatorAfter: Character?)] = []
        var index = path.startIndex
        while index < path.endIndex {
            guard path[index].isASCII, path[index].isNumber else {
                index = path.index(after: index)
                continue
            }
            let start = index
            while index < path.endIndex, path[index].isASCII, path[index].isNumber { index = path.index(after: index) }
            let separator = index < path.endIndex ? path[index] : nil
            runs.append((path[start..<index], separator))
        }
        for (position, run) in runs.enumerated() {
            if run.digits.count == 8, let year = Int(run.digits.prefix(4)),
                let month = Int(run.digits.dropFirst(4).prefix(2)),
                let day = Int(run.digits.suffix(2)), let date = ParsedDate(year: year, month: month, day: day)
            {
                return date
            }
            guard run.digits.count == 4, let year = Int(run.digits), position + 2 < runs.count,
                let separator = run.separatorAfter, "/-_".contains(separator),
                runs[position + 1].separatorAfter == separator,
                (1...2).contains(runs[position + 1].digits.count), (1...2).contains(runs[position + 2].digits.count),
                let month = Int(runs[position + 1].digits), let day = Int(runs[position + 2].digits)
            else { continue }
            // `/2024/07/03` followed by more digits of the same run is no date.
            if let date = ParsedDate(year: year, month: month, day: day) { return date }
        }
        return nil
    }
}

import Foundation

/// Stage 2 for plain-text articles, as scrapers deliver them: a title line, often a date line, share-bar
/// residue such as `icon-facebook icon-twitter icon-whatsapp`, then paragraphs separated by blank lines
/// (the first may open with a dateline such as `ASTANA:`).
struct PlainTextStage: Sendable {
    /// What the text yields.
    struct Output: Sendable, Equatable {
        var title: String
        var paragraphs: [String]
        /// The date line, as an ISO date, if the text has one.
        var published: DateFact? = nil
        /// The dateline place that opens the story (`ASTANA`), if any.
        var dateline: String? = nil
    }

    /// Longest first line still taken as a title; longer means the article has no title line.
    static let maxTitleLength = 200

    /// Lines read after the title when looking for the date line.
    static let dateLineWindow = 4

    /// - Parameter now: a date line after this is not taken as the publication date.
    func run(_ text: String, now: Date = Date()) -> Output {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map(Self.removingResidue)
        var blocks: [[String]] = []
        var block: [String] = []
        for line in lines {
            let collapsed = Whitespace.collapse(line)
            if collapsed.isEmpty {
                if !block.isEmpty { blocks.append(block) }
                block = []
            } else {
                block.append(collapsed)
            }
        }
        if !block.isEmpty { blocks.append(block) }

        var title = ""
        if let firstLine = blocks.first?.first, Self.readsAsTitle(firstLine),
            blocks.joined().dropFirst().contains(where: { Whitespace.containsLetter($0) })
        {
            title = firstLine
            blocks[0].removeFirst()
            if blocks[0].isEmpty { blocks.removeFirst() }
        }
        let published = Self.removeDateLine(&blocks, now: now)
        // Single newlines inside a block are line wrapping, not structure.
        let paragraphs = blocks.map { $0.joined(separator: " ") }
        var output = Output(title: title, paragraphs: paragraphs)
        output.published = published
        output.dateline = paragraphs.first.flatMap(Self.dateline)
        return output
    }

    /// Whether a first line is a title: short enough, and not a full sentence (a brief of one paragraph
    /// starts with its text, which ends with a full stop; headlines do not).
    static func readsAsTitle(_ line: String) -> Bool {
        guard line.count <= maxTitleLength else { return false }
        let sentence = line.hasSuffix(".") || line.hasSuffix("。") || line.hasSuffix("।")
        return !(sentence && line.split(separator: " ").count > 10)
    }

    /// Finds a line that is only a date (`Wed Jul 03 2024`, `3 July 2024`, `16 сәуір 2024`) among the first
    /// lines, removes it and returns it as a `text` date.
    static func removeDateLine(_ blocks: inout [[String]], now: Date) -> DateFact? {
        var seen = 0
        for blockIndex in blocks.indices {
            for lineIndex in blocks[blockIndex].indices {
                seen += 1
                if seen > dateLineWindow { return nil }
                guard let date = TextDate.isOnlyDate(blocks[blockIndex][lineIndex]), date.isPossible(before: now)
                else { continue }
                blocks[blockIndex].remove(at: lineIndex)
                if blocks[blockIndex].isEmpty { blocks.remove(at: blockIndex) }
                return DateFact(value: date.iso, source: "text")
            }
        }
        return nil
    }

    /// The place that opens a story: `ASTANA:`, `ALMATY (Reuters) -`, `MOSCOW, July 3 —`, `PARIS —`.
    static func dateline(_ paragraph: String) -> String? {
        let head = paragraph.prefix(100)
        var placeEnd = head.startIndex
        var letters = 0
        for index in head.indices {
            let character = head[index]
            if character.isLetter {
                guard character.isUppercase else { return nil }
                letters += 1
            } else if !" .'’-".contains(character) {
                break
            }
            placeEnd = head.index(after: index)
        }
        // Back off a trailing space or dash that belongs to the separator.
        var place = head[..<placeEnd]
        while let last = place.last, " -.".contains(last), last != "." || place.dropLast().last == " " {
            place = place.dropLast()
        }
        guard letters >= 2, place.count <= 40 else { return nil }
        var rest = head[place.endIndex...].drop { $0 == " " }
        if rest.hasPrefix("(") {
            // A news agency: `(Reuters)`, `(AP)`.
            guard let close = rest.prefix(30).firstIndex(of: ")") else { return nil }
            rest = rest[rest.index(after: close)...].drop { $0 == " " }
        } else if rest.hasPrefix(",") {
            // A date or a region before the dash: `MOSCOW, July 3 —`.
            guard let dash = rest.prefix(30).firstIndex(where: { "—–-".contains($0) }) else { return nil }
            rest = rest[dash...]
        }
        guard let first = rest.first, ":—–-".contains(first) else { return nil }
        let trimmed = place.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Removes share-bar residue tokens (`icon-facebook`, `icon-twitter`, …) wherever they appear, so that
    /// a line made of them becomes empty.
    static func removingResidue(_ line: Substring) -> Substring {
        guard line.containsBytes("icon-") else { return line }
        let kept = line.split(separator: " ", omittingEmptySubsequences: false).filter { !isResidueToken($0) }
        return Substring(kept.joined(separator: " "))
    }

    private static func isResidueToken(_ token: Substring) -> Bool {
        let trimmed = token.trimmingPrefix(while: \.isWhitespace)
        guard trimmed.hasPrefix("icon-"), trimmed.count > 5 else { return false }
        return trimmed.allSatisfy {
            $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0.isWhitespace)
        }
    }
}

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

    func run(_ text: String) -> Output {
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
        if let firstLine = blocks.first?.first, firstLine.count <= Self.maxTitleLength {
            title = firstLine
            blocks[0].removeFirst()
            if blocks[0].isEmpty { blocks.removeFirst() }
        }
        // Single newlines inside a block are line wrapping, not structure.
        let paragraphs = blocks.map { $0.joined(separator: " ") }
        return Output(title: title, paragraphs: paragraphs)
    }

    /// Removes share-bar residue tokens (`icon-facebook`, `icon-twitter`, …) wherever they appear, so that
    /// a line made of them becomes empty.
    static func removingResidue(_ line: Substring) -> Substring {
        guard line.contains("icon-") else { return line }
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

/// Dates written for people, in any supported locale: `3 July 2024`, `July 3rd, 2024`, `3. Juli 2024`,
/// `3 de julio de 2024`, `16 сәуір 2024`, `Wed Jul 03 2024`, `03.07.2024`, `7/3/2024`, `2024年7月3日`,
/// `2024년 7월 3일`, `ngày 3 tháng 7 năm 2024`. Month names come from ``CalendarNames`` (ICU's CLDR data).
enum TextDate {
    /// Longest text scanned: dates are looked for in short strings (bylines, date elements, lines).
    static let maxLength = 400

    /// A piece of text: a word, a number (any script's decimal digits, as an ASCII value) or punctuation.
    enum Token: Equatable {
        case word(String)
        case number(Int, digits: Int)
        case mark(Character)
    }

    /// Words that may stand between a date's parts (`3 de julio de 2024`, `3 июля 2024 г.`).
    static let connectors: Set<String> = [
        "de", "del", "of", "the", "г", "года", "року", "roku", "r", "jahres", "năm", "tháng", "ngày", "yılı", "st",
        "nd",
        "rd", "th", "er", "e", "º", "ª", "on", "le", "el", "den", "am", "il", "op",
    ]

    /// The first date in `text`.
    ///
    /// - Parameter dayFirst: how to read `03/07/2024` when both orders are valid: day first (most of the
    ///   world) or month first (United States English).
    static func find(in text: String, dayFirst: Bool = true) -> ParsedDate? {
        let tokens = tokenize(text.prefix(maxLength))
        for position in tokens.indices {
            if let date = match(tokens, at: position, dayFirst: dayFirst) { return date }
        }
        return nil
    }

    /// Whether `text` is only a date, perhaps with weekday names and punctuation (a plain-text date line).
    static func isOnlyDate(_ text: String) -> ParsedDate? {
        guard text.count <= 60 else { return nil }
        let tokens = tokenize(Substring(text))
        guard let date = find(in: text) else { return nil }
        // Every word is a month, a weekday, a connector or a CJK/Korean date unit; numbers ≤ 3.
        var numbers = 0
        for token in tokens {
            switch token {
            case .word(let word):
                let folded = CalendarNames.fold(word)
                let isDateWord =
                    CalendarNames.month(folded) != nil || CalendarNames.isWeekday(folded)
                    || connectors.contains(folded) || ["年", "月", "日", "년", "월", "일"].contains(folded)
                    || timeWords.contains(folded)
                if !isDateWord { return nil }
            case .number:
                numbers += 1
            case .mark:
                break
            }
        }
        return numbers <= 6 ? date : nil
    }

    static let timeWords: Set<String> = ["am", "pm", "gmt", "utc", "uhr", "h", "ч", "a.m", "p.m"]

    static func tokenize(_ text: Substring) -> [Token] {
        var tokens: [Token] = []
        var word = ""
        var digits = 0
        var value = 0
        func flush() {
            if !word.isEmpty {
                tokens.append(.word(word))
                word = ""
            }
            if digits > 0 {
                tokens.append(.number(digits > 9 ? Int.max : value, digits: digits))
                digits = 0
                value = 0
            }
        }
        for character in text {
            if let digit = decimalValue(character) {
                if !word.isEmpty { flush() }
                if digits < 10 { value = value * 10 + digit }
                digits += 1
            } else if character.isLetter || (character.unicodeScalars.first?.properties.isDiacritic ?? false)
                || character.unicodeScalars.first?.properties.generalCategory == .nonspacingMark
                || character.unicodeScalars.first?.properties.generalCategory == .spacingMark
            {
                if digits > 0 { flush() }
                // CJK date units stand alone even when written without spaces.
                if "年月日년월일".contains(character) {
                    flush()
                    tokens.append(.word(String(character)))
                } else {
                    word.append(character)
                }
            } else {
                flush()
                if !character.isWhitespace { tokens.append(.mark(character)) }
            }
        }
        flush()
        return tokens
    }

    static func decimalValue(_ character: Character) -> Int? {
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first,
            scalar.properties.numericType == .decimal
        else { return nil }
        return character.wholeNumberValue
    }

    // MARK: - Patterns

    private static func match(_ tokens: [Token], at start: Int, dayFirst: Bool) -> ParsedDate? {
        switch tokens[start] {
        case .number(let first, let firstDigits):
            if let date = cjk(tokens, at: start) { return date }
            if let date = vietnamese(tokens, at: start) { return date }
            if let date = numeric(tokens, at: start, dayFirst: dayFirst) { return date }
            // Day, then month name, then year: `3 July 2024`, `3. Juli 2024`, `3 de julio de 2024`.
            guard firstDigits <= 2 else { return nil }
            var index = skipConnectors(tokens, from: start + 1)
            guard index < tokens.count, case .word(let name) = tokens[index], let month = CalendarNames.month(name)
            else { return nil }
            index = skipConnectors(tokens, from: index + 1)
            guard let year = year(tokens, at: index) else { return nil }
            return ParsedDate(year: year, month: month, day: first)
        case .word(let name):
            // Month name, day, year: `July 3, 2024`, `Jul 03 2024`.
            guard let month = CalendarNames.month(name) else { return nil }
            var index = skipConnectors(tokens, from: start + 1)
            guard index < tokens.count, case .number(let day, let digits) = tokens[index], digits <= 2 else {
                return nil
            }
            index = skipConnectors(tokens, from: index + 1)
            guard let year = year(tokens, at: index) else { return nil }
            return ParsedDate(year: year, month: month, day: day)
        case .mark:
            return nil
        }
    }

    /// Skips connector words, commas, dots and dashes between a date's parts.
    private static func skipConnectors(_ tokens: [Token], from start: Int) -> Int {
        var index = start
        var skipped = 0
        while index < tokens.count, skipped < 4 {
            switch tokens[index] {
            case .word(let word) where connectors.contains(CalendarNames.fold(word)):
                break
            case .mark(let mark) where ",.-/'".contains(mark):
                break
            default:
                return index
            }
            index += 1
            skipped += 1
        }
        return index
    }

    private static func year(_ tokens: [Token], at index: Int) -> Int? {
        guard index < tokens.count, case .number(let value, let digits) = tokens[index], digits == 4 else { return nil }
        return value
    }

    /// `2024年7月3日`, `2024년 7월 3일`.
    private static func cjk(_ tokens: [Token], at start: Int) -> ParsedDate? {
        guard start + 5 < tokens.count, case .number(let year, 4) = tokens[start],
            case .word(let yearUnit) = tokens[start + 1], yearUnit == "年" || yearUnit == "년",
            case .number(let month, _) = tokens[start + 2],
            case .word(let monthUnit) = tokens[start + 3], monthUnit == "月" || monthUnit == "월",
            case .number(let day, _) = tokens[start + 4],
            case .word(let dayUnit) = tokens[start + 5], dayUnit == "日" || dayUnit == "일"
        else { return nil }
        return ParsedDate(year: year, month: month, day: day)
    }

    /// `3 tháng 7 năm 2024`, `3 tháng 7, 2024`.
    private static func vietnamese(_ tokens: [Token], at start: Int) -> ParsedDate? {
        guard start + 3 < tokens.count, case .number(let day, let dayDigits) = tokens[start], dayDigits <= 2,
            case .word(let unit) = tokens[start + 1], unit.lowercased() == "tháng",
            case .number(let month, let monthDigits) = tokens[start + 2], monthDigits <= 2
        else { return nil }
        let index = skipConnectors(tokens, from: start + 3)
        guard let year = year(tokens, at: index) else { return nil }
        return ParsedDate(year: year, month: month, day: day)
    }

    /// `2024-07-03`, `2024/07/03`, `03.07.2024`, `03/07/2024`, `7/3/2024`, `03-07-2024`.
    private static func numeric(_ tokens: [Token], at start: Int, dayFirst: Bool) -> ParsedDate? {
        guard start + 4 < tokens.count, case .number(let first, let firstDigits) = tokens[start],
            case .mark(let separator) = tokens[start + 1], "-/.".contains(separator),
            case .number(let second, let secondDigits) = tokens[start + 2], secondDigits <= 2,
            case .mark(separator) = tokens[start + 3],
            case .number(let third, let thirdDigits) = tokens[start + 4]
        else { return nil }
        // Not part of a longer dotted number (`1.2.3.4`, version strings).
        if start + 6 < tokens.count, case .mark(separator) = tokens[start + 5], case .number = tokens[start + 6] {
            return nil
        }
        if firstDigits == 4, thirdDigits <= 2 {
            return ParsedDate(year: first, month: second, day: third)
        }
        guard firstDigits <= 2, thirdDigits == 4 else { return nil }
        if separator == "." { return ParsedDate(year: third, month: second, day: first) }
        let dayFirstDate = ParsedDate(year: third, month: second, day: first)
        let monthFirstDate = ParsedDate(year: third, month: first, day: second)
        return dayFirst ? (dayFirstDate ?? monthFirstDate) : (monthFirstDate ?? dayFirstDate)
    }
}

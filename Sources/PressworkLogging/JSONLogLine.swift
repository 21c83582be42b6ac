import Logging

/// Renders one log event as a line of JSON (without the newline); pure, for `JSONLogHandler` and its tests.
public enum JSONLogLine {
    /// Fields every line has; metadata with one of these keys is written as `metadata.KEY` instead.
    static let reservedKeys: Set<String> = ["timestamp", "level", "label", "message"]

    /// - Parameters:
    ///   - seconds: whole seconds since 1970 (UTC).
    ///   - milliseconds: the milliseconds within that second.
    ///   - metadata: flattened into string fields, sorted by key: strings as they are, other values by their
    ///     description, arrays and dictionaries as JSON text.
    public static func render(
        seconds: Int, milliseconds: Int, level: Logger.Level, label: String, message: String,
        metadata: Logger.Metadata
    ) -> String {
        var out = "{\"timestamp\":\"\(timestamp(seconds: seconds, milliseconds: milliseconds))\""
        out += ",\"level\":\"\(level.rawValue)\",\"label\":"
        appendString(label, to: &out)
        out += ",\"message\":"
        appendString(message, to: &out)
        for key in metadata.keys.sorted() {
            out += ","
            appendString(reservedKeys.contains(key) ? "metadata." + key : key, to: &out)
            out += ":"
            appendString(flatten(metadata[key]!), to: &out)
        }
        return out + "}"
    }

    /// ISO 8601 in UTC with milliseconds, e.g. `2026-11-29T07:50:52.123Z`.
    public static func timestamp(seconds: Int, milliseconds: Int) -> String {
        // Days since 1970 to a civil date (proleptic Gregorian), without the C library's time zone state.
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay % 3600 / 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(milliseconds, 3))Z"
    }

    /// A metadata value as the string a field holds.
    static func flatten(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let string): return string
        case .stringConvertible(let convertible): return convertible.description
        case .array, .dictionary:
            var out = ""
            appendJSON(value, to: &out)
            return out
        }
    }

    /// A metadata value as JSON: strings (and descriptions) as JSON strings, arrays and dictionaries nested.
    static func appendJSON(_ value: Logger.Metadata.Value, to out: inout String) {
        switch value {
        case .string(let string): appendString(string, to: &out)
        case .stringConvertible(let convertible): appendString(convertible.description, to: &out)
        case .array(let values):
            out += "["
            for (index, element) in values.enumerated() {
                if index > 0 { out += "," }
                appendJSON(element, to: &out)
            }
            out += "]"
        case .dictionary(let dictionary):
            out += "{"
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                appendString(key, to: &out)
                out += ":"
                appendJSON(dictionary[key]!, to: &out)
            }
            out += "}"
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped, everything else as is.
    static func appendString(_ string: String, to out: inout String) {
        out += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u00" + hex(Int(scalar.value) >> 4) + hex(Int(scalar.value) & 0xF)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    private static func hex(_ digit: Int) -> String {
        String(UnicodeScalar(UInt8(digit < 10 ? 48 + digit : 87 + digit)))
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

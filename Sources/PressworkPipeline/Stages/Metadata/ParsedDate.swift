import Foundation

/// A calendar date, with the time of day and UTC offset when the source gave them.
struct ParsedDate: Sendable, Equatable {
    var year: Int
    var month: Int
    var day: Int
    /// Hours, minutes and seconds, when known.
    var time: (hour: Int, minute: Int, second: Int)?
    /// Seconds east of UTC, when known.
    var offset: Int?

    static func == (lhs: ParsedDate, rhs: ParsedDate) -> Bool {
        lhs.year == rhs.year && lhs.month == rhs.month && lhs.day == rhs.day && lhs.offset == rhs.offset
            && lhs.time?.hour == rhs.time?.hour && lhs.time?.minute == rhs.time?.minute
            && lhs.time?.second == rhs.time?.second
    }

    /// A valid Gregorian date between 1900 and 2199, else nil.
    init?(year: Int, month: Int, day: Int) {
        guard (1900...2199).contains(year), (1...12).contains(month), day >= 1 else { return nil }
        let isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= lengths[month - 1] else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// ISO 8601: `2024-07-03`, `2024-07-03T09:30:00`, `2024-07-03T09:30:00+06:00` or `…Z`.
    var iso: String {
        var text = "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
        guard let time else { return text }
        text += "T\(Self.pad(time.hour, 2)):\(Self.pad(time.minute, 2)):\(Self.pad(time.second, 2))"
        if let offset {
            if offset == 0 {
                text += "Z"
            } else {
                let minutes = abs(offset) / 60
                text += (offset < 0 ? "-" : "+") + "\(Self.pad(minutes / 60, 2)):\(Self.pad(minutes % 60, 2))"
            }
        }
        return text
    }

    /// The earliest instant the date can denote: with its offset if known, else at the start of the day
    /// (or the local time) in the easternmost time zone (UTC+14).
    var earliestInstant: Date {
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        components.hour = time?.hour ?? 0
        components.minute = time?.minute ?? 0
        components.second = time?.second ?? 0
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let utc = calendar.date(from: components) ?? .distantPast
        return utc.addingTimeInterval(-TimeInterval(offset ?? 14 * 3600))
    }

    /// Days since 1970-01-01 of the calendar date (time and offset ignored), for comparing days.
    var dayNumber: Int {
        // Howard Hinnant's days-from-civil: the year starts in March, so February's length comes last.
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Whether the date can have happened by `now`.
    func isPossible(before now: Date) -> Bool {
        earliestInstant <= now
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

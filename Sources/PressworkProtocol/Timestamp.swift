import Foundation

/// Wall-clock times as the protocol and the store write them: ISO 8601, UTC, milliseconds.
public enum Timestamp {
    /// Formats seconds since 1970, rounded to the millisecond, e.g. `2026-11-29T03:26:32.123Z`.
    public static func iso8601(_ secondsSince1970: Double) -> String {
        let millis = Int64((secondsSince1970 * 1000).rounded())
        var seconds = time_t(millis.floorDivided(by: 1000))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let fraction = millis - Int64(seconds) * 1000
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(fraction))
    }

    /// Seconds since 1970 from an ISO 8601 time with a zone (`2026-12-07T10:00:00Z`, with or without
    /// fractional seconds) or a date (`2026-12-07`, midnight UTC); nil for anything else.
    public static func parseISO8601(_ text: String) -> Double? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date.timeIntervalSince1970 }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date.timeIntervalSince1970 }
        // A date alone, and only that: the date formatter would also read the start of a longer text.
        guard text.utf8.count == 10 else { return nil }
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: text)?.timeIntervalSince1970
    }

    /// Now, as seconds since 1970.
    public static func now() -> Double { Date().timeIntervalSince1970 }

    /// Seconds on the monotonic clock: for intervals, deadlines and heartbeats (wall time may jump).
    public static func monotonic() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

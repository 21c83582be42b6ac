import Foundation

/// Wall-clock times as the protocol and the store write them: ISO 8601, UTC, milliseconds.
public enum Timestamp {
    /// Formats seconds since 1970, e.g. `2026-11-29T03:26:32.123Z`.
    public static func iso8601(_ secondsSince1970: Double) -> String {
        Date(timeIntervalSince1970: secondsSince1970).formatted(
            .iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true)
                .timeSeparator(.colon).timeZone(separator: .omitted))
    }

    /// Now, as seconds since 1970.
    public static func now() -> Double { Date().timeIntervalSince1970 }
}

import Foundation

/// Job ids: 16 lower-case hex digits, milliseconds since 1970 (11 digits) then a counter (5 digits), then the
/// store's suffix (empty, or `-NAME` when coordinators share a store). Ids only ever increase, also across
/// restarts (the generator starts above the newest id in the journal), so they sort by submission and never
/// repeat, even if the wall clock steps back.
struct JobIdGenerator {
    private var millis: UInt64
    private var counter: UInt64 = 0
    private let suffix: String

    /// - Parameters:
    ///   - after: the newest id already issued, if any.
    ///   - suffix: appended to every id.
    init(after newest: String? = nil, suffix: String = "") {
        let digits = newest.map { $0.prefix(16) }
        millis = digits.flatMap { UInt64($0.prefix(11), radix: 16) } ?? 0
        counter = digits.flatMap { UInt64($0.dropFirst(11), radix: 16) } ?? 0
        self.suffix = suffix
    }

    mutating func next(nowMillis: UInt64 = UInt64(Date().timeIntervalSince1970 * 1000)) -> String {
        let now = nowMillis & 0xFFF_FFFF_FFFF
        if now > millis {
            millis = now
            counter = 0
        } else if counter < 0xFFFFF {
            counter += 1
        } else {
            millis += 1
            counter = 0
        }
        let time = String(millis, radix: 16)
        let count = String(counter, radix: 16)
        return String(repeating: "0", count: 11 - time.count) + time + String(repeating: "0", count: 5 - count.count)
            + count + suffix
    }
}

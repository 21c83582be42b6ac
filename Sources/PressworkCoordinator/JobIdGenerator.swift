import Foundation

/// Job ids: 16 lower-case hex digits, time-ordered (milliseconds since 1970, then a counter that starts
/// at a random value), so ids sort roughly by submission and never repeat within a coordinator's life.
struct JobIdGenerator {
    private var counter = UInt32.random(in: 0..<(1 << 20))

    mutating func next(nowMillis: UInt64 = UInt64(Date().timeIntervalSince1970 * 1000)) -> String {
        counter = (counter &+ 1) & 0xFFFFF
        let time = String(nowMillis & 0xFFF_FFFF_FFFF, radix: 16)
        let count = String(counter, radix: 16)
        return String(repeating: "0", count: 11 - time.count) + time + String(repeating: "0", count: 5 - count.count)
            + count
    }
}

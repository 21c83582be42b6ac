import Foundation

/// When a failed attempt is tried again: exponential back-off with full jitter.
///
/// The delay before retry *n* (1-based) is uniform in `0 ... min(cap, base × multiplier^(n-1))`, so that
/// jobs failing together do not come back together ("full jitter").
public struct RetryPolicy: Sendable, Hashable {
    /// Retries after the first attempt; a job gets `maxRetries + 1` attempts in all.
    public var maxRetries: Int
    /// Upper bound of the first retry's delay, in seconds.
    public var baseDelay: Double
    /// Growth of the bound per retry.
    public var multiplier: Double
    /// The bound never exceeds this, in seconds.
    public var maxDelay: Double

    /// Defaults: 3 retries, 1 s base, ×2, 10 min cap.
    public init(maxRetries: Int = 3, baseDelay: Double = 1, multiplier: Double = 2, maxDelay: Double = 600) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.multiplier = multiplier
        self.maxDelay = maxDelay
    }

    /// Attempts in all.
    public var maxAttempts: Int { maxRetries + 1 }

    /// The upper bound of the delay before retry number `retry` (1-based).
    public func delayBound(retry: Int) -> Double {
        let exponent = Double(max(0, retry - 1))
        let bound = baseDelay * pow(multiplier, exponent)
        return bound.isFinite ? min(maxDelay, bound) : maxDelay
    }

    /// The delay before retry number `retry`, given a uniform random number in `0..<1`.
    public func delay(retry: Int, unitRandom: Double) -> Double {
        delayBound(retry: retry) * unitRandom
    }
}

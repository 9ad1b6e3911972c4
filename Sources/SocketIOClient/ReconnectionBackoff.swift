import NIOCore

/// Reconnection delays as the official client computes them (its `backo2` formula, in whole
/// milliseconds): `reconnectionDelay × 2^attempt`, moved by up to ±`randomizationFactor` of
/// itself, capped at `reconnectionDelayMax`.
///
/// A pure value: `nextDelay(random:)` takes the random number, so a test can fix it.
public struct ReconnectionBackoff: Sendable, Hashable {
    /// The first delay (1 s).
    public var delay: TimeAmount
    /// The largest delay (5 s).
    public var maxDelay: TimeAmount
    /// How far a delay may be randomised, 0…1 (0.5).
    public var randomizationFactor: Double
    /// Attempts made since the last success.
    public private(set) var attempts = 0

    /// Creates a backoff with the official defaults; `randomizationFactor` is clamped to 0…1.
    public init(delay: TimeAmount = .seconds(1), maxDelay: TimeAmount = .seconds(5), randomizationFactor: Double = 0.5) {
        self.delay = delay
        self.maxDelay = maxDelay
        self.randomizationFactor = min(max(randomizationFactor, 0), 1)
    }

    /// The delay before the next attempt, counting it; `random` is a value in 0..<1.
    ///
    /// With `r = random`, `ms = delay × 2^attempts`: `deviation = ⌊r × randomizationFactor × ms⌋`,
    /// then `ms − deviation` when `⌊r × 10⌋` is even and `ms + deviation` when it is odd, then
    /// `min(ms, maxDelay)`, truncated to whole milliseconds.
    public mutating func nextDelay(random: Double = Double.random(in: 0..<1)) -> TimeAmount {
        let base = Double(delay.nanoseconds / 1_000_000) * Self.powerOfTwo(attempts)
        attempts += 1
        var milliseconds = base
        if randomizationFactor > 0 {
            let deviation = (random * randomizationFactor * base).rounded(.down)
            milliseconds = Int((random * 10).rounded(.down)) & 1 == 0 ? base - deviation : base + deviation
        }
        let capped = min(milliseconds, Double(maxDelay.nanoseconds / 1_000_000))
        return .milliseconds(Int64(max(0, capped)))
    }

    /// A connection succeeded: the next failure starts from the first delay again.
    public mutating func reset() {
        attempts = 0
    }

    /// `2^exponent`, saturating (the official client's grows to infinity, then the cap applies).
    private static func powerOfTwo(_ exponent: Int) -> Double {
        exponent >= 62 ? Double(Int64.max) : Double(Int64(1) << exponent)
    }
}

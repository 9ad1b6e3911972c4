import NIOCore

/// Reconnection delays as the official client computes them: `reconnectionDelay × 2^attempt`,
/// randomised by ±`randomizationFactor`, capped at `reconnectionDelayMax`.
public struct ReconnectionBackoff: Sendable, Hashable {
    /// The first delay (1 s).
    public var delay: TimeAmount
    /// The largest delay (5 s).
    public var maxDelay: TimeAmount
    /// How far a delay may be randomised, 0…1 (0.5).
    public var randomizationFactor: Double
    /// Attempts made since the last success.
    public private(set) var attempts = 0

    /// Creates a backoff with the official defaults.
    public init(delay: TimeAmount = .seconds(1), maxDelay: TimeAmount = .seconds(5), randomizationFactor: Double = 0.5) {
        self.delay = delay
        self.maxDelay = maxDelay
        self.randomizationFactor = min(max(randomizationFactor, 0), 1)
    }

    /// The delay before the next attempt, counting it; `random` is a value in 0..<1.
    public mutating func nextDelay(random: Double = Double.random(in: 0..<1)) -> TimeAmount {
        let base = Double(delay.nanoseconds) * pow2(attempts)
        attempts += 1
        var nanoseconds = base
        if randomizationFactor > 0 {
            let deviation = (random * randomizationFactor * base).rounded(.down)
            nanoseconds = Int((random * 10).rounded(.down)) & 1 == 0 ? base - deviation : base + deviation
        }
        let capped = min(nanoseconds, Double(maxDelay.nanoseconds))
        return .nanoseconds(Int64(max(0, capped)))
    }

    /// A connection succeeded: the next failure starts from the first delay again.
    public mutating func reset() {
        attempts = 0
    }

    private func pow2(_ exponent: Int) -> Double {
        exponent >= 62 ? Double(Int64.max) : Double(Int64(1) << exponent)
    }
}

import NIOCore
import SocketIOClient
import Testing

/// `ReconnectionBackoff` against the official client's formula (socket.io-client's `backo2`):
///
///     ms = min × 2^attempts++
///     deviation = floor(rand × jitter × ms)
///     ms = floor(rand × 10) & 1 == 0 ? ms − deviation : ms + deviation
///     return min(ms, max) | 0
@Suite("Reconnection backoff")
struct ReconnectionBackoffTests {
    /// The official formula, written out for the expectations.
    static func official(min: Double, max: Double, jitter: Double, attempt: Int, random: Double) -> Int64 {
        var ms = min * pow2(attempt)
        if jitter > 0 {
            let deviation = (random * jitter * ms).rounded(.down)
            ms = Int((random * 10).rounded(.down)) & 1 == 0 ? ms - deviation : ms + deviation
        }
        return Int64(Swift.min(ms, max))
    }

    static func pow2(_ n: Int) -> Double { (0..<n).reduce(1) { value, _ in value * 2 } }

    @Test func defaultsAreTheOfficialOnes() {
        let backoff = ReconnectionBackoff()
        #expect(backoff.delay == .seconds(1))
        #expect(backoff.maxDelay == .seconds(5))
        #expect(backoff.randomizationFactor == 0.5)
        #expect(backoff.attempts == 0)
    }

    @Test func withoutJitterDelaysDoubleUpToTheMaximum() {
        var backoff = ReconnectionBackoff(delay: .seconds(1), maxDelay: .seconds(5), randomizationFactor: 0)
        let delays = (0..<6).map { _ in backoff.nextDelay(random: 0.7) }
        #expect(delays == [1000, 2000, 4000, 5000, 5000, 5000].map { TimeAmount.milliseconds($0) })
        #expect(backoff.attempts == 6)
    }

    @Test(arguments: [
        // (random, expected delays for attempts 0…3 with 1 s / 5 s / 0.5)
        (0.0, [1000, 2000, 4000, 5000]),
        (0.25, [875, 1750, 3500, 5000]),    // ⌊2.5⌋ = 2, even: minus ⌊0.125 × ms⌋
        (0.35, [1175, 2350, 4700, 5000]),   // ⌊3.5⌋ = 3, odd: plus ⌊0.175 × ms⌋
        (0.99, [1495, 2990, 5000, 5000]),   // ⌊9.9⌋ = 9, odd: plus ⌊0.495 × ms⌋, capped
    ] as [(Double, [Int64])])
    func jitterFollowsTheOfficialFormula(random: Double, expected: [Int64]) {
        var backoff = ReconnectionBackoff()
        let delays = (0..<expected.count).map { _ in backoff.nextDelay(random: random) }
        #expect(delays == expected.map { .milliseconds($0) })
        for (attempt, delay) in delays.enumerated() {
            #expect(delay == .milliseconds(Self.official(min: 1000, max: 5000, jitter: 0.5, attempt: attempt, random: random)))
        }
    }

    @Test func deviationIsTruncatedToWholeMilliseconds() {
        var backoff = ReconnectionBackoff(delay: .milliseconds(333), maxDelay: .seconds(10), randomizationFactor: 0.3)
        // 333 × 0.41 × 0.3 = 40.959 → 40; ⌊4.1⌋ = 4, even → 293.
        #expect(backoff.nextDelay(random: 0.41) == .milliseconds(293))
        // 666 × 0.57 × 0.3 = 113.886 → 113; ⌊5.7⌋ = 5, odd → 779.
        #expect(backoff.nextDelay(random: 0.57) == .milliseconds(779))
    }

    @Test func resetStartsFromTheFirstDelayAgain() {
        var backoff = ReconnectionBackoff(delay: .milliseconds(100), maxDelay: .seconds(5), randomizationFactor: 0)
        _ = backoff.nextDelay()
        _ = backoff.nextDelay()
        backoff.reset()
        #expect(backoff.attempts == 0)
        #expect(backoff.nextDelay() == .milliseconds(100))
    }

    @Test func manyAttemptsStayAtTheMaximumWithoutOverflow() {
        var backoff = ReconnectionBackoff(delay: .seconds(1), maxDelay: .seconds(5), randomizationFactor: 0.5)
        for _ in 0..<200 { _ = backoff.nextDelay(random: 0.99) }
        #expect(backoff.nextDelay(random: 0.99) == .seconds(5))
        #expect(backoff.nextDelay(random: 0) == .seconds(5))
    }

    @Test func randomizationFactorIsClampedToZeroThroughOne() {
        #expect(ReconnectionBackoff(randomizationFactor: 3).randomizationFactor == 1)
        #expect(ReconnectionBackoff(randomizationFactor: -1).randomizationFactor == 0)
    }
}

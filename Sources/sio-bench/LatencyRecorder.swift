import Histogram
import Synchronization

/// Latency samples from many threads, in an HdrHistogram (1 µs to 60 s, 3 significant digits).
final class LatencyRecorder: Sendable {
    private let histogram = Mutex(Histogram<UInt64>(lowestDiscernibleValue: 1_000, highestTrackableValue: 60_000_000_000,
                                                    numberOfSignificantValueDigits: .three))

    /// Records one latency, in nanoseconds.
    func record(nanoseconds: UInt64) {
        _ = histogram.withLock { $0.record(max(1_000, min(nanoseconds, 60_000_000_000))) }
    }

    var count: UInt64 { histogram.withLock { $0.totalCount } }

    /// The latency at `percentile` (0–100), in milliseconds.
    func milliseconds(atPercentile percentile: Double) -> Double {
        Double(histogram.withLock { $0.valueAtPercentile(percentile) }) / 1e6
    }
}

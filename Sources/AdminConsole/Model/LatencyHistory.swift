/// The recent heartbeat round trips of one Engine.IO client.
public struct LatencyHistory: Sendable {
    /// How many samples are kept per client.
    static let capacity = 60

    /// The samples, oldest first.
    public private(set) var samples = BoundedLog<LatencySample>(capacity: capacity)

    /// Adds a sample.
    mutating func add(_ sample: LatencySample) {
        samples.append(sample)
    }

    /// The newest round trip, ms.
    public var latest: Double? {
        samples.last?.roundTripMilliseconds
    }
}

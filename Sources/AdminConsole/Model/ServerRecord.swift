/// What the console knows of one server of the cluster: its latest statistics, when they came,
/// and its traffic history.
public struct ServerRecord: Sendable, Hashable {
    /// A server is unhealthy after this long without statistics (the official UI's rule).
    public static let healthyWithin = 10.0

    /// The latest statistics.
    public var stats: ServerStats
    /// When they arrived (the console's clock).
    public var receivedAt: Timestamp
    /// Per-second traffic from `aggregatedEvents`.
    public var traffic = TrafficSeries()

    /// Whether statistics arrived within the last `healthyWithin` seconds.
    public func isHealthy(now: Timestamp) -> Bool {
        now.seconds - receivedAt.seconds < Self.healthyWithin
    }

    /// Uptime now, extrapolated from the last statistics.
    public func uptime(now: Timestamp) -> Double {
        stats.uptime + max(0, now.seconds - receivedAt.seconds)
    }
}

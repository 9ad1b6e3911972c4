import NIOCore

/// Timing of a `ClusterAdapter`, with the defaults of socket.io-adapter's heartbeat variant.
///
/// Every node of a cluster should use the same heartbeat values: a node heartbeating slower than
/// the others' `heartbeatTimeout` keeps being dropped from their membership.
public struct ClusterAdapterOptions: Sendable, Hashable {
    /// How long a node stays silent before it publishes a HEARTBEAT (5 s).
    public var heartbeatInterval: TimeAmount = .seconds(5)
    /// How long another node may stay silent before it is dropped from the cluster (10 s).
    public var heartbeatTimeout: TimeAmount = .seconds(10)
    /// How often silent nodes are looked for (1 s).
    public var membershipCheckInterval: TimeAmount = .seconds(1)
    /// How long `fetchSockets` waits for the other nodes when the operation sets no `timeout`,
    /// and how long an acknowledged broadcast without `timeout` collects answers (5 s).
    public var requestTimeout: TimeAmount = .seconds(5)

    /// The defaults.
    public init() {}
}

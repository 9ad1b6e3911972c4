import SocketIOCluster

/// How a `PostgresClusterTransport` connects and encodes, with `@socket.io/postgres-adapter`'s
/// defaults. Every node of a cluster must agree on `channelPrefix` and `tableName`.
public struct PostgresClusterOptions: Sendable, Hashable {
    /// The server to connect to.
    public var endpoint: PostgresEndpoint
    /// Channels are `<channelPrefix>#<namespace>` (`socket.io`).
    public var channelPrefix = ClusterChannel.defaultPrefix
    /// The attachment table (`socket_io_attachments`).
    public var tableName = "socket_io_attachments"
    /// The JSON size in bytes from which a message goes through the attachment table (8000,
    /// PostgreSQL's notification limit).
    public var payloadThreshold = ClusterNotificationCodec.defaultPayloadThreshold
    /// How often attachment rows older than this are deleted (30 s).
    public var cleanupInterval: Duration = .seconds(30)
    /// The connections' `application_name` (what `pg_stat_activity` shows), followed by
    /// ` listening` or ` publishing` (`socket.io`).
    public var applicationName = "socket.io"
    /// Whether to create the attachment table when it is missing (yes).
    public var createsTable = true
    /// The range a lost connection's reconnection delay is drawn from, uniformly (1–3 s, as the
    /// Node adapter, so that nodes do not all reconnect at once).
    public var reconnectDelay: ClosedRange<Duration> = .seconds(1) ... .seconds(3)

    /// The defaults, connecting to `endpoint`.
    public init(endpoint: PostgresEndpoint) {
        self.endpoint = endpoint
    }
}

/// The health of a `PostgresClusterTransport`, for operators (the admin namespace shows it).
public enum PostgresClusterState: Sendable, Hashable {
    /// Both connections are up: messages reach the other nodes and theirs arrive.
    case connected
    /// A connection was lost and is being re-established; meanwhile local delivery goes on, and
    /// what the cluster publishes or what this node publishes is lost. `reason` says which
    /// connection and why.
    case reconnecting(reason: String)
    /// `close()` was called.
    case closed
}

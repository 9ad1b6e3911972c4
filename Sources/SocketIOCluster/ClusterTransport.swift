import SocketIO

/// How the cluster adapters of one server reach the other nodes: a publish/subscribe channel per
/// namespace (PostgreSQL `LISTEN`/`NOTIFY` in production, an in-memory bus in tests).
///
/// The transport owns encoding (`ClusterNotificationCodec`), attachments and reconnection;
/// adapters only see `ClusterMessage` values.
public protocol ClusterTransport: Sendable {
    /// Publishes `message` on its namespace's channel, to every subscribed node, the publisher
    /// included (as `NOTIFY` does; adapters drop their own uid).
    ///
    /// Returns at once. Messages must leave in call order, through one serial path, so that an
    /// emit followed by `disconnectSockets` arrives in that order everywhere. A failure is the
    /// transport's to log: the message is lost, as it would be for a node that is down.
    func publish(_ message: ClusterMessage)

    /// Starts delivering the messages of `namespace` to `receive`, one at a time and in arrival
    /// order, and returns once the subscription is in place. One subscription per namespace.
    func subscribe(namespace: String, _ receive: @escaping @Sendable (ClusterMessage) -> Void) async

    /// Stops delivering the messages of `namespace`.
    func unsubscribe(namespace: String) async

    /// How the link to the other nodes is doing now.
    var status: AdapterStatus { get }
}

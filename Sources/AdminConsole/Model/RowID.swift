/// What a selectable row stands for; selections follow the row, not its position, so live
/// updates do not move the highlight to another socket.
public enum RowID: Sendable, Hashable {
    /// A namespace (overview).
    case namespace(String)
    /// A socket (sockets table).
    case socket(SocketKey)
    /// A room heading (rooms view).
    case room(namespace: String, room: String)
    /// A member under a room heading (rooms view).
    case member(namespace: String, room: String, id: String)
    /// An event of the live tail, by sequence number.
    case event(Int)
    /// An upgrade, by position in the log.
    case upgrade(Int)
}

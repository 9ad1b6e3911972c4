/// What one socket has been doing, for the sockets table and its detail view.
public struct SocketActivity: Sendable {
    /// How many recent events are kept per socket.
    static let recentCapacity = 50

    /// Its latest events in and out.
    public var recentEvents = BoundedLog<EventRecord>(capacity: recentCapacity)
}

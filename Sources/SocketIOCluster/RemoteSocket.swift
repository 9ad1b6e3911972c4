import SocketIO
import SocketIOProtocol

/// A socket connected to another node of the cluster, as `fetchSockets` returns it: a snapshot
/// of its id, handshake, rooms and data, whose operations are published to the cluster for the
/// node that holds it (BROADCAST, SOCKETS_JOIN, SOCKETS_LEAVE, DISCONNECT_SOCKETS to the room of
/// its id, flagged `expectSingleResponse` as Node does).
///
/// Operations return at once; a socket that has left meanwhile is simply not found there.
public struct RemoteSocket: SocketLike {
    public let id: SocketID
    public let handshake: SocketHandshake
    public let rooms: Set<Room>
    public let data: SocketIOValue
    private let adapter: ClusterAdapter

    /// The socket `description` tells of, reached through `adapter`.
    init(_ description: SocketDescription, adapter: ClusterAdapter) {
        id = description.id
        handshake = SocketHandshake(description.handshake)
        rooms = Set(description.rooms)
        data = description.data
        self.adapter = adapter
    }

    /// Sends `event` to the socket. Throws for a reserved event name.
    public func emit(_ event: String, arguments: [SocketIOValue]) throws(SocketIOError) {
        guard !SocketIOPacket.reservedEventNames.contains(event) else { throw .reservedEventName(event) }
        let packet = SocketIOPacket.event(event, arguments, namespace: adapter.namespaceName)
        adapter.send(.broadcast(BroadcastBody(packet: packet, options: target)))
    }

    /// Makes the socket join `rooms`.
    public func join(_ rooms: [Room]) {
        adapter.send(.socketsJoin(SocketsRoomsBody(options: target, rooms: rooms)))
    }

    /// Makes the socket leave `room`.
    public func leave(_ room: Room) {
        adapter.send(.socketsLeave(SocketsRoomsBody(options: target, rooms: [room])))
    }

    /// Disconnects the socket (and its whole connection when `close`).
    public func disconnect(close: Bool) {
        adapter.send(.disconnectSockets(DisconnectSocketsBody(options: target, close: close)))
    }

    /// This socket only.
    private var target: ClusterBroadcastOptions {
        ClusterBroadcastOptions(rooms: [id], flags: ClusterBroadcastFlags(expectSingleResponse: true))
    }
}

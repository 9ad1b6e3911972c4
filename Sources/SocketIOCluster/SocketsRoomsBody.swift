import SocketIO
import SocketIOProtocol

/// The body of SOCKETS_JOIN and SOCKETS_LEAVE: `{"opts":{…},"rooms":[…]}`.
public struct SocketsRoomsBody: Sendable, Hashable {
    /// Which sockets join or leave.
    public var options: ClusterBroadcastOptions
    /// The rooms they join or leave.
    public var rooms: [Room]

    /// A body for SOCKETS_JOIN or SOCKETS_LEAVE.
    public init(options: ClusterBroadcastOptions, rooms: [Room]) {
        self.options = options
        self.rooms = rooms
    }

    init(_ fields: ClusterFields) throws(ClusterMessageDecodingError) {
        self.init(
            options: try ClusterBroadcastOptions(fields.object("opts")),
            rooms: try fields.required("rooms", ClusterFields.strings)
        )
    }

    var value: SocketIOValue {
        ["opts": options.value, "rooms": .array(rooms.map(SocketIOValue.string))]
    }
}

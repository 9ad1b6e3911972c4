/// What an operator's command applies to: one socket, everyone in a room, or a whole namespace.
public enum CommandTarget: Sendable, Hashable {
    /// One socket.
    case socket(SocketKey)
    /// The sockets in `room` of `namespace`.
    case room(namespace: String, room: String)
    /// Every socket of the namespace.
    case namespace(String)

    /// The namespace the command goes to.
    public var namespace: String {
        switch self {
        case .socket(let key): key.namespace
        case .room(let namespace, _): namespace
        case .namespace(let namespace): namespace
        }
    }

    /// The official commands' `filter`: a socket id (its private room), a room, or nil for all.
    public var filter: String? {
        switch self {
        case .socket(let key): key.id
        case .room(_, let room): room
        case .namespace: nil
        }
    }

    /// How the status line names it: `socket AbC…`, `room lobby`, `namespace /chat`.
    public var label: String {
        switch self {
        case .socket(let key): "socket \(key.id)"
        case .room(let namespace, let room): "room \(room) (\(namespace))"
        case .namespace(let namespace): "namespace \(namespace)"
        }
    }
}

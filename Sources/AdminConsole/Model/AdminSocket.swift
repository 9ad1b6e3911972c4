import SocketIOProtocol

/// One namespace socket as the admin namespace describes it (`SerializedSocket`, spec §2.5),
/// read leniently so Node, Python and our own servers all fit.
public struct AdminSocket: Sendable, Hashable {
    /// The namespace socket id.
    public var id: String
    /// The Engine.IO client it belongs to (a prefix of the session id on Node and ours).
    public var clientId: String
    /// `polling`, `websocket` or `webtransport`.
    public var transport: String
    /// The namespace.
    public var namespace: String
    /// `socket.data` without the instrument's `_admin` key.
    public var data: SocketIOValue
    /// The client's address as the server saw it (or as a proxy header claimed).
    public var address: String
    /// Handshake headers, lower-case names.
    public var headers: SocketIOObject
    /// Handshake query.
    public var query: SocketIOObject
    /// The CONNECT payload with secrets masked (`handshake.x_auth`), when the server sends it.
    public var auth: SocketIOValue?
    /// When the namespace socket was created.
    public var connectedAt: Timestamp?
    /// Its rooms: own id first, then join order.
    public var rooms: [String]

    /// A socket with these fields (tests and the commands that learn of sockets build these).
    public init(id: String, clientId: String, transport: String, namespace: String, data: SocketIOValue = .object([:]),
                address: String = "", headers: SocketIOObject = [:], query: SocketIOObject = [:], auth: SocketIOValue? = nil,
                connectedAt: Timestamp? = nil, rooms: [String]) {
        self.id = id
        self.clientId = clientId
        self.transport = transport
        self.namespace = namespace
        self.data = data
        self.address = address
        self.headers = headers
        self.query = query
        self.auth = auth
        self.connectedAt = connectedAt
        self.rooms = rooms
    }

    /// The socket described by a `SerializedSocket` object, or nil when it lacks an id or namespace.
    ///
    /// `clientId` and `transport` fall back to `data._admin` (Node keeps them there for sockets
    /// fetched from cluster peers, spec §4); `handshake.issued` may be a float (Python).
    public init?(serialized value: SocketIOValue) {
        guard let object = value.objectValue, let id = object["id"]?.stringValue,
              let namespace = object["nsp"]?.stringValue else { return nil }
        var data = object["data"] ?? .object([:])
        let nodeAdmin = data.objectValue?["_admin"]?.objectValue
        if var dataObject = data.objectValue, nodeAdmin != nil {
            dataObject["_admin"] = nil
            data = .object(dataObject)
        }
        let handshake = object["handshake"]?.objectValue ?? [:]
        self.id = id
        self.namespace = namespace
        self.clientId = object["clientId"]?.stringValue ?? nodeAdmin?["clientId"]?.stringValue ?? ""
        self.transport = object["transport"]?.stringValue ?? nodeAdmin?["transport"]?.stringValue ?? "unknown"
        self.data = data
        self.address = handshake["address"]?.stringValue ?? ""
        self.headers = handshake["headers"]?.objectValue ?? [:]
        self.query = handshake["query"]?.objectValue ?? [:]
        self.auth = handshake["x_auth"]
        self.connectedAt = handshake["issued"]?.numberValue.map { Timestamp(seconds: $0 / 1000) }
            ?? handshake["time"]?.stringValue.flatMap(Timestamp.init(iso:))
        self.rooms = object["rooms"]?.arrayValue?.compactMap(\.stringValue) ?? [id]
    }

    /// The key that identifies this socket across the console: namespace and id.
    public var key: SocketKey {
        SocketKey(namespace: namespace, id: id)
    }

    /// The fields a filter (`/`) looks in, by the names `FilterQuery` knows.
    public var searchableFields: [(name: String, values: [String])] {
        [("id", [id]), ("client", [clientId]), ("address", [address]), ("namespace", [namespace]), ("room", rooms),
         ("transport", [transport]), ("data", [DisplayFormat.compact(data)])]
    }

    /// The rooms other than the socket's own private room, in join order.
    public var sharedRooms: [String] {
        rooms.filter { $0 != id }
    }
}

/// A namespace socket's identity: ids are unique within a namespace only.
public struct SocketKey: Sendable, Hashable, Comparable {
    /// The namespace.
    public var namespace: String
    /// The socket id.
    public var id: String

    /// The key of socket `id` in `namespace`.
    public init(namespace: String, id: String) {
        self.namespace = namespace
        self.id = id
    }

    public static func < (lhs: SocketKey, rhs: SocketKey) -> Bool {
        (lhs.namespace, lhs.id) < (rhs.namespace, rhs.id)
    }
}

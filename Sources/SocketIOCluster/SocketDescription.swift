import SocketIO
import SocketIOProtocol

/// A socket as FETCH_SOCKETS_RESPONSE describes it: `{"id":…,"handshake":{…},"rooms":[…],"data":…}`.
public struct SocketDescription: Sendable, Hashable {
    /// The socket id.
    public var id: SocketID
    /// The handshake of its connection.
    public var handshake: Handshake
    /// Its rooms, its own id included.
    public var rooms: [Room]
    /// Its free-form data (`null` when the sender had none).
    public var data: SocketIOValue

    /// `socket.handshake` as Node serialises it.
    ///
    /// Header and query values stay JSON values: Node may send arrays (`?a=1&a=2`), which
    /// `SocketHandshake`'s string maps cannot hold. Absent members decode as empty (`""`, `false`,
    /// `0`, `{}`).
    public struct Handshake: Sendable, Hashable {
        /// Request headers, names lower-cased.
        public var headers: SocketIOObject
        /// When the connection opened, as JavaScript's `Date.toString()` prints it.
        public var time: String
        /// The client's address.
        public var address: String
        /// Whether the request was cross-origin.
        public var xdomain: Bool
        /// Whether the connection uses TLS.
        public var secure: Bool
        /// When the connection opened, in milliseconds since 1970.
        public var issued: Int64
        /// The target of the first request.
        public var url: String
        /// The query of that request.
        public var query: SocketIOObject
        /// The CONNECT payload.
        public var auth: SocketIOObject

        /// A handshake with the given members.
        public init(
            headers: SocketIOObject = [:], time: String = "", address: String = "", xdomain: Bool = false,
            secure: Bool = false, issued: Int64 = 0, url: String = "", query: SocketIOObject = [:],
            auth: SocketIOObject = [:]
        ) {
            self.headers = headers
            self.time = time
            self.address = address
            self.xdomain = xdomain
            self.secure = secure
            self.issued = issued
            self.url = url
            self.query = query
            self.auth = auth
        }

        /// The description of `handshake`; headers and query in name order.
        public init(_ handshake: SocketHandshake) {
            self.init(
                headers: Self.object(handshake.headers), time: handshake.time, address: handshake.address,
                xdomain: handshake.xdomain, secure: handshake.secure, issued: handshake.issued, url: handshake.url,
                query: Self.object(handshake.query), auth: handshake.auth
            )
        }

        init(_ fields: ClusterFields) throws(ClusterMessageDecodingError) {
            self.init(
                headers: try fields.optional("headers", \.objectValue) ?? [:],
                time: try fields.optional("time", \.stringValue) ?? "",
                address: try fields.optional("address", \.stringValue) ?? "",
                xdomain: try fields.optional("xdomain", \.boolValue) ?? false,
                secure: try fields.optional("secure", \.boolValue) ?? false,
                issued: try fields.optional("issued", ClusterFields.integer) ?? 0,
                url: try fields.optional("url", \.stringValue) ?? "",
                query: try fields.optional("query", \.objectValue) ?? [:],
                auth: try fields.optional("auth", \.objectValue) ?? [:]
            )
        }

        var value: SocketIOValue {
            [
                "headers": .object(headers), "time": .string(time), "address": .string(address),
                "xdomain": .bool(xdomain), "secure": .bool(secure), "issued": .number(Double(issued)),
                "url": .string(url), "query": .object(query), "auth": .object(auth),
            ]
        }

        private static func object(_ strings: [String: String]) -> SocketIOObject {
            SocketIOObject(strings.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
        }
    }

    /// A description with the given members.
    public init(id: SocketID, handshake: Handshake, rooms: [Room], data: SocketIOValue) {
        self.id = id
        self.handshake = handshake
        self.rooms = rooms
        self.data = data
    }

    /// The description of `socket`: its own room first, as Node lists a socket's rooms in join
    /// order, then the others sorted.
    public init(_ socket: some SocketLike) {
        let otherRooms = socket.rooms.subtracting([socket.id]).sorted()
        self.init(
            id: socket.id,
            handshake: Handshake(socket.handshake),
            rooms: socket.rooms.contains(socket.id) ? [socket.id] + otherRooms : otherRooms,
            data: socket.data
        )
    }

    init(_ fields: ClusterFields) throws(ClusterMessageDecodingError) {
        self.init(
            id: try fields.required("id", \.stringValue),
            handshake: try Handshake(fields.object("handshake")),
            rooms: try fields.required("rooms", ClusterFields.strings),
            data: fields.member("data") ?? .null
        )
    }

    var value: SocketIOValue {
        ["id": .string(id), "handshake": handshake.value, "rooms": .array(rooms.map(SocketIOValue.string)), "data": data]
    }
}

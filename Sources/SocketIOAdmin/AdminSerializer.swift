import EngineIO
import SocketIO
import SocketIOProtocol

/// Sockets as the admin protocol describes them (`SerializedSocket`).
enum AdminSerializer {
    /// Keys whose values are masked in `handshake.x_auth` and in secret-bearing headers.
    private static let secretMarkers = ["pass", "secret", "token", "key", "auth", "session", "cookie"]
    private static let maskedHeaders: Set<String> = ["authorization", "proxy-authorization", "cookie"]

    /// The first 12 characters of the Engine.IO session id: groups sockets by client without
    /// revealing the session id itself.
    static func clientId(of session: EngineSession) -> String {
        String(session.id.prefix(12))
    }

    /// `{"id","clientId","transport","nsp","data","handshake","rooms"}`; `transport` is read on
    /// the caller's side (the session's loop owns it).
    static func serialize(_ socket: Socket, transport: EngineTransportKind) -> SocketIOValue {
        let handshake = socket.handshake
        var headers = SocketIOObject()
        for (name, value) in handshake.headers.sorted(by: { $0.key < $1.key }) {
            headers[name] = .string(maskedHeaders.contains(name) ? "***" : value)
        }
        var address = handshake.address
        if let forwarded = handshake.headers["cf-connecting-ip"] ?? handshake.headers["x-forwarded-for"] { address = forwarded }
        let handshakeObject: SocketIOObject = [
            "address": .string(address),
            "headers": .object(headers),
            "query": .object(SocketIOObject(handshake.query.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            "issued": .number(Double(handshake.issued)),
            "secure": .bool(handshake.secure),
            "time": .string(handshake.time),
            "url": .string(handshake.url),
            "xdomain": .bool(handshake.xdomain),
            "x_auth": .object(masked(handshake.auth)),
        ]
        return .object([
            "id": .string(socket.id),
            "clientId": .string(clientId(of: socket.engine)),
            "transport": .string(transport.rawValue),
            "nsp": .string(socket.namespace.name),
            "data": socket.data,
            "handshake": .object(handshakeObject),
            "rooms": .array(socket.roomsInJoinOrder.map(SocketIOValue.string)),
        ])
    }

    /// The CONNECT payload with secret-looking values replaced by `***` and strings cut at 64.
    private static func masked(_ auth: SocketIOObject) -> SocketIOObject {
        SocketIOObject(auth.members.map { key, value in
            let lowered = key.lowercased()
            if secretMarkers.contains(where: lowered.contains) { return (key, .string("***")) }
            if case .string(let text) = value, text.count > 64 { return (key, .string(String(text.prefix(64)))) }
            return (key, value)
        })
    }
}

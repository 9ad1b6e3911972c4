import SocketIOProtocol

/// What our servers tell about themselves in `config.x_info` (spec §9.1); absent on Node and Python.
public struct ServerInfo: Sendable, Hashable {
    /// Server software (`swift-socketio`).
    public var server: String
    /// Its version.
    public var version: String
    /// The id the server uses in `server_stats`.
    public var serverId: String
    /// Engine.IO heartbeat interval, ms.
    public var pingInterval: Int?
    /// The admin user this console logged in as, if any.
    public var user: String?
    /// Whether every command will be refused.
    public var readonly: Bool

    /// The fields of an `x_info` object; missing ones are empty.
    public init(_ object: SocketIOObject) {
        server = object["server"]?.stringValue ?? ""
        version = object["version"]?.stringValue ?? ""
        serverId = object["serverId"]?.stringValue ?? ""
        pingInterval = object["pingInterval"]?.numberValue.map { Int($0) }
        user = object["user"]?.stringValue
        readonly = object["readonly"]?.boolValue ?? false
    }
}

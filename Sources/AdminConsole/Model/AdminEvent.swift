import SocketIOProtocol

/// An event the admin namespace sent, decoded from its name and arguments (spec §2.3, §9).
///
/// Decoding never fails loudly: an event with a shape the console does not understand becomes
/// `.unrecognized`, so a newer or foreign server cannot break the console.
public enum AdminEvent: Sendable, Hashable {
    /// A password login minted this session id.
    case session(String)
    /// The server's supported features, and our `x_info` when present.
    case config(features: [String], info: ServerInfo?)
    /// One server's statistics (every 2 s per server).
    case serverStats(ServerStats)
    /// The full list of sockets (replaces the console's list).
    case allSockets([AdminSocket])
    /// A socket connected (or, from Python servers, is re-announced at each heartbeat).
    case socketConnected(AdminSocket, at: Timestamp?)
    /// A socket's `data` or transport changed.
    case socketUpdated(SocketKey, data: SocketIOValue?, transport: String?)
    /// A socket disconnected with this Socket.IO reason.
    case socketDisconnected(SocketKey, reason: String, at: Timestamp?)
    /// A socket joined a room.
    case roomJoined(SocketKey, room: String, at: Timestamp?)
    /// A socket left a room.
    case roomLeft(SocketKey, room: String, at: Timestamp?)
    /// An application event in (`received`) or out (`sent`); `arguments[0]` is the event name.
    case applicationEvent(SocketKey, direction: EventDirection, arguments: [SocketIOValue], at: Timestamp?)
    /// Heartbeat round trips measured by one server (`x_latency`).
    case latency(serverId: String, samples: [LatencySample])
    /// One transport upgrade attempt (`x_upgrade`).
    case upgrade(UpgradeRecord)
    /// Sockets about to be kicked by an operator (`x_kicked`).
    case kicked(KickRecord)
    /// Anything else.
    case unrecognized(String)

    /// The event named `name` with these arguments.
    public init(name: String, arguments: [SocketIOValue]) {
        func key(_ namespaceIndex: Int, _ idIndex: Int) -> SocketKey? {
            guard arguments.count > max(namespaceIndex, idIndex),
                  let namespace = arguments[namespaceIndex].stringValue,
                  let id = arguments[idIndex].stringValue else { return nil }
            return SocketKey(namespace: namespace, id: id)
        }
        func time(_ index: Int) -> Timestamp? {
            index < arguments.count ? Timestamp(arguments[index]) : nil
        }
        let first = arguments.first
        switch name {
        case "session":
            if let id = first?.stringValue { self = .session(id); return }
        case "config":
            if let object = first?.objectValue {
                let features = object["supportedFeatures"]?.arrayValue?.compactMap(\.stringValue) ?? []
                self = .config(features: features, info: object["x_info"]?.objectValue.map(ServerInfo.init))
                return
            }
        case "server_stats":
            if let stats = first.flatMap(ServerStats.init(value:)) { self = .serverStats(stats); return }
        case "all_sockets":
            if let list = first?.arrayValue { self = .allSockets(list.compactMap(AdminSocket.init(serialized:))); return }
        case "socket_connected":
            if let socket = first.flatMap(AdminSocket.init(serialized:)) { self = .socketConnected(socket, at: time(1)); return }
        case "socket_updated":
            if let object = first?.objectValue, let id = object["id"]?.stringValue, let namespace = object["nsp"]?.stringValue {
                self = .socketUpdated(SocketKey(namespace: namespace, id: id), data: object["data"],
                                      transport: object["transport"]?.stringValue)
                return
            }
        case "socket_disconnected":
            if let key = key(0, 1) {
                self = .socketDisconnected(key, reason: arguments.count > 2 ? arguments[2].stringValue ?? "" : "", at: time(3))
                return
            }
        case "room_joined", "room_left":
            if let key = key(0, 2), let room = arguments[1].stringValue {
                self = name == "room_joined" ? .roomJoined(key, room: room, at: time(3)) : .roomLeft(key, room: room, at: time(3))
                return
            }
        case "event_received", "event_sent":
            if let key = key(0, 1), arguments.count > 2, let eventArguments = arguments[2].arrayValue {
                self = .applicationEvent(key, direction: name == "event_received" ? .received : .sent,
                                         arguments: eventArguments, at: time(3))
                return
            }
        case "x_latency":
            if let object = first?.objectValue {
                let serverId = object["serverId"]?.stringValue ?? ""
                let samples = object["samples"]?.arrayValue?.compactMap(LatencySample.init(value:)) ?? []
                self = .latency(serverId: serverId, samples: samples)
                return
            }
        case "x_upgrade":
            if let record = first.flatMap(UpgradeRecord.init(value:)) { self = .upgrade(record); return }
        case "x_kicked":
            if let record = first.flatMap(KickRecord.init(value:)) { self = .kicked(record); return }
        default:
            break
        }
        self = .unrecognized(name)
    }
}

/// Which way an application event travelled, seen from the server.
public enum EventDirection: String, Sendable, Hashable {
    /// From a client to the server (`event_received`).
    case received = "in"
    /// From the server to a client (`event_sent`).
    case sent = "out"
}

import SocketIOProtocol
import Testing

@testable import AdminConsole

// Small builders for admin events, sockets and consoles, and the wire vectors of spec §10.

/// 2023-04-06T16:03:20Z: two seconds after the §10 vectors' socket connected.
let now = Timestamp(seconds: 1_680_797_000)

/// `now` shifted by `seconds`.
func later(_ seconds: Double) -> Timestamp {
    Timestamp(seconds: now.seconds + seconds)
}

/// The socket id and Engine.IO client id of the §10 vectors.
let specSocketId = "AbCdEfGhIjKlMnOpAAAB"
let specClientId = "lv_VI97HAXpY"

/// Every flag our server announces (the §10 `config` vector).
let ourFeatures = [
    "EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT", "AGGREGATED_EVENTS", "ALL_EVENTS",
    "X_COMMAND_ACK", "X_THROUGHPUT", "X_ERRORS", "X_LATENCY", "X_UPGRADES", "X_ACKS", "X_SUBSCRIBE", "X_SNAPSHOT",
    "X_OVERFLOW", "X_EMIT", "X_MOVE", "X_KICK", "X_ADMIN_HIDDEN",
]

/// What a Node server in development mode announces (spec §1.3): no extension.
let officialFeatures = ["EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT", "AGGREGATED_EVENTS", "ALL_EVENTS"]

/// Admin events exactly as spec §10 shows them on the wire (the JSON array after `42/admin,`).
enum SpecVector {
    static let config = #"""
    ["config",{"supportedFeatures":["EMIT","JOIN","LEAVE","DISCONNECT","MJOIN","MLEAVE","MDISCONNECT","AGGREGATED_EVENTS","ALL_EVENTS","X_COMMAND_ACK","X_THROUGHPUT","X_ERRORS","X_LATENCY","X_UPGRADES","X_ACKS","X_SUBSCRIBE","X_SNAPSHOT","X_OVERFLOW","X_EMIT","X_MOVE","X_KICK","X_ADMIN_HIDDEN"],"x_info":{"server":"swift-socketio","version":"0.1.0","serverId":"web-1","pingInterval":25000,"pingTimeout":20000,"latencyIntervalMs":5000,"user":"admin","readonly":false}}]
    """#
    static let session = #"["session","9f86d081884c7d65"]"#
    static let serverStats = #"""
    ["server_stats",{"serverId":"web-1","hostname":"web-1","pid":4242,"uptime":12.53,
     "clientsCount":2,"pollingClientsCount":0,
     "aggregatedEvents":[
      {"timestamp":1680796998000,"type":"rawConnection","count":1},
      {"timestamp":1680796998000,"type":"packetsIn","count":3},
      {"timestamp":1680796998000,"type":"bytesIn","count":64},
      {"timestamp":1680796998000,"type":"packetsOut","count":4},
      {"timestamp":1680796998000,"type":"bytesOut","count":512},
      {"timestamp":1680796999000,"type":"rawDisconnection","subType":"transport close","count":1}],
     "namespaces":[{"name":"/","socketsCount":1},{"name":"/admin","socketsCount":1}],
     "x_throughput":{"intervalMs":2001,"namespaces":[
      {"name":"/","packetsIn":2,"packetsOut":3,"bytesIn":40,"bytesOut":120},
      {"name":"/admin","packetsIn":0,"packetsOut":4,"bytesIn":0,"bytesOut":2900}]},
     "x_errors":[{"timestamp":1680796999000,"kind":"connect","nsp":"/admin","message":"invalid credentials","count":2}]}]
    """#
    static let roomJoined = #"["room_joined","/","AbCdEfGhIjKlMnOpAAAB","AbCdEfGhIjKlMnOpAAAB","2023-04-06T16:03:18.122Z"]"#
    static let socketConnected = #"""
    ["socket_connected",
     {"id":"AbCdEfGhIjKlMnOpAAAB","clientId":"lv_VI97HAXpY","transport":"polling","nsp":"/",
      "data":{"user":"alice"},
      "handshake":{"address":"::ffff:127.0.0.1",
       "headers":{"host":"localhost:3000","user-agent":"python-requests/2.32","accept":"*/*"},
       "query":{"EIO":"4","transport":"polling","t":"OT2Lx1a"},
       "issued":1680796998123,"secure":false,
       "time":"Thu Apr 06 2023 18:03:18 GMT+0200 (Central European Summer Time)",
       "url":"/socket.io/?EIO=4&transport=polling&t=OT2Lx1a","xdomain":false},
      "rooms":["AbCdEfGhIjKlMnOpAAAB"]},
     "2023-04-06T16:03:18.123Z"]
    """#
    static let socketUpdated = #"["socket_updated",{"id":"AbCdEfGhIjKlMnOpAAAB","nsp":"/","transport":"websocket"}]"#
    static let upgrade = #"""
    ["x_upgrade",{"serverId":"web-1","clientId":"lv_VI97HAXpY","from":"polling","to":"websocket","outcome":"success","durationMs":14.2,"timestamp":"2023-04-06T16:03:18.310Z"}]
    """#
    static let latency = #"""
    ["x_latency",{"serverId":"web-1","samples":[{"clientId":"lv_VI97HAXpY","rttMs":0.4,"transport":"websocket","timestamp":"2023-04-06T16:03:23.001Z"}]}]
    """#
    static let kicked = #"""
    ["x_kicked",{"nsp":"/","ids":["AbCdEfGhIjKlMnOpAAAB"],"reason":"spamming","close":false,"by":"admin","timestamp":"2023-04-06T16:03:20.001Z"}]
    """#
}

/// The JSON value of `text` (a fixture; a typo fails the test that uses it).
func json(_ text: String) -> SocketIOValue {
    do {
        return try SocketIOValue(parsingJSON: text)
    } catch {
        Issue.record("fixture is not JSON: \(error)")
        return .null
    }
}

/// The admin event in a wire array `["name", arg…]`.
func event(_ wireArray: String) -> AdminEvent {
    let elements = json(wireArray).arrayValue ?? []
    return AdminEvent(name: elements.first?.stringValue ?? "", arguments: Array(elements.dropFirst()))
}

/// A `SerializedSocket` (spec §2.5) with the fields every server sends.
func serialized(id: String, nsp: String = "/") -> SocketIOValue {
    [
        "id": .string(id), "clientId": .string("c-\(id)"), "transport": "websocket", "nsp": .string(nsp), "data": [:],
        "handshake": ["address": "127.0.0.1", "headers": ["host": "localhost:3000"], "query": ["EIO": "4"], "issued": 1_680_796_998_123],
        "rooms": [.string(id)],
    ]
}

/// A socket as the console keeps it (connected at 16:03:18 unless told otherwise).
func socket(id: String, clientId: String? = nil, transport: String = "websocket", nsp: String = "/",
            rooms: [String]? = nil, data: SocketIOValue = [:], address: String = "127.0.0.1",
            connectedAt: Timestamp? = Timestamp(seconds: 1_680_796_998)) -> AdminSocket {
    AdminSocket(id: id, clientId: clientId ?? "c-\(id)", transport: transport, namespace: nsp, data: data, address: address,
                connectedAt: connectedAt, rooms: rooms ?? [id])
}

/// `socket_connected` for `socket`.
func connected(_ socket: AdminSocket) -> AdminEvent {
    .socketConnected(socket, at: now)
}

/// `server_stats` of one server (no `x_throughput`: what Node and Python send).
func stats(serverId: String = "web-1", uptime: Double = 12.53, clients: Int = 2, polling: Int = 0,
           namespaces: [(String, Int)] = [("/", 1), ("/admin", 1)], aggregated: String = "[]") -> AdminEvent {
    let list = namespaces.map { #"{"name":"\#($0.0)","socketsCount":\#($0.1)}"# }.joined(separator: ",")
    return event(#"""
    ["server_stats",{"serverId":"\#(serverId)","hostname":"\#(serverId)","pid":4242,"uptime":\#(uptime),
     "clientsCount":\#(clients),"pollingClientsCount":\#(polling),"aggregatedEvents":\#(aggregated),"namespaces":[\#(list)]}]
    """#)
}

/// `event_received` (or `event_sent`) of `name` with `arguments`.
func applicationEvent(_ name: String, _ arguments: [SocketIOValue] = [], socket id: String = specSocketId, nsp: String = "/",
                      direction: EventDirection = .received, at: Timestamp = now) -> AdminEvent {
    .applicationEvent(SocketKey(namespace: nsp, id: id), direction: direction, arguments: [.string(name)] + arguments, at: at)
}

extension Console {
    /// A console on a connected link that received `events`, drawing `width`×`height` frames.
    static func connected(features: [String] = ourFeatures, width: Int = 100, height: Int = 30,
                          _ events: [AdminEvent] = []) -> Console {
        var console = Console(serverURL: "http://127.0.0.1:3000")
        console.resize(width: width, height: height)
        console.apply(.connection(.connected), now: now)
        console.apply(.event(.config(features: features, info: nil)), now: now)
        for event in events { console.apply(.event(event), now: now) }
        return console
    }

    /// Applies admin events as the link delivers them.
    mutating func receive(_ events: AdminEvent..., at time: Timestamp = now) {
        receive(events, at: time)
    }

    mutating func receive(_ events: [AdminEvent], at time: Timestamp = now) {
        for event in events { apply(.event(event), now: time) }
    }

    /// Presses `keys` in order; returns the effects of all of them.
    @discardableResult
    mutating func press(_ keys: KeyPress..., at time: Timestamp = now) -> [ConsoleEffect] {
        keys.flatMap { handle($0, now: time) }
    }

    /// Types `text` one character at a time.
    @discardableResult
    mutating func type(_ text: String, at time: Timestamp = now) -> [ConsoleEffect] {
        text.flatMap { handle(.character($0), now: time) }
    }

    /// The screen's text at `time`.
    func screen(at time: Timestamp = now) -> String {
        render(now: time).text
    }

    /// The status line (second row from the bottom), without trailing spaces.
    func statusLine(at time: Timestamp = now) -> String {
        let lines = render(now: time).lines
        var text = Substring(lines[lines.count - 2].text)
        while text.last == " " { text.removeLast() }
        return String(text)
    }

    /// The first screen row that starts with `prefix`.
    func row(startingWith prefix: String, at time: Timestamp = now) -> String? {
        render(now: time).lines.map(\.text).first { $0.hasPrefix(prefix) }
    }

    /// The screen's rows that contain `text`.
    func rows(containing text: String, at time: Timestamp = now) -> [String] {
        render(now: time).lines.map(\.text).filter { $0.contains(text) }
    }
}

/// The plan of the only `send` effect in `effects`.
func sentPlan(_ effects: [ConsoleEffect]) -> CommandPlan? {
    guard effects.count == 1, case .send(_, let plan) = effects[0] else { return nil }
    return plan
}

/// A step as the console puts it on the wire, Engine.IO prefix included, as spec §10 writes it:
/// `42/admin,9["x_emit",…]` with an ack id, `42/admin,["join",…]` without.
func wire(_ step: WireCommand, ackID: UInt64 = 9) -> String {
    "4" + SocketIOPacketEncoder.encodeText(.event(step.event, step.arguments, namespace: "/admin",
                                                   ackID: step.expectsAck ? ackID : nil))
}

/// Whether every character of `text` is ASCII.
func isASCII(_ text: String) -> Bool {
    text.unicodeScalars.allSatisfy(\.isASCII)
}

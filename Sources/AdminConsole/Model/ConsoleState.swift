import SocketIOProtocol

/// Everything the console knows about the watched server or cluster, built only from admin events.
///
/// Pure: `apply(_:now:)` takes one event and the console's clock; nothing here does I/O.
public struct ConsoleState: Sendable {
    /// How many application events the live tail keeps (the official UI keeps 1000 per namespace).
    static let eventCapacity = 2000
    /// How many upgrades the upgrade log keeps.
    static let upgradeCapacity = 500
    /// How many departed sockets are remembered for their detail view.
    static let departureCapacity = 500

    /// The link to the admin namespace.
    public var connection = ConnectionStatus.connecting
    /// Feature flags from `config` (extensions start with `X_`).
    public private(set) var features: Set<String> = []
    /// Our servers' `x_info`, when the server sent it.
    public private(set) var info: ServerInfo?
    /// The session id a password login minted.
    public private(set) var sessionId: String?
    /// Servers by `serverId`.
    public private(set) var servers: [String: ServerRecord] = [:]
    /// Server ids in the order they were first seen.
    public private(set) var serverOrder: [String] = []
    /// Whether an `all_sockets` list arrived since the connection (re)opened.
    public private(set) var hasSocketList = false
    /// Connected sockets.
    public private(set) var sockets: [SocketKey: AdminSocket] = [:]
    /// What each connected socket has been doing.
    public private(set) var activity: [SocketKey: SocketActivity] = [:]
    /// Heartbeat round trips per Engine.IO client id.
    public private(set) var latency: [String: LatencyHistory] = [:]
    /// The live tail of application events.
    public private(set) var events = BoundedLog<EventRecord>(capacity: eventCapacity)
    /// Transport upgrades, oldest first.
    public private(set) var upgrades = BoundedLog<UpgradeRecord>(capacity: upgradeCapacity)
    /// Sockets that left recently.
    public private(set) var departures: [SocketKey: Departure] = [:]
    private var departureOrder = BoundedLog<SocketKey>(capacity: departureCapacity)
    /// Kick reasons announced by `x_kicked`, until the kicked socket's disconnection arrives.
    private var pendingKicks: [SocketKey: String] = [:]
    private var eventSequence = 0

    /// An empty state: nothing known yet.
    public init() {}

    /// Whether the server announced `flag` in `config`.
    public func supports(_ flag: String) -> Bool {
        features.contains(flag)
    }

    /// Every namespace known, from statistics and sockets, sorted.
    public var namespaces: [String] {
        var names = Set(sockets.keys.map(\.namespace))
        for record in servers.values { names.formUnion(record.stats.namespaces.map(\.name)) }
        return names.sorted()
    }

    /// The socket for `key`, connected or recently departed.
    public func socket(_ key: SocketKey) -> AdminSocket? {
        sockets[key] ?? departures[key]?.socket
    }

    /// Updates the state with one admin event, received at `now`.
    public mutating func apply(_ event: AdminEvent, now: Timestamp) {
        switch event {
        case .session(let id):
            sessionId = id
        case .config(let features, let info):
            self.features = Set(features)
            self.info = info
        case .serverStats(let stats):
            record(stats, now: now)
        case .allSockets(let list):
            sockets = Dictionary(list.map { ($0.key, $0) }, uniquingKeysWith: { _, newer in newer })
            hasSocketList = true
            activity = activity.filter { sockets[$0.key] != nil }
        case .socketConnected(let socket, _):
            sockets[socket.key] = socket
            departures[socket.key] = nil
        case .socketUpdated(let key, let data, let transport):
            update(key, data: data, transport: transport, now: now)
        case .socketDisconnected(let key, let reason, let at):
            disconnect(key, reason: reason, at: at ?? now)
        case .roomJoined(let key, let room, _):
            if var socket = sockets[key], !socket.rooms.contains(room) {
                socket.rooms.append(room)
                sockets[key] = socket
            }
        case .roomLeft(let key, let room, _):
            if var socket = sockets[key], let index = socket.rooms.firstIndex(of: room) {
                socket.rooms.remove(at: index)
                sockets[key] = socket
            }
        case .applicationEvent(let key, let direction, let arguments, let at):
            recordEvent(key, direction: direction, arguments: arguments, at: at ?? now)
        case .latency(_, let samples):
            for sample in samples { latency[sample.clientId, default: LatencyHistory()].add(sample) }
        case .upgrade(let record):
            upgrades.append(record)
        case .kicked(let record):
            for id in record.ids { pendingKicks[SocketKey(namespace: record.namespace, id: id)] = record.reason }
        case .unrecognized:
            break
        }
    }

    private mutating func record(_ stats: ServerStats, now: Timestamp) {
        if servers[stats.serverId] == nil { serverOrder.append(stats.serverId) }
        var record = servers[stats.serverId] ?? ServerRecord(stats: stats, receivedAt: now)
        record.stats = stats
        record.receivedAt = now
        record.traffic.add(stats.aggregatedEvents, now: now)
        servers[stats.serverId] = record
    }

    private mutating func update(_ key: SocketKey, data: SocketIOValue?, transport: String?, now: Timestamp) {
        // Node announces data set in middleware before the socket itself: unknown sockets are skipped.
        guard var socket = sockets[key] else { return }
        if let data { socket.data = data }
        if let transport, transport != socket.transport {
            let previous = socket.transport
            socket.transport = transport
            if !supports("X_UPGRADES"), upgrades.elements.last(where: { $0.clientId == socket.clientId })?.to != transport {
                upgrades.append(UpgradeRecord(clientId: socket.clientId, from: previous, to: transport, at: now))
            }
        }
        sockets[key] = socket
    }

    private mutating func disconnect(_ key: SocketKey, reason: String, at: Timestamp) {
        guard let socket = sockets.removeValue(forKey: key) else { return }
        activity[key] = nil
        departures[key] = Departure(socket: socket, reason: reason, kickReason: pendingKicks.removeValue(forKey: key), at: at)
        departureOrder.append(key)
        if departures.count > Self.departureCapacity {
            let kept = Set(departureOrder.elements)
            departures = departures.filter { kept.contains($0.key) }
        }
    }

    private mutating func recordEvent(_ key: SocketKey, direction: EventDirection, arguments: [SocketIOValue], at: Timestamp) {
        eventSequence += 1
        let name = arguments.first?.stringValue ?? "?"
        let record = EventRecord(sequence: eventSequence, socket: key, direction: direction, name: name,
                                 arguments: Array(arguments.dropFirst()), at: at)
        events.append(record)
        if sockets[key] != nil { activity[key, default: SocketActivity()].recentEvents.append(record) }
    }
}

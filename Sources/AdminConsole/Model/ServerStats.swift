import SocketIOProtocol

/// One `server_stats` emission (spec §2.4), with our `x_throughput` when present.
public struct ServerStats: Sendable, Hashable {
    /// The server's id; rows are keyed by it.
    public var serverId: String
    /// Host name.
    public var hostname: String
    /// Process id.
    public var pid: Int
    /// Seconds since the server started (or was instrumented, on Python).
    public var uptime: Double
    /// Open Engine.IO sessions.
    public var clientsCount: Int
    /// Sessions still on polling.
    public var pollingClientsCount: Int
    /// Namespaces with their local socket counts, in creation order.
    public var namespaces: [(name: String, socketsCount: Int)]
    /// Counters since the server's previous emission.
    public var aggregatedEvents: [AggregatedEvent]
    /// Per-namespace traffic since the previous emission (`x_throughput`), when announced.
    public var throughput: NamespaceThroughput?
    /// The cluster adapter's link (`x_adapter`: transport, state, detail), on clustered servers of ours.
    public var adapter: (transport: String, state: String, detail: String?)?

    /// One counter of `aggregatedEvents`.
    public struct AggregatedEvent: Sendable, Hashable {
        /// The whole second (epoch ms) the occurrences fell in.
        public var timestampMilliseconds: Int
        /// `rawConnection`, `rawDisconnection`, `packetsIn`, `packetsOut`, `bytesIn`, `bytesOut`, …
        public var type: String
        /// The close reason of a `rawDisconnection`.
        public var subType: String?
        /// How many, or how many bytes.
        public var count: Int
    }

    /// The statistics in a `server_stats` argument, or nil without a `serverId`.
    public init?(value: SocketIOValue) {
        guard let object = value.objectValue else { return nil }
        serverId = object["serverId"]?.stringValue ?? object["hostname"]?.stringValue ?? ""
        guard !serverId.isEmpty else { return nil }
        hostname = object["hostname"]?.stringValue ?? ""
        pid = Int(object["pid"]?.numberValue ?? 0)
        uptime = object["uptime"]?.numberValue ?? 0
        clientsCount = Int(object["clientsCount"]?.numberValue ?? 0)
        pollingClientsCount = Int(object["pollingClientsCount"]?.numberValue ?? 0)
        namespaces = (object["namespaces"]?.arrayValue ?? []).compactMap { entry in
            guard let object = entry.objectValue, let name = object["name"]?.stringValue else { return nil }
            return (name, Int(object["socketsCount"]?.numberValue ?? 0))
        }
        aggregatedEvents = (object["aggregatedEvents"]?.arrayValue ?? []).compactMap { entry in
            guard let object = entry.objectValue, let type = object["type"]?.stringValue,
                  let timestamp = object["timestamp"]?.numberValue else { return nil }
            return AggregatedEvent(timestampMilliseconds: Int(timestamp), type: type,
                                   subType: object["subType"]?.stringValue,
                                   count: Int(object["count"]?.numberValue ?? 0))
        }
        throughput = object["x_throughput"].flatMap(NamespaceThroughput.init(value:))
        adapter = object["x_adapter"]?.objectValue.map { adapter in
            (adapter["transport"]?.stringValue ?? "", adapter["state"]?.stringValue ?? "", adapter["detail"]?.stringValue)
        }
    }

    public static func == (lhs: ServerStats, rhs: ServerStats) -> Bool {
        lhs.serverId == rhs.serverId && lhs.hostname == rhs.hostname && lhs.pid == rhs.pid && lhs.uptime == rhs.uptime
            && lhs.clientsCount == rhs.clientsCount && lhs.pollingClientsCount == rhs.pollingClientsCount
            && lhs.namespaces.elementsEqual(rhs.namespaces, by: ==) && lhs.aggregatedEvents == rhs.aggregatedEvents
            && lhs.throughput == rhs.throughput && lhs.adapter?.transport == rhs.adapter?.transport
            && lhs.adapter?.state == rhs.adapter?.state && lhs.adapter?.detail == rhs.adapter?.detail
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(serverId)
        hasher.combine(uptime)
    }
}

/// `server_stats.x_throughput`: Socket.IO packets and bytes per namespace over `intervalMs`.
public struct NamespaceThroughput: Sendable, Hashable {
    /// The real time the counts cover, ms.
    public var intervalMilliseconds: Int
    /// The counts per namespace.
    public var namespaces: [String: TrafficRates]

    /// The throughput in an `x_throughput` object.
    init?(value: SocketIOValue) {
        guard let object = value.objectValue, let interval = object["intervalMs"]?.numberValue, interval > 0 else { return nil }
        intervalMilliseconds = Int(interval)
        var namespaces: [String: TrafficRates] = [:]
        for entry in object["namespaces"]?.arrayValue ?? [] {
            guard let object = entry.objectValue, let name = object["name"]?.stringValue else { continue }
            func perSecond(_ key: String) -> Double { (object[key]?.numberValue ?? 0) * 1000 / interval }
            namespaces[name] = TrafficRates(packetsIn: perSecond("packetsIn"), packetsOut: perSecond("packetsOut"),
                                            bytesIn: perSecond("bytesIn"), bytesOut: perSecond("bytesOut"))
        }
        self.namespaces = namespaces
    }
}

/// Packets and bytes per second in each direction.
public struct TrafficRates: Sendable, Hashable {
    /// Packets received per second.
    public var packetsIn: Double
    /// Packets sent per second.
    public var packetsOut: Double
    /// Bytes received per second.
    public var bytesIn: Double
    /// Bytes sent per second.
    public var bytesOut: Double

    /// Rates with these values.
    public init(packetsIn: Double = 0, packetsOut: Double = 0, bytesIn: Double = 0, bytesOut: Double = 0) {
        self.packetsIn = packetsIn
        self.packetsOut = packetsOut
        self.bytesIn = bytesIn
        self.bytesOut = bytesOut
    }

    /// The sum of two rates (servers of a cluster add up).
    public static func + (lhs: TrafficRates, rhs: TrafficRates) -> TrafficRates {
        TrafficRates(packetsIn: lhs.packetsIn + rhs.packetsIn, packetsOut: lhs.packetsOut + rhs.packetsOut,
                     bytesIn: lhs.bytesIn + rhs.bytesIn, bytesOut: lhs.bytesOut + rhs.bytesOut)
    }
}

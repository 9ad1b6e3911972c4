/// Per-second traffic of one server, summed from `aggregatedEvents` across emissions (a second's
/// counts may arrive split over two), kept for the last two minutes.
public struct TrafficSeries: Sendable, Hashable {
    /// Counts of one second.
    public struct Second: Sendable, Hashable {
        /// Engine.IO message packets received.
        public var packetsIn = 0
        /// Engine.IO message packets sent.
        public var packetsOut = 0
        /// Payload bytes received.
        public var bytesIn = 0
        /// Payload bytes sent.
        public var bytesOut = 0
        /// New Engine.IO sessions.
        public var connections = 0
        /// Closed Engine.IO sessions.
        public var disconnections = 0
    }

    /// Seconds kept.
    static let retainedSeconds = 120

    /// Counts by epoch second.
    private(set) var seconds: [Int: Second] = [:]

    /// An empty series.
    public init() {}

    /// Adds one emission's counters, and forgets seconds older than the retention before `now`.
    mutating func add(_ events: [ServerStats.AggregatedEvent], now: Timestamp) {
        for event in events {
            let second = event.timestampMilliseconds / 1000
            var counts = seconds[second] ?? Second()
            switch event.type {
            case "packetsIn": counts.packetsIn += event.count
            case "packetsOut": counts.packetsOut += event.count
            case "bytesIn": counts.bytesIn += event.count
            case "bytesOut": counts.bytesOut += event.count
            case "rawConnection": counts.connections += event.count
            case "rawDisconnection": counts.disconnections += event.count
            default: continue
            }
            seconds[second] = counts
        }
        let oldest = Int(now.seconds) - Self.retainedSeconds
        if seconds.keys.contains(where: { $0 < oldest }) {
            seconds = seconds.filter { $0.key >= oldest }
        }
    }

    /// Average rates over the `window` whole seconds before the current (incomplete) one.
    public func rates(now: Timestamp, window: Int = 10) -> TrafficRates {
        let current = Int(now.seconds)
        var total = Second()
        for second in (current - window)..<current {
            guard let counts = seconds[second] else { continue }
            total.packetsIn += counts.packetsIn
            total.packetsOut += counts.packetsOut
            total.bytesIn += counts.bytesIn
            total.bytesOut += counts.bytesOut
        }
        let span = Double(window)
        return TrafficRates(packetsIn: Double(total.packetsIn) / span, packetsOut: Double(total.packetsOut) / span,
                            bytesIn: Double(total.bytesIn) / span, bytesOut: Double(total.bytesOut) / span)
    }

    /// Packets in and out for each of the `count` whole seconds before the current one, oldest first.
    public func packetHistory(now: Timestamp, count: Int = 60) -> [Int] {
        let current = Int(now.seconds)
        return ((current - count)..<current).map { second in
            seconds[second].map { $0.packetsIn + $0.packetsOut } ?? 0
        }
    }
}

import EngineIO
import NIOCore
import SocketIO
import SocketIOProtocol
import Synchronization

/// What the admin namespace counts between two `server_stats`: connection events by second,
/// traffic deltas, polling sessions, and the latest heartbeat sample of each client.
final class AdminStatistics: Sendable {
    private struct BucketKey: Hashable {
        let second: Int64
        let type: String
        let subType: String?
    }

    struct LatencySample: Sendable {
        let clientId: String
        let roundTrip: TimeAmount
        let transport: EngineTransportKind
        let timestamp: Int64
    }

    private struct State {
        var buckets: [BucketKey: Int] = [:]
        var bucketOrder: [BucketKey] = []
        var lastEngineTotals = (packetsIn: 0, bytesIn: 0, packetsOut: 0, bytesOut: 0)
        var lastNamespaceTotals: [String: (packetsIn: Int, bytesIn: Int, packetsOut: Int, bytesOut: Int)] = [:]
        var lastDrain = NIODeadline.now()
        var pollingSessions: Set<ObjectIdentifier> = []
        var latency: [String: LatencySample] = [:]
        var unsentLatency: Set<String> = []
    }

    private let state = Mutex(State())
    let startedAt = NIODeadline.now()

    func count(_ type: String, subType: String? = nil, amount: Int = 1) {
        let key = BucketKey(second: AdminClock.nowMilliseconds() / 1000 * 1000, type: type, subType: subType)
        state.withLock { state in
            if state.buckets[key] == nil { state.bucketOrder.append(key) }
            state.buckets[key, default: 0] += amount
        }
    }

    func pollingStarted(_ session: EngineSession) {
        _ = state.withLock { $0.pollingSessions.insert(ObjectIdentifier(session)) }
    }

    func pollingEnded(_ session: EngineSession) {
        _ = state.withLock { $0.pollingSessions.remove(ObjectIdentifier(session)) }
    }

    var pollingCount: Int { state.withLock { $0.pollingSessions.count } }

    func recordLatency(_ sample: LatencySample) {
        state.withLock { state in
            state.latency[sample.clientId] = sample
            state.unsentLatency.insert(sample.clientId)
        }
    }

    func forgetClient(_ clientId: String) {
        state.withLock { state in
            state.latency[clientId] = nil
            state.unsentLatency.remove(clientId)
        }
    }

    /// The samples that arrived since the previous call.
    func drainLatency() -> [LatencySample] {
        state.withLock { state in
            defer { state.unsentLatency.removeAll() }
            return state.unsentLatency.sorted().compactMap { state.latency[$0] }
        }
    }

    /// `aggregatedEvents` and `x_throughput` since the previous call (traffic sampled now).
    func drain(engine: TrafficCounters, namespaces: [Namespace]) -> (aggregated: [SocketIOValue], throughput: SocketIOValue) {
        let engineTotals = engine.totals
        let namespaceTotals = namespaces.map { ($0.name, $0.traffic.totals) }
        return state.withLock { state in
            let second = AdminClock.nowMilliseconds() / 1000 * 1000
            let last = state.lastEngineTotals
            for (type, delta) in [("packetsIn", engineTotals.packetsIn - last.packetsIn), ("bytesIn", engineTotals.bytesIn - last.bytesIn),
                                  ("packetsOut", engineTotals.packetsOut - last.packetsOut), ("bytesOut", engineTotals.bytesOut - last.bytesOut)]
            where delta > 0 {
                let key = BucketKey(second: second, type: type, subType: nil)
                if state.buckets[key] == nil { state.bucketOrder.append(key) }
                state.buckets[key, default: 0] += delta
            }
            state.lastEngineTotals = engineTotals
            let aggregated: [SocketIOValue] = state.bucketOrder.map { key in
                var entry: SocketIOObject = ["timestamp": .number(Double(key.second)), "type": .string(key.type)]
                if let subType = key.subType { entry["subType"] = .string(subType) }
                entry["count"] = .number(Double(state.buckets[key] ?? 0))
                return .object(entry)
            }
            state.buckets.removeAll()
            state.bucketOrder.removeAll()
            let now = NIODeadline.now()
            let intervalMs = (now - state.lastDrain).nanoseconds / 1_000_000
            state.lastDrain = now
            let rows: [SocketIOValue] = namespaceTotals.map { name, totals in
                let previous = state.lastNamespaceTotals[name] ?? (0, 0, 0, 0)
                state.lastNamespaceTotals[name] = totals
                return .object([
                    "name": .string(name),
                    "packetsIn": .number(Double(totals.packetsIn - previous.packetsIn)),
                    "packetsOut": .number(Double(totals.packetsOut - previous.packetsOut)),
                    "bytesIn": .number(Double(totals.bytesIn - previous.bytesIn)),
                    "bytesOut": .number(Double(totals.bytesOut - previous.bytesOut)),
                ])
            }
            return (aggregated, .object(["intervalMs": .number(Double(intervalMs)), "namespaces": .array(rows)]))
        }
    }
}

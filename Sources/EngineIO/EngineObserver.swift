import NIOCore
import Synchronization

/// How an attempt to upgrade a session to WebSocket ended.
public enum EngineUpgradeOutcome: String, Sendable, Hashable {
    /// The client sent `5`: the session moved to WebSocket.
    case success
    /// No `5` within `upgradeTimeout`.
    case timeout
    /// The probing WebSocket carried something other than the probe and `5`.
    case probeFailed = "probe failed"
    /// The probing WebSocket (or the session) closed first.
    case closed
}

/// Watches an engine's sessions, for metrics and the admin namespace. Methods run on the
/// session's event loop and must return quickly.
public protocol EngineObserver: AnyObject, Sendable {
    /// A session opened (before the engine's connection handler runs).
    func sessionOpened(_ session: EngineSession)
    /// A session closed.
    func sessionClosed(_ session: EngineSession, reason: EngineCloseReason)
    /// An upgrade attempt ended; `duration` runs from the WebSocket's arrival.
    func upgradeFinished(_ session: EngineSession, outcome: EngineUpgradeOutcome, duration: TimeAmount)
    /// A heartbeat completed: ping handed to the transport → pong received.
    func heartbeat(_ session: EngineSession, roundTrip: TimeAmount)
}

/// Packets and bytes in and out, counted always with relaxed atomic adds (no allocation) and
/// read by sampling: an engine's message traffic, or a Socket.IO namespace's.
public final class TrafficCounters: Sendable {
    private let packetsIn = Atomic<Int>(0)
    private let bytesIn = Atomic<Int>(0)
    private let packetsOut = Atomic<Int>(0)
    private let bytesOut = Atomic<Int>(0)

    /// Counters at zero.
    public init() {}

    /// Totals since creation.
    public var totals: (packetsIn: Int, bytesIn: Int, packetsOut: Int, bytesOut: Int) {
        (packetsIn.load(ordering: .relaxed), bytesIn.load(ordering: .relaxed),
         packetsOut.load(ordering: .relaxed), bytesOut.load(ordering: .relaxed))
    }

    /// Counts one packet of `bytes` received.
    public func received(bytes: Int) {
        packetsIn.wrappingAdd(1, ordering: .relaxed)
        bytesIn.wrappingAdd(bytes, ordering: .relaxed)
    }

    /// Counts `packets` packets of `bytesEach` bytes sent.
    public func sent(packets: Int = 1, bytesEach: Int) {
        packetsOut.wrappingAdd(packets, ordering: .relaxed)
        bytesOut.wrappingAdd(packets * bytesEach, ordering: .relaxed)
    }
}

/// Observers of a server, shared with what they watch: added any time, notified cheaply.
public final class ObserverList<Observer: Sendable>: Sendable {
    private let list = Mutex<[Observer]>([])
    private let isEmpty = Atomic<Bool>(true)

    /// An empty list.
    public init() {}

    /// Adds an observer.
    public func add(_ observer: Observer) {
        list.withLock { $0.append(observer) }
        isEmpty.store(false, ordering: .releasing)
    }

    /// Calls `body` for each observer (nothing, at the cost of one atomic load, when none).
    public func notify(_ body: (Observer) -> Void) {
        guard !isEmpty.load(ordering: .acquiring) else { return }
        for observer in list.withLock({ $0 }) { body(observer) }
    }
}

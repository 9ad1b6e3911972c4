import NIOCore
import SocketIOProtocol

/// What one cluster adapter knows: the other nodes of its namespace and when each was last
/// heard, when it last published on the heartbeat path, and its requests waiting for answers.
///
/// A pure state machine: the adapter feeds it times and messages under its lock, and calls the
/// completions it returns once the lock is released.
struct ClusterState {
    /// Where the answers to one of our acknowledged broadcasts go.
    struct AckedBroadcast {
        /// Takes each node's BROADCAST_CLIENT_COUNT.
        let clientCount: @Sendable (Int) -> Void
        /// Takes each client acknowledgement (its first argument).
        let ack: @Sendable (SocketIOValue) -> Void
    }

    /// The other nodes by uid, with when each was last heard.
    private(set) var nodes: [String: NIODeadline] = [:]
    /// The last publication on the heartbeat path (heartbeats, requests, server-side emits,
    /// acknowledged broadcasts).
    private(set) var lastPublished: NIODeadline
    /// FETCH_SOCKETS requests.
    var fetches = ClusterRequests<SocketDescription>()
    /// SERVER_SIDE_EMIT requests with an acknowledgement.
    var serverSideEmits = ClusterRequests<SocketIOValue>()
    private var ackedBroadcasts: [String: AckedBroadcast] = [:]

    /// A node alone, as of `now`.
    init(now: NIODeadline) {
        lastPublished = now
    }

    /// This node plus the others heard within the heartbeat timeout.
    var serverCount: Int { 1 + nodes.count }

    /// The uids of the other nodes.
    var otherNodes: Set<String> { Set(nodes.keys) }

    // MARK: membership

    /// A message from node `uid` arrived (not our own, not an emitter's).
    mutating func heard(from uid: String, at now: NIODeadline) {
        nodes[uid] = now
    }

    /// Node `uid` left (ADAPTER_CLOSE, or silent too long): requests stop waiting for it.
    mutating func nodeLeft(_ uid: String) -> [@Sendable () -> Void] {
        nodes[uid] = nil
        return fetches.nodeLeft(uid) + serverSideEmits.nodeLeft(uid)
    }

    /// Drops the nodes silent for more than `timeout`.
    mutating func dropSilentNodes(at now: NIODeadline, timeout: TimeAmount) -> [@Sendable () -> Void] {
        let silent = nodes.filter { now - $0.value > timeout }.keys
        return silent.flatMap { nodeLeft($0) }
    }

    // MARK: heartbeats

    /// A publication on the heartbeat path at `now`.
    mutating func published(at now: NIODeadline) {
        lastPublished = now
    }

    /// At the heartbeat timer: whether a HEARTBEAT is due (`interval` since the last publication;
    /// it then counts as published), and when to look again.
    mutating func heartbeatTick(at now: NIODeadline, interval: TimeAmount) -> (publish: Bool, next: NIODeadline) {
        let due = lastPublished + interval <= now
        if due { lastPublished = now }
        return (due, lastPublished + interval)
    }

    // MARK: acknowledged broadcasts

    /// Routes the answers to acknowledged broadcast `requestID` to `callbacks` until it times out.
    mutating func awaitAcks(_ requestID: String, _ callbacks: AckedBroadcast) {
        ackedBroadcasts[requestID] = callbacks
    }

    /// Where the answers to acknowledged broadcast `requestID` go, while it collects them.
    func ackedBroadcast(_ requestID: String) -> AckedBroadcast? {
        ackedBroadcasts[requestID]
    }

    // MARK: timeouts

    /// Request `requestID` reached its timeout: forgets it, returning the completion of a
    /// request that was still waiting.
    mutating func requestTimedOut(_ requestID: String) -> (@Sendable () -> Void)? {
        ackedBroadcasts[requestID] = nil
        return fetches.timedOut(requestID) ?? serverSideEmits.timedOut(requestID)
    }
}

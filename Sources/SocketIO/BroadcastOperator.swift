import NIOCore
import SocketIOProtocol
import Synchronization

/// Targets a set of sockets of one namespace: `to`/`in` rooms (a union), minus `except` rooms,
/// with flags. Immutable: each call returns a new operator. Terminal operations (`emit`,
/// `emitWithAck`, `fetchSockets`, `socketsJoin`, …) go through the namespace's adapter, which
/// encodes a broadcast once for all recipients.
public struct BroadcastOperator: Sendable {
    let namespace: Namespace
    var options = BroadcastOptions()

    init(namespace: Namespace) {
        self.namespace = namespace
    }

    /// Adds target rooms.
    public func to(_ rooms: Room...) -> BroadcastOperator { to(rooms) }

    /// Adds target rooms.
    public func to(_ rooms: [Room]) -> BroadcastOperator {
        var copy = self
        copy.options.rooms.formUnion(rooms)
        return copy
    }

    /// Adds target rooms (alias of `to`).
    public func `in`(_ rooms: Room...) -> BroadcastOperator { to(rooms) }

    /// Excludes the sockets in these rooms (a socket id excludes that socket).
    public func except(_ rooms: Room...) -> BroadcastOperator { except(rooms) }

    /// Excludes the sockets in these rooms.
    public func except(_ rooms: [Room]) -> BroadcastOperator {
        var copy = self
        copy.options.except.formUnion(rooms)
        return copy
    }

    /// Does not forward to other cluster nodes.
    public var local: BroadcastOperator {
        var copy = self
        copy.options.flags.local = true
        return copy
    }

    /// Drops the packet for each recipient that cannot take it right now.
    public var volatile: BroadcastOperator {
        var copy = self
        copy.options.flags.volatile = true
        return copy
    }

    /// Sets the compression flag (kept for API parity; packets are not compressed).
    public func compress(_ compress: Bool) -> BroadcastOperator {
        var copy = self
        copy.options.flags.compress = compress
        return copy
    }

    /// How long `emitWithAck` waits for acknowledgements (5 s when not set).
    public func timeout(_ timeout: TimeAmount) -> BroadcastOperator {
        var copy = self
        copy.options.flags.timeout = timeout
        return copy
    }

    /// Sends `event` to every matching socket. Throws for a reserved event name.
    public func emit(_ event: String, _ arguments: SocketIOValue...) throws(SocketIOError) {
        try emit(event, arguments: arguments)
    }

    /// Sends `event` with an array of arguments to every matching socket.
    public func emit(_ event: String, arguments: [SocketIOValue]) throws(SocketIOError) {
        try SocketIOError.checkEmittable(event)
        namespace.adapter.broadcast(.event(event, arguments, namespace: namespace.name), options: options)
    }

    /// Sends `event` with one `Encodable` value as its argument.
    public func emit(_ event: String, encoding value: some Encodable) throws {
        try emit(event, arguments: [try SocketIOValueEncoder().encode(value)])
    }

    /// Sends `event` asking every recipient for an acknowledgement and returns the first argument
    /// of each answer. Throws `SocketIOError.ackTimeout(responses:)` with the answers that did
    /// arrive when some are missing at the timeout.
    public func emitWithAck(_ event: String, _ arguments: SocketIOValue...) async throws(SocketIOError) -> [SocketIOValue] {
        try await emitWithAck(event, arguments: arguments)
    }

    /// `emitWithAck` with an array of arguments.
    public func emitWithAck(_ event: String, arguments: [SocketIOValue]) async throws(SocketIOError) -> [SocketIOValue] {
        try SocketIOError.checkEmittable(event)
        let ackID = namespace.nextAckID()
        let packet = SocketIOPacket.event(event, arguments, namespace: namespace.name, ackID: ackID)
        let timeout = options.flags.timeout ?? .seconds(5)
        let options = self.timeout(timeout).options
        let serverCount = options.flags.local ? 1 : await namespace.adapter.serverCount()
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<[SocketIOValue], SocketIOError>, Never>) in
            let collector = AckCollector(expectedServers: serverCount, continuation: continuation)
            let namespace = self.namespace
            let timer = Task {
                guard (try? await Task.sleep(nanoseconds: UInt64(max(0, timeout.nanoseconds)))) != nil else { return }
                collector.timedOut()
                for socket in namespace.sockets.values { socket.forgetAck(ackID) }
            }
            collector.onFinish { timer.cancel() }
            namespace.adapter.broadcastWithAck(packet, options: options,
                                               clientCount: { collector.serverReported(clients: $0) },
                                               ack: { collector.received($0) })
        }
        return try result.get()
    }

    /// The matching sockets, on every server of a cluster unless `local` (those of other servers
    /// as descriptions that forward operations). Throws `SocketIOError.requestTimeout` when a
    /// server did not answer within the `timeout` (5 s when not set).
    public func fetchSockets() async throws(SocketIOError) -> [any SocketLike] {
        try await namespace.adapter.fetchSockets(options)
    }

    /// Makes the matching sockets join `rooms`.
    public func socketsJoin(_ rooms: Room...) { socketsJoin(rooms) }

    /// Makes the matching sockets join `rooms`.
    public func socketsJoin(_ rooms: [Room]) {
        namespace.adapter.addSockets(options, rooms: Set(rooms))
    }

    /// Makes the matching sockets leave `rooms`.
    public func socketsLeave(_ rooms: Room...) { socketsLeave(rooms) }

    /// Makes the matching sockets leave `rooms`.
    public func socketsLeave(_ rooms: [Room]) {
        namespace.adapter.delSockets(options, rooms: Set(rooms))
    }

    /// Disconnects the matching sockets (reason `server namespace disconnect`), and their whole
    /// connections when `close`.
    public func disconnectSockets(close: Bool = false) {
        namespace.adapter.disconnectSockets(options, close: close)
    }
}

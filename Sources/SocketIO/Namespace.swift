import EngineIO
import Logging
import NIOCore
import SocketIOProtocol
import Synchronization

/// A namespace (`/`, `/admin`, …): its connected sockets, middlewares, connection handlers,
/// rooms (through its adapter) and acknowledgement counter.
public final class Namespace: Sendable {
    /// A namespace middleware: throw (ideally a `SocketIOMiddlewareError`) to refuse the socket.
    public typealias Middleware = @Sendable (Socket) async throws -> Void

    /// The name, starting with `/`.
    public let name: String
    /// The server the namespace belongs to.
    public unowned let server: SocketIOServer
    /// The dynamic parent that created this namespace, if any.
    public let parent: ParentNamespace?

    private struct State {
        var sockets: [SocketID: Socket] = [:]
        var middlewares: [Middleware] = []
        var connectionHandlers: [@Sendable (Socket) -> Void] = []
        var serverSideListeners = ListenerRegistry<@Sendable (SocketEvent) -> Void>()
    }

    private let state: Mutex<State>
    private let ackCounter = Atomic<UInt64>(0)
    /// Socket.IO packets and bytes through this namespace.
    public let traffic = TrafficCounters()
    private let adapterBox = Mutex<(any SocketIOAdapter)?>(nil)

    init(name: String, server: SocketIOServer, parent: ParentNamespace? = nil,
         middlewares: [Middleware] = [], connectionHandlers: [@Sendable (Socket) -> Void] = []) {
        self.name = name
        self.server = server
        self.parent = parent
        self.state = Mutex(State(middlewares: middlewares, connectionHandlers: connectionHandlers))
        let adapter = server.options.adapter(self)
        adapterBox.withLock { $0 = adapter }
        Task { await adapter.initialize() }
    }

    /// The adapter holding this namespace's rooms.
    public var adapter: any SocketIOAdapter { adapterBox.withLock { $0! } }

    /// The connected sockets by id.
    public var sockets: [SocketID: Socket] { state.withLock { $0.sockets } }

    /// Adds a middleware run for every socket before it connects, in registration order.
    public func use(_ middleware: @escaping Middleware) {
        state.withLock { $0.middlewares.append(middleware) }
    }

    /// Calls `handler` with every socket that connects, on its connection's event loop, right
    /// after the CONNECT reply was sent.
    public func onConnection(_ handler: @escaping @Sendable (Socket) -> Void) {
        state.withLock { $0.connectionHandlers.append(handler) }
    }

    /// The next acknowledgement id, shared by every socket of the namespace and its broadcasts
    /// (an adapter takes one for each acknowledged broadcast it receives from another node).
    public func nextAckID() -> UInt64 {
        ackCounter.wrappingAdd(1, ordering: .relaxed).oldValue
    }

    /// Encodes a packet of this namespace once for any number of recipients, warning when it
    /// carries more attachments than the official clients accept (they drop such a connection).
    func encode(_ packet: SocketIOPacket) -> [EngineFrame] {
        let frames = SocketIOPacketEncoder.encode(packet)
        if frames.count - 1 > server.options.maxAttachments {
            server.logger.warning("packet has more binary attachments than clients accept",
                                  metadata: ["namespace": "\(name)", "attachments": "\(frames.count - 1)"])
        }
        return frames
    }

    /// The connected sockets among `ids`, in that order.
    func connectedSockets(_ ids: [SocketID]) -> [Socket] {
        state.withLock { state in ids.compactMap { state.sockets[$0] } }
    }

    var middlewares: [Middleware] { state.withLock { $0.middlewares } }

    /// Adds a socket whose middlewares passed to the connected sockets.
    func insert(_ socket: Socket) {
        state.withLock { $0.sockets[socket.id] = socket }
    }

    var connectionHandlers: [@Sendable (Socket) -> Void] { state.withLock { $0.connectionHandlers } }

    func remove(_ socket: Socket) {
        let isEmpty = state.withLock { state in
            state.sockets.removeValue(forKey: socket.id)
            return state.sockets.isEmpty
        }
        if isEmpty, parent != nil, server.options.cleanupEmptyChildNamespaces {
            server.removeChildNamespace(self)
        }
    }

    // MARK: broadcasting

    /// An operator reaching every socket of the namespace.
    public var broadcastOperator: BroadcastOperator { BroadcastOperator(namespace: self) }

    /// The sockets in `rooms`.
    public func to(_ rooms: Room...) -> BroadcastOperator { broadcastOperator.to(rooms) }

    /// The sockets in `rooms` (alias of `to`).
    public func `in`(_ rooms: Room...) -> BroadcastOperator { broadcastOperator.to(rooms) }

    /// Every socket except those in `rooms`.
    public func except(_ rooms: Room...) -> BroadcastOperator { broadcastOperator.except(rooms) }

    /// Does not forward to other cluster nodes.
    public var local: BroadcastOperator { broadcastOperator.local }

    /// Drops the packet for recipients that cannot take it right now.
    public var volatile: BroadcastOperator { broadcastOperator.volatile }

    /// Sets the acknowledgement timeout.
    public func timeout(_ timeout: TimeAmount) -> BroadcastOperator { broadcastOperator.timeout(timeout) }

    /// Sends `event` to every socket of the namespace.
    public func emit(_ event: String, _ arguments: SocketIOValue...) throws(SocketIOError) {
        try broadcastOperator.emit(event, arguments: arguments)
    }

    /// Every socket of the namespace, on every server of a cluster (see
    /// `BroadcastOperator.fetchSockets()`).
    public func fetchSockets() async throws(SocketIOError) -> [any SocketLike] {
        try await broadcastOperator.fetchSockets()
    }

    /// Makes every socket join `rooms`.
    public func socketsJoin(_ rooms: Room...) { broadcastOperator.socketsJoin(rooms) }

    /// Makes every socket leave `rooms`.
    public func socketsLeave(_ rooms: Room...) { broadcastOperator.socketsLeave(rooms) }

    /// Disconnects every socket (and their connections when `close`).
    public func disconnectSockets(close: Bool = false) { broadcastOperator.disconnectSockets(close: close) }

    // MARK: server-side events

    /// Sends an event to the other servers of a cluster, whose `onServerSideEmit` listeners of
    /// this namespace receive it (a logged no-op on a single server).
    public func serverSideEmit(_ event: String, _ arguments: SocketIOValue...) {
        adapter.serverSideEmit([.string(event)] + arguments)
    }

    /// Sends an event to the other servers of a cluster and returns the first argument of each
    /// one's acknowledgement (`[]` on a single server).
    ///
    /// - Throws: `SocketIOError.ackTimeout(responses:)`, with the answers that did arrive, when
    ///   some server has not answered after `timeout`.
    public func serverSideEmitWithAck(_ event: String, _ arguments: SocketIOValue..., timeout: TimeAmount = .seconds(5))
        async throws(SocketIOError) -> [SocketIOValue] {
        try await adapter.serverSideEmitWithAck([.string(event)] + arguments, timeout: timeout)
    }

    /// Calls `handler` with every `event` another server of the cluster sends to this namespace
    /// with `serverSideEmit` (`io.on(event, …)` in Node); `event.ack` is set when that server
    /// waits for an answer. Called on the adapter's thread: do not block it.
    @discardableResult
    public func onServerSideEmit(_ event: String, _ handler: @escaping @Sendable (SocketEvent) -> Void) -> ListenerToken {
        state.withLock { $0.serverSideListeners.add(event, handler) }
    }

    /// Removes one server-side listener of `event`, or all of them when `token` is `nil`.
    public func offServerSideEmit(_ event: String, _ token: ListenerToken? = nil) {
        state.withLock { $0.serverSideListeners.remove(event, token: token) }
    }

    /// Hands an event another server sent with `serverSideEmit` to the `onServerSideEmit`
    /// listeners of its name: for adapters.
    public func receivedServerSideEmit(_ event: SocketEvent) {
        for handler in state.withLock({ $0.serverSideListeners.handlers(event.name) }) { handler(event) }
    }
}

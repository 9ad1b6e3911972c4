import EngineIO
import NIOCore
import SocketIOProtocol
import Synchronization

/// One client connected to one namespace.
///
/// Events from the client are handled on the event loop of its connection, in order. Every
/// method may be called from any thread: `emit` returns at once and the packet is written on
/// the connection's loop.
public final class Socket: SocketLike, Sendable {
    /// The socket id, public (unlike the Engine.IO session id); also the name of its own room.
    public let id: SocketID
    /// The namespace the socket belongs to.
    public let namespace: Namespace
    /// The handshake of its connection and its CONNECT payload.
    public let handshake: SocketHandshake
    /// The Engine.IO session carrying it (`socket.conn` in Node).
    public let engine: EngineSession
    /// Whether this socket was restored by connection state recovery.
    public let recovered: Bool
    /// The private id a client presents to recover this socket, when recovery is on.
    let pid: String?
    let connection: SocketIOConnection

    struct State {
        var connected = false
        /// Set when `closed` starts, so a listener that disconnects again does nothing.
        var closing = false
        var data: SocketIOValue = .object(SocketIOObject())
        var listeners = ListenerRegistry<@Sendable (SocketEvent) -> Void>()
        var anyListeners = ListenerRegistry<@Sendable (SocketEvent) -> Void>()
        var outgoingListeners = ListenerRegistry<@Sendable (String, [SocketIOValue]) -> Void>()
        var lifecycleListeners = ListenerRegistry<@Sendable (DisconnectReason) -> Void>()
        var errorListeners = ListenerRegistry<@Sendable (any Error) -> Void>()
        var middlewares: [@Sendable (SocketEvent) async throws -> Void] = []
        var middlewareChain: Task<Void, Never>?
        var acks: [UInt64: PendingAck] = [:]
    }

    struct PendingAck {
        let handler: @Sendable (Result<[SocketIOValue], SocketIOError>) -> Void
        let timer: Scheduled<Void>?
    }

    let state: Mutex<State>
    let hasOutgoingListeners = Atomic<Bool>(false)

    init(id: SocketID, namespace: Namespace, connection: SocketIOConnection, auth: SocketIOObject,
         recovered: RecoverableSession?, pid: String?) {
        self.id = id
        self.namespace = namespace
        self.connection = connection
        self.engine = connection.session
        self.handshake = SocketHandshake(request: connection.session.handshake, auth: auth)
        self.recovered = recovered != nil
        self.pid = pid
        var initial = State()
        if let recovered { initial.data = recovered.data }
        self.state = Mutex(initial)
    }

    /// Whether the socket is connected to its namespace.
    public var connected: Bool { state.withLock { $0.connected } }

    /// Free-form data attached to the socket (travels with recovery and, in a cluster, with
    /// `fetchSockets`). `{}` at first.
    public var data: SocketIOValue {
        get { state.withLock { $0.data } }
        set {
            state.withLock { $0.data = newValue }
            namespace.server.observers.notify { $0.socketDataChanged(self) }
        }
    }

    // MARK: rooms

    /// The rooms of this socket, its own id included.
    public var rooms: Set<Room> { namespace.adapter.socketRooms(id) ?? [] }

    /// Joins rooms; nothing happens once the socket has disconnected.
    public func join(_ rooms: Room...) {
        join(rooms)
    }

    /// Joins rooms, in order; nothing happens once the socket has disconnected.
    public func join(_ rooms: [Room]) {
        guard connected else { return }
        for room in rooms { namespace.adapter.addAll(id, rooms: [room]) }
    }

    /// The rooms of this socket in the order it joined them, its own id first.
    public var roomsInJoinOrder: [Room] { namespace.adapter.socketRoomsInJoinOrder(id) ?? [] }

    /// Leaves a room.
    public func leave(_ room: Room) {
        namespace.adapter.del(id, room: room)
    }

    // MARK: broadcasting from this socket

    /// Every other socket of the namespace (this one excluded).
    public var broadcast: BroadcastOperator { namespace.broadcastOperator.except(id) }

    /// The sockets in `rooms`, this one excluded.
    public func to(_ rooms: Room...) -> BroadcastOperator { broadcast.to(rooms) }

    /// The sockets in `rooms`, this one excluded (alias of `to`).
    public func `in`(_ rooms: Room...) -> BroadcastOperator { broadcast.to(rooms) }

    /// Every other socket except those in `rooms`.
    public func except(_ rooms: Room...) -> BroadcastOperator { broadcast.except(rooms) }

    // MARK: disconnecting

    /// Disconnects the socket from its namespace (reason `server namespace disconnect`); with
    /// `close`, every socket of its connection, then the connection itself.
    public func disconnect(close: Bool = false) {
        connection.onLoop { connection in
            if close {
                connection.disconnectAll(sendingDisconnect: true, reason: .serverNamespaceDisconnect)
                connection.session.close()
            } else if self.connected, !self.state.withLock({ $0.closing }) {
                self.write(SocketIOPacket(kind: .disconnect, namespace: self.namespace.name))
                self.closed(.serverNamespaceDisconnect)
            }
        }
    }

    /// Ends the socket on its connection's loop: `disconnecting` (rooms still there), session
    /// kept for recovery when the reason allows, rooms left, `disconnect`.
    func closed(_ reason: DisconnectReason) {
        let starts = state.withLock { state in
            guard state.connected, !state.closing else { return false }
            state.closing = true
            return true
        }
        guard starts else { return }
        emitLifecycle("disconnecting", reason)
        if let pid, reason.allowsRecovery, namespace.server.options.connectionStateRecovery != nil {
            namespace.adapter.persistSession(RecoverableSession(sid: id, pid: pid, rooms: rooms, data: data))
        }
        namespace.server.observers.notify { $0.socketDisconnected(self, reason: reason) }
        namespace.adapter.delAll(id)
        namespace.remove(self)
        connection.remove(namespace.name)
        let acks = state.withLock { state in
            state.connected = false
            defer { state.acks.removeAll() }
            return state.acks.values
        }
        for ack in acks {
            ack.timer?.cancel()
            ack.handler(.failure(.disconnected))
        }
        emitLifecycle("disconnect", reason)
    }

    func markConnected() {
        state.withLock { $0.connected = true }
    }

    /// Writes a packet to this socket's connection (no recording, no outgoing listeners).
    func write(_ packet: SocketIOPacket, volatile: Bool = false) {
        sendEncoded(namespace.encode(packet), volatile: volatile)
    }

    /// Writes `packets` packets already encoded for this socket's namespace (by
    /// `SocketIOPacketEncoder`), in one hop to the connection's loop: for senders that encode once
    /// for many sockets or batch a burst. No recording, no outgoing listeners.
    public func sendEncoded(_ frames: [EngineFrame], packets: Int = 1, volatile: Bool = false) {
        guard connected else { return }
        namespace.traffic.sent(packets: packets, bytesEach: frames.payloadSize / max(1, packets))
        engine.send(frames, volatile: volatile)
    }
}

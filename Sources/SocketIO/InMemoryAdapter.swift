import EngineIO
import Logging
import NIOCore
import SocketIOProtocol
import Synchronization

/// The single-node adapter: rooms in memory, broadcasts encoded once and written to every
/// recipient, grouped by event loop. With connection state recovery on it also keeps the log of
/// recent events and the sessions of disconnected sockets.
public final class InMemoryAdapter: SocketIOAdapter {
    private struct Membership {
        var rooms: [Room: Set<SocketID>] = [:]
        /// Each socket's rooms in the order it joined them.
        var sids: [SocketID: [Room]] = [:]
    }

    private unowned let namespace: Namespace
    private let membership = Mutex(Membership())
    private let observers = Mutex<[@Sendable (RoomEvent) -> Void]>([])
    private let recovery: SharedRecoveryLog?

    /// Creates the adapter of `namespace`.
    public init(namespace: Namespace) {
        self.namespace = namespace
        if let options = namespace.server.options.connectionStateRecovery {
            recovery = SharedRecoveryLog(RecoveryLog(maxDisconnectionDuration: options.maxDisconnectionDuration))
        } else {
            recovery = nil
        }
    }

    public func initialize() async {}

    public func close() async {}

    public func serverCount() async -> Int { 1 }

    // MARK: rooms

    public func addAll(_ id: SocketID, rooms: Set<Room>) {
        let events = membership.withLock { state -> [RoomEvent] in
            var events: [RoomEvent] = []
            for room in rooms where state.sids[id]?.contains(room) != true {
                state.sids[id, default: []].append(room)
            }
            for room in rooms {
                if state.rooms[room] == nil {
                    state.rooms[room] = []
                    events.append(.createRoom(room))
                }
                if state.rooms[room]!.insert(id).inserted { events.append(.joinRoom(room, id)) }
            }
            return events
        }
        report(events)
    }

    public func del(_ id: SocketID, room: Room) {
        let events = membership.withLock { state in
            state.sids[id]?.removeAll { $0 == room }
            return Self.remove(id, from: room, in: &state)
        }
        report(events)
    }

    public func delAll(_ id: SocketID) {
        let events = membership.withLock { state -> [RoomEvent] in
            guard let rooms = state.sids.removeValue(forKey: id) else { return [] }
            return rooms.flatMap { Self.remove(id, from: $0, in: &state) }
        }
        report(events)
    }

    private static func remove(_ id: SocketID, from room: Room, in state: inout Membership) -> [RoomEvent] {
        guard state.rooms[room]?.remove(id) != nil else { return [] }
        guard state.rooms[room]!.isEmpty else { return [.leaveRoom(room, id)] }
        state.rooms[room] = nil
        return [.leaveRoom(room, id), .deleteRoom(room)]
    }

    public func socketRooms(_ id: SocketID) -> Set<Room>? {
        membership.withLock { $0.sids[id].map(Set.init) }
    }

    public func socketRoomsInJoinOrder(_ id: SocketID) -> [Room]? {
        membership.withLock { $0.sids[id] }
    }

    public func roomMembers() -> [Room: Set<SocketID>] {
        membership.withLock { $0.rooms }
    }

    public func observeRooms(_ observer: @escaping @Sendable (RoomEvent) -> Void) {
        observers.withLock { $0.append(observer) }
    }

    private func report(_ events: [RoomEvent]) {
        guard !events.isEmpty else { return }
        let observers = self.observers.withLock { $0 }
        for event in events {
            for observer in observers { observer(event) }
        }
    }

    // MARK: matching

    /// The connected sockets of this server that `options` selects, each once (flags ignored).
    public func matchingSockets(_ options: BroadcastOptions) -> [Socket] {
        let ids = membership.withLock { state -> [SocketID] in
            var excluded = Set<SocketID>()
            for room in options.except { excluded.formUnion(state.rooms[room] ?? []) }
            if options.rooms.isEmpty {
                return state.sids.keys.filter { !excluded.contains($0) }
            }
            var seen = Set<SocketID>()
            var ids: [SocketID] = []
            for room in options.rooms {
                for id in state.rooms[room] ?? [] where !excluded.contains(id) && seen.insert(id).inserted {
                    ids.append(id)
                }
            }
            return ids
        }
        return namespace.connectedSockets(ids)
    }

    // MARK: broadcasting

    public func broadcast(_ packet: SocketIOPacket, options: BroadcastOptions) {
        let packet = recorded(packet, options: options)
        deliver(packet, to: matchingSockets(options), volatile: options.flags.volatile)
    }

    public func broadcastWithAck(_ packet: SocketIOPacket, options: BroadcastOptions,
                                 clientCount: @escaping @Sendable (Int) -> Void,
                                 ack: @escaping @Sendable (SocketIOValue) -> Void) {
        var packet = packet
        packet.namespace = namespace.name
        let recipients = matchingSockets(options)
        if let ackID = packet.ackID {
            for socket in recipients {
                socket.expectAck(ackID) { arguments in ack(arguments.first ?? .null) }
            }
        }
        deliver(packet, to: recipients, volatile: options.flags.volatile)
        clientCount(recipients.count)
    }

    /// Encodes `packet` once and writes the same frames to every recipient: one task per event
    /// loop, not per socket.
    func deliver(_ packet: SocketIOPacket, to recipients: [Socket], volatile: Bool) {
        guard !recipients.isEmpty else { return }
        var packet = packet
        packet.namespace = namespace.name
        let frames = namespace.encode(packet)
        namespace.traffic.sent(packets: recipients.count, bytesEach: frames.payloadSize)
        namespace.server.observers.notify { $0.eventSent(packet, to: recipients) }
        var byLoop: [ObjectIdentifier: (loop: any EventLoop, sessions: [EngineSession])] = [:]
        for socket in recipients {
            socket.notifyOutgoing(packet)
            let loop = socket.engine.eventLoop
            byLoop[ObjectIdentifier(loop), default: (loop, [])].sessions.append(socket.engine)
        }
        for (loop, sessions) in byLoop.values {
            if loop.inEventLoop {
                for session in sessions { session.send(frames, volatile: volatile) }
            } else {
                loop.execute { for session in sessions { session.send(frames, volatile: volatile) } }
            }
        }
    }

    // MARK: operations on matching sockets

    public func sockets(in rooms: Set<Room>) async -> Set<SocketID> {
        Set(matchingSockets(BroadcastOptions(rooms: rooms)).map(\.id))
    }

    public func fetchSockets(_ options: BroadcastOptions) async -> [any SocketLike] {
        matchingSockets(options)
    }

    public func addSockets(_ options: BroadcastOptions, rooms: Set<Room>) {
        for socket in matchingSockets(options) { socket.join(Array(rooms)) }
    }

    public func delSockets(_ options: BroadcastOptions, rooms: Set<Room>) {
        for socket in matchingSockets(options) {
            for room in rooms { socket.leave(room) }
        }
    }

    public func disconnectSockets(_ options: BroadcastOptions, close: Bool) {
        for socket in matchingSockets(options) { socket.disconnect(close: close) }
    }

    public func serverSideEmit(_ packet: [SocketIOValue]) {
        warnNoPeers()
    }

    public func serverSideEmitWithAck(_ packet: [SocketIOValue], timeout: TimeAmount) async throws(SocketIOError) -> [SocketIOValue] {
        warnNoPeers()
        return []
    }

    private func warnNoPeers() {
        namespace.server.logger.warning("serverSideEmit has no effect with the in-memory adapter (a single server)")
    }

    // MARK: connection state recovery

    /// With recovery on, an event without ack that is not volatile gets an offset appended to
    /// its arguments and is kept in the log.
    private func recorded(_ packet: SocketIOPacket, options: BroadcastOptions) -> SocketIOPacket {
        guard let recovery, packet.kind == .event, packet.ackID == nil, !options.flags.volatile,
              case .array(var arguments) = packet.data else { return packet }
        var packet = packet
        recovery.log.withLock { log in
            let offset = log.nextOffset()
            arguments.append(.string(offset))
            packet.data = .array(arguments)
            log.record(packet, offset: offset, rooms: options.rooms, except: options.except)
        }
        return packet
    }

    public func persistSession(_ session: RecoverableSession) {
        recovery?.log.withLock { $0.persist(session) }
    }

    public func restoreSession(pid: String, offset: String) async -> RecoverableSession? {
        recovery?.log.withLock { $0.restore(pid: pid, offset: offset) }
    }
}

/// The recovery log behind a lock, shared by an adapter's callers.
private final class SharedRecoveryLog: Sendable {
    let log: Mutex<RecoveryLog>

    init(_ log: RecoveryLog) {
        self.log = Mutex(log)
    }
}

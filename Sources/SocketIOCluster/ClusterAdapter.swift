import NIOCore
import NIOPosix
import SocketIO
import SocketIOProtocol
import Synchronization

/// The adapter of one namespace on one node of a cluster: socket.io-adapter's
/// `ClusterAdapterWithHeartbeat`, the protocol of `@socket.io/postgres-adapter`.
///
/// Every local operation goes through an `InMemoryAdapter` this adapter owns; operations that
/// concern the other nodes travel as `ClusterMessage`s over a `ClusterTransport`. Install it with
///
/// ```swift
/// options.adapter = { ClusterAdapter(namespace: $0, transport: transport) }
/// ```
///
/// Nodes find each other by heartbeats: `serverCount()` is 1 plus the nodes of this namespace
/// heard within `heartbeatTimeout`. Received messages are handled on the transport's delivery
/// thread, timers run on `eventLoop`, state is behind a lock: every method may be called from
/// any thread, and publishing returns at once (the transport keeps the order).
public final class ClusterAdapter: SocketIOAdapter {
    /// This adapter's node id: 16 random hex digits, fresh for each namespace of each server.
    public let uid: String
    /// The namespace's name.
    let namespaceName: String
    /// Gone once the server is released; messages and timers then do nothing.
    weak let namespace: Namespace?
    /// Does every local operation.
    let local: InMemoryAdapter
    let transport: any ClusterTransport
    let options: ClusterAdapterOptions
    let eventLoop: any EventLoop
    let state: Mutex<ClusterState>
    private let timers = Mutex(Timers())

    private struct Timers {
        var membershipCheck: RepeatedTask?
        var heartbeat: Scheduled<Void>?
        var closed = false
    }

    /// The transport's status.
    public var status: AdapterStatus? {
        transport.status
    }

    /// Creates the adapter of `namespace`, talking to the cluster through `transport`, with its
    /// timers on `eventLoop`. It joins the cluster in `initialize()`.
    public init(namespace: Namespace, transport: any ClusterTransport, options: ClusterAdapterOptions = ClusterAdapterOptions(),
                eventLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.any()) {
        self.uid = ClusterIdentifier.random()
        self.namespaceName = namespace.name
        self.namespace = namespace
        self.local = InMemoryAdapter(namespace: namespace)
        self.transport = transport
        self.options = options
        self.eventLoop = eventLoop
        self.state = Mutex(ClusterState(now: .now()))
    }

    deinit {
        timers.withLock { timers in
            timers.membershipCheck?.cancel()
            timers.heartbeat?.cancel()
        }
    }

    // MARK: lifecycle

    /// Subscribes to the namespace's channel, announces this node (INITIAL_HEARTBEAT) and starts
    /// the heartbeat and membership timers.
    public func initialize() async {
        await local.initialize()
        await transport.subscribe(namespace: namespaceName) { [weak self] message in self?.receive(message) }
        publish(.initialHeartbeat)
        let interval = options.membershipCheckInterval
        let started = timers.withLock { timers -> Bool in
            guard !timers.closed else { return false }
            timers.membershipCheck = eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { [weak self] _ in
                self?.dropSilentNodes()
            }
            return true
        }
        guard started else { return await transport.unsubscribe(namespace: namespaceName) }
        scheduleHeartbeat(at: .now() + options.heartbeatInterval)
    }

    /// Stops the timers, tells the other nodes (ADAPTER_CLOSE) and unsubscribes. Requests in
    /// flight end at their timeouts.
    public func close() async {
        let stopped = timers.withLock { timers -> (RepeatedTask?, Scheduled<Void>?)? in
            guard !timers.closed else { return nil }
            timers.closed = true
            defer {
                timers.membershipCheck = nil
                timers.heartbeat = nil
            }
            return (timers.membershipCheck, timers.heartbeat)
        }
        guard let (membershipCheck, heartbeat) = stopped else { return }
        membershipCheck?.cancel()
        heartbeat?.cancel()
        send(.adapterClose)
        await transport.unsubscribe(namespace: namespaceName)
        await local.close()
    }

    /// 1 plus the other nodes of this namespace heard within `heartbeatTimeout`.
    public func serverCount() async -> Int {
        state.withLock { $0.serverCount }
    }

    /// Publishes HEARTBEAT when `heartbeatInterval` passed since the last publication on the
    /// heartbeat path; otherwise looks again when it will have.
    private func scheduleHeartbeat(at deadline: NIODeadline) {
        timers.withLock { timers in
            guard !timers.closed else { return }
            timers.heartbeat = eventLoop.scheduleTask(deadline: deadline) { [weak self] in
                guard let self else { return }
                let (due, next) = state.withLock { $0.heartbeatTick(at: .now(), interval: self.options.heartbeatInterval) }
                if due { send(.heartbeat) }
                scheduleHeartbeat(at: next)
            }
        }
    }

    private func dropSilentNodes() {
        run(state.withLock { $0.dropSilentNodes(at: .now(), timeout: options.heartbeatTimeout) })
    }

    // MARK: rooms (local)

    public func addAll(_ id: SocketID, rooms: Set<Room>) { local.addAll(id, rooms: rooms) }

    public func del(_ id: SocketID, room: Room) { local.del(id, room: room) }

    public func delAll(_ id: SocketID) { local.delAll(id) }

    public func socketRooms(_ id: SocketID) -> Set<Room>? { local.socketRooms(id) }

    public func socketRoomsInJoinOrder(_ id: SocketID) -> [Room]? { local.socketRoomsInJoinOrder(id) }

    public func roomMembers() -> [Room: Set<SocketID>] { local.roomMembers() }

    public func observeRooms(_ observer: @escaping @Sendable (RoomEvent) -> Void) { local.observeRooms(observer) }

    /// The local sockets in `rooms` (as the reference cluster adapter, not cluster-wide).
    public func sockets(in rooms: Set<Room>) async -> Set<SocketID> { await local.sockets(in: rooms) }

    // MARK: operations

    /// Publishes BROADCAST unless `local`, then broadcasts locally.
    public func broadcast(_ packet: SocketIOPacket, options: BroadcastOptions) {
        if !options.flags.local {
            send(.broadcast(BroadcastBody(packet: packet, options: ClusterBroadcastOptions(options))))
        }
        local.broadcast(packet, options: options)
    }

    /// Unless `local`: routes the other nodes' client counts and acknowledgements to `clientCount`
    /// and `ack` until the broadcast's timeout, and publishes BROADCAST with a request id. Then
    /// broadcasts locally.
    public func broadcastWithAck(_ packet: SocketIOPacket, options: BroadcastOptions,
                                 clientCount: @escaping @Sendable (Int) -> Void,
                                 ack: @escaping @Sendable (SocketIOValue) -> Void) {
        if !options.flags.local {
            let requestID = ClusterIdentifier.random()
            state.withLock { $0.awaitAcks(requestID, ClusterState.AckedBroadcast(clientCount: clientCount, ack: ack)) }
            expire(requestID, after: options.flags.timeout ?? self.options.requestTimeout)
            publish(.broadcast(BroadcastBody(packet: packet, requestID: requestID, options: ClusterBroadcastOptions(options))))
        }
        local.broadcastWithAck(packet, options: options, clientCount: clientCount, ack: ack)
    }

    /// The local matching sockets, then, unless `local`, those of every other node (as
    /// `RemoteSocket`s). Waits for each node known when called, until it answers or leaves.
    ///
    /// - Throws: `SocketIOError.requestTimeout(missingResponses:)` when some node has not answered
    ///   after the operation's `timeout` (`requestTimeout` when not set).
    public func fetchSockets(_ options: BroadcastOptions) async throws(SocketIOError) -> [any SocketLike] {
        let localSockets: [any SocketLike] = local.matchingSockets(options)
        guard !options.flags.local else { return localSockets }
        let requestID = ClusterIdentifier.random()
        let remote: [SocketDescription] = try await request(
            .fetchSockets(FetchSocketsBody(options: ClusterBroadcastOptions(options), requestID: requestID)),
            requestID: requestID, timeout: options.flags.timeout ?? self.options.requestTimeout,
            start: { state, completion in state.fetches.start(requestID, waitingFor: state.otherNodes, completion: completion) },
            timeoutError: { _, missing in .requestTimeout(missingResponses: missing) }
        )
        return localSockets + remote.map { RemoteSocket($0, adapter: self) }
    }

    /// Publishes SOCKETS_JOIN unless `local`, then makes the local matching sockets join.
    public func addSockets(_ options: BroadcastOptions, rooms: Set<Room>) {
        if !options.flags.local {
            send(.socketsJoin(SocketsRoomsBody(options: ClusterBroadcastOptions(options), rooms: rooms.sorted())))
        }
        local.addSockets(options, rooms: rooms)
    }

    /// Publishes SOCKETS_LEAVE unless `local`, then makes the local matching sockets leave.
    public func delSockets(_ options: BroadcastOptions, rooms: Set<Room>) {
        if !options.flags.local {
            send(.socketsLeave(SocketsRoomsBody(options: ClusterBroadcastOptions(options), rooms: rooms.sorted())))
        }
        local.delSockets(options, rooms: rooms)
    }

    /// Publishes DISCONNECT_SOCKETS unless `local`, then disconnects the local matching sockets.
    public func disconnectSockets(_ options: BroadcastOptions, close: Bool) {
        if !options.flags.local {
            send(.disconnectSockets(DisconnectSocketsBody(options: ClusterBroadcastOptions(options), close: close)))
        }
        local.disconnectSockets(options, close: close)
    }

    /// Publishes SERVER_SIDE_EMIT.
    public func serverSideEmit(_ packet: [SocketIOValue]) {
        publish(.serverSideEmit(ServerSideEmitBody(packet: packet)))
    }

    /// Publishes SERVER_SIDE_EMIT with a request id and returns one answer per other node known
    /// when called (`[]` at once when alone); a node that leaves is no longer waited for.
    public func serverSideEmitWithAck(_ packet: [SocketIOValue], timeout: TimeAmount) async throws(SocketIOError) -> [SocketIOValue] {
        let requestID = ClusterIdentifier.random()
        return try await request(
            .serverSideEmit(ServerSideEmitBody(requestID: requestID, packet: packet)),
            requestID: requestID, timeout: timeout,
            start: { state, completion in state.serverSideEmits.start(requestID, waitingFor: state.otherNodes, completion: completion) },
            timeoutError: { answers, _ in .ackTimeout(responses: answers) }
        )
    }

    public func persistSession(_ session: RecoverableSession) { local.persistSession(session) }

    public func restoreSession(pid: String, offset: String) async -> RecoverableSession? {
        await local.restoreSession(pid: pid, offset: offset)
    }

    // MARK: publishing

    /// Publishes on the heartbeat path: the next HEARTBEAT is due `heartbeatInterval` from now.
    func publish(_ body: ClusterMessageBody) {
        state.withLock { $0.published(at: .now()) }
        send(body)
    }

    /// Publishes without touching the heartbeat timer (operations on sockets, responses).
    func send(_ body: ClusterMessageBody) {
        transport.publish(ClusterMessage(uid: uid, namespace: namespaceName, body: body))
    }

    /// Publishes request `body` and waits for the answers that `start` registers it for.
    private func request<Answer: Sendable>(
        _ body: ClusterMessageBody, requestID: String, timeout: TimeAmount,
        start: (inout ClusterState, @escaping ClusterRequests<Answer>.Completion) -> Bool,
        timeoutError: @escaping @Sendable (_ answers: [Answer], _ missing: Int) -> SocketIOError
    ) async throws(SocketIOError) -> [Answer] {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<[Answer], SocketIOError>, Never>) in
            let waiting = state.withLock { state in
                start(&state) { answers, missing in
                    continuation.resume(returning: missing == 0 ? .success(answers) : .failure(timeoutError(answers, missing)))
                }
            }
            guard waiting else { return continuation.resume(returning: .success([])) }
            expire(requestID, after: timeout)
            publish(body)
        }
        return try result.get()
    }

    /// Ends request `requestID` after `timeout` if it is still waiting.
    private func expire(_ requestID: String, after timeout: TimeAmount) {
        eventLoop.scheduleTask(in: timeout) { [weak self] in
            self?.state.withLock { $0.requestTimedOut(requestID) }?()
        }
    }

    /// Calls completions returned by the state, outside its lock.
    func run(_ completions: [@Sendable () -> Void]) {
        for completion in completions { completion() }
    }
}

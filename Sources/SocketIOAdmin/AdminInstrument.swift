import EngineIO
import Logging
import NIOCore
import SocketIO
import SocketIOProtocol
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The admin namespace of a server: authenticated, it streams the server's live state in the
/// official Socket.IO Admin UI protocol (plus additive `x_` extensions) and accepts its commands.
///
/// Cost: with no admin connected, the hooks return after one atomic load; per-socket and
/// per-event streams exist only in development mode and only while an admin is connected; they
/// are sent volatile, so a slow admin loses events rather than growing a queue.
public final class AdminInstrument: Sendable {
    let server: SocketIOServer
    let options: AdminOptions
    let namespace: Namespace
    let statistics = AdminStatistics()
    let sessions: AdminSessions
    let logger: Logger
    private let adminCount = Atomic<Int>(0)
    private let logins = Mutex<[SocketID: AdminLogin]>([:])
    private let socketsBySession = Mutex<[ObjectIdentifier: [Socket]]>([:])
    private let timers = Mutex<[Task<Void, Never>]>([])

    /// Why `instrument` refused.
    public enum SetupError: Error, CustomStringConvertible {
        /// The namespace is `/` or already used by the application.
        case namespaceUnavailable(String)
        /// A user's password hash is not a bcrypt hash.
        case invalidPasswordHash(user: String)

        public var description: String {
            switch self {
            case .namespaceUnavailable(let name): "the admin namespace \(name) is / or already in use"
            case .invalidPasswordHash(let user): "the password hash of admin user \(user) is not a bcrypt hash"
            }
        }
    }

    /// Creates the admin namespace on `server` and starts instrumenting it.
    public static func instrument(_ server: SocketIOServer, options: AdminOptions = AdminOptions(),
                                  logger: Logger = Logger(label: "SocketIOAdmin")) throws -> AdminInstrument {
        let name = options.namespaceName.hasPrefix("/") ? options.namespaceName : "/" + options.namespaceName
        guard name != "/", server.namespaces[name] == nil else { throw SetupError.namespaceUnavailable(name) }
        if case .basic(let users) = options.authentication {
            for user in users where !BcryptHash.isValid(user.passwordHash) {
                throw SetupError.invalidPasswordHash(user: user.username)
            }
        }
        let instrument = AdminInstrument(server: server, options: options, namespace: server.of(name), logger: logger)
        instrument.start()
        return instrument
    }

    private init(server: SocketIOServer, options: AdminOptions, namespace: Namespace, logger: Logger) {
        self.server = server
        self.options = options
        self.namespace = namespace
        self.logger = logger
        self.sessions = AdminSessions(lifetime: options.sessionLifetime)
    }

    /// Stops the periodic emissions.
    public func stop() {
        for timer in timers.withLock({ $0 }) { timer.cancel() }
    }

    var isWatched: Bool { adminCount.load(ordering: .relaxed) > 0 }

    var isDevelopment: Bool { options.mode == .development }

    /// Whether `namespace` is the admin namespace and admin sockets are hidden.
    func isHidden(_ namespace: Namespace) -> Bool {
        namespace === self.namespace && !options.showAdminSockets
    }

    private func start() {
        let authentication = options.authentication
        let sessions = self.sessions
        let readonly = options.readonly
        namespace.use { [weak self] socket in
            let login = try authentication.login(socket.handshake.auth, sessions: sessions, readonly: readonly)
            self?.logins.withLock { $0[socket.id] = login }
        }
        namespace.onConnection { [weak self] socket in self?.adminConnected(socket) }
        server.engine.addObserver(AdminEngineObserver(instrument: self))
        server.addObserver(AdminServerObserver(instrument: self))
        for namespace in server.namespaces.values { watchRooms(of: namespace) }
        schedule(every: options.statsInterval) { instrument in instrument.emitStats() }
        if isDevelopment {
            schedule(every: options.latencyInterval) { instrument in instrument.emitLatency() }
        }
    }

    private func schedule(every interval: TimeAmount, _ work: @escaping @Sendable (AdminInstrument) -> Void) {
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(max(1, interval.nanoseconds)))
                guard let self, !Task.isCancelled else { return }
                work(self)
            }
        }
        timers.withLock { $0.append(task) }
    }

    // MARK: admin sockets

    private func adminConnected(_ socket: Socket) {
        adminCount.wrappingAdd(1, ordering: .relaxed)
        let login = logins.withLock { $0.removeValue(forKey: socket.id) } ?? AdminLogin(user: nil, readonly: options.readonly)
        socket.onDisconnect { [weak self] _ in self?.adminCount.wrappingSubtract(1, ordering: .relaxed) }
        if let session = login.mintedSession { try? socket.emit("session", .string(session)) }
        try? socket.emit("config", config(for: login))
        if isDevelopment { try? socket.emit("all_sockets", .array(allSockets())) }
        try? socket.emit("server_stats", stats(includingDeltas: false))
        AdminCommands(instrument: self, login: login).register(on: socket)
    }

    private func config(for login: AdminLogin) -> SocketIOValue {
        var features: [String] = []
        if !login.readonly { features += ["EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT"] }
        features.append("AGGREGATED_EVENTS")
        if isDevelopment { features.append("ALL_EVENTS") }
        features += ["X_COMMAND_ACK", "X_THROUGHPUT"]
        if isDevelopment { features += ["X_LATENCY", "X_UPGRADES"] }
        if !login.readonly { features += ["X_EMIT", "X_MOVE", "X_KICK"] }
        if !options.showAdminSockets { features.append("X_ADMIN_HIDDEN") }
        let engine = server.engine.options
        let info: SocketIOObject = [
            "server": "swift-socketio", "version": "0.1.0", "serverId": .string(options.serverId),
            "pingInterval": .number(Double(engine.pingInterval.nanoseconds / 1_000_000)),
            "pingTimeout": .number(Double(engine.pingTimeout.nanoseconds / 1_000_000)),
            "latencyIntervalMs": .number(Double(options.latencyInterval.nanoseconds / 1_000_000)),
            "user": login.user.map(SocketIOValue.string) ?? .null,
            "readonly": .bool(login.readonly),
        ]
        return .object(["supportedFeatures": .array(features.map(SocketIOValue.string)), "x_info": .object(info)])
    }

    /// Every visible socket of every namespace.
    func allSockets() -> [SocketIOValue] {
        server.namespacesInCreationOrder.filter { !isHidden($0) }.flatMap { namespace in
            namespace.sockets.values.sorted { $0.id < $1.id }.map { AdminSerializer.serialize($0, transport: $0.engine.transport) }
        }
    }

    // MARK: periodic emissions

    private func emitStats() {
        let stats = stats(includingDeltas: true)
        // In a cluster an admin on another node may be watching: the stats go through the adapter
        // to every node, as the reference sends them.
        guard isWatched || namespace.adapter.status != nil else { return }
        try? namespace.emit("server_stats", stats)
    }

    /// `server_stats`; without deltas (the first one sent to a new admin) nothing is drained.
    private func stats(includingDeltas: Bool) -> SocketIOValue {
        let namespaces = server.namespacesInCreationOrder
        var stats: SocketIOObject = [
            "serverId": .string(options.serverId),
            "hostname": .string(AdminOptions.hostname),
            "pid": .number(Double(getpid())),
            "uptime": .number(Double((NIODeadline.now() - statistics.startedAt).nanoseconds) / 1e9),
            "clientsCount": .number(Double(server.engine.sessionCount)),
            "pollingClientsCount": .number(Double(statistics.pollingCount)),
            "aggregatedEvents": [],
            "namespaces": .array(namespaces.map { .object(["name": .string($0.name), "socketsCount": .number(Double($0.sockets.count))]) }),
        ]
        if let status = namespace.adapter.status {
            var adapter: SocketIOObject = ["transport": .string(status.transport), "state": .string(status.state)]
            if let detail = status.detail { adapter["detail"] = .string(detail) }
            stats["x_adapter"] = .object(adapter)
        }
        if includingDeltas {
            let drained = statistics.drain(engine: server.engine.traffic, namespaces: namespaces)
            stats["aggregatedEvents"] = .array(drained.aggregated)
            stats["x_throughput"] = drained.throughput
        }
        return .object(stats)
    }

    private func emitLatency() {
        let samples = statistics.drainLatency()
        guard isWatched, !samples.isEmpty else { return }
        let rows: [SocketIOValue] = samples.map { sample in
            .object([
                "clientId": .string(sample.clientId),
                "rttMs": .number((Double(sample.roundTrip.nanoseconds) / 100_000).rounded() / 10),
                "transport": .string(sample.transport.rawValue),
                "timestamp": .string(AdminClock.isoString(milliseconds: sample.timestamp)),
            ])
        }
        stream("x_latency", .object(["serverId": .string(options.serverId), "samples": .array(rows)]))
    }

    // MARK: streams (development mode, while watched)

    /// Sends a verbose event to every admin. On WebSocket it is volatile: an admin whose socket
    /// cannot take more loses events rather than growing a queue. On polling (where a packet
    /// waits for the next GET) it is queued, within the engine's per-session cap.
    func stream(_ event: String, _ arguments: SocketIOValue...) {
        guard isWatched, isDevelopment else { return }
        stream(SocketIOPacketEncoder.encode(.event(event, arguments, namespace: namespace.name)))
    }

    /// Sends `packets` events encoded once to every admin, in one hop per admin (see
    /// `stream(_:_:)` for the delivery rules).
    func stream(_ frames: [EngineFrame], packets: Int = 1) {
        for admin in namespace.sockets.values {
            admin.sendEncoded(frames, packets: packets, volatile: admin.engine.transport == .websocket)
        }
    }

    func watchRooms(of namespace: Namespace) {
        guard !isHidden(namespace) else { return }
        let name = namespace.name
        namespace.adapter.observeRooms { [weak self] event in
            guard let self, self.isWatched, self.isDevelopment else { return }
            let now = SocketIOValue.string(AdminClock.isoString())
            switch event {
            case .joinRoom(let room, let id): self.stream("room_joined", .string(name), .string(room), .string(id), now)
            case .leaveRoom(let room, let id): self.stream("room_left", .string(name), .string(room), .string(id), now)
            case .createRoom, .deleteRoom: break
            }
        }
    }

    func track(_ socket: Socket) {
        socketsBySession.withLock { $0[ObjectIdentifier(socket.engine), default: []].append(socket) }
    }

    func untrack(_ socket: Socket) {
        socketsBySession.withLock { map in
            let key = ObjectIdentifier(socket.engine)
            map[key]?.removeAll { $0 === socket }
            if map[key]?.isEmpty == true { map[key] = nil }
        }
    }

    func sockets(of session: EngineSession) -> [Socket] {
        socketsBySession.withLock { $0[ObjectIdentifier(session)] ?? [] }
    }

    /// Whether `session` carries admin sockets only, which stay out of the streams unless
    /// `showAdminSockets`.
    func isHiddenClient(_ session: EngineSession) -> Bool {
        let sockets = sockets(of: session)
        return !sockets.isEmpty && sockets.allSatisfy { isHidden($0.namespace) }
    }
}

import Logging
import NIOCore
import Synchronization

/// An Engine.IO v4 server without an HTTP server of its own: a host (such as `SocketIONIO`)
/// feeds it requests and WebSockets; it validates them, runs the sessions and reports each new
/// session to `onConnection`.
public final class EngineServer: Sendable {
    /// Where a valid request goes.
    public enum Route: Sendable {
        /// A handshake that opens a new session on this transport (after `authorize`).
        case handshake(EngineTransportKind)
        /// A request for an existing session.
        case session(EngineSession)
    }

    /// The options in force.
    public let options: EngineServerOptions
    private let logger: Logger
    private let onConnection: @Sendable (EngineSession) -> Void
    private let sessions = Mutex<[String: EngineSession]>([:])
    private let observers = ObserverList<any EngineObserver>()
    /// Message traffic through every session, counted always.
    public let traffic = TrafficCounters()

    /// Creates a server; `onConnection` runs on the session's event loop for every new session,
    /// before any of its packets is delivered: set the session's handlers there.
    public init(options: EngineServerOptions = EngineServerOptions(), logger: Logger = Logger(label: "EngineIO"),
                onConnection: @escaping @Sendable (EngineSession) -> Void) {
        self.options = options
        self.logger = logger
        self.onConnection = onConnection
    }

    /// The number of open sessions.
    public var sessionCount: Int { sessions.withLock { $0.count } }

    /// The open session with id `id`.
    public func session(id: String) -> EngineSession? {
        sessions.withLock { $0[id] }
    }

    /// Adds an observer of every session from now on (see `EngineObserver`).
    public func addObserver(_ observer: any EngineObserver) {
        observers.add(observer)
    }

    /// The open sessions.
    public var allSessions: [EngineSession] { sessions.withLock { Array($0.values) } }

    /// Whether `path` is under this engine's path.
    public func handles(path: String) -> Bool {
        path.hasPrefix(options.path)
    }

    /// Validates a request in the reference server's order (§9.1 of the brief) and says where it goes.
    public func route(_ request: EngineRequest) -> Result<Route, EngineRequestError> {
        guard let transportName = request.query["transport"],
              let transport = EngineTransportKind(rawValue: transportName),
              options.transports.contains(transport) else {
            return .failure(.unknownTransport)
        }
        if let origin = request.header("Origin"), !Self.isValidHeaderValue(origin) {
            return .failure(.badRequest)
        }
        if let sid = request.query["sid"] {
            guard let session = session(id: sid) else { return .failure(.unknownSession) }
            if !request.isWebSocketUpgrade && transport != .polling { return .failure(.badRequest) }
            return .success(.session(session))
        }
        guard request.method == "GET" else { return .failure(.badHandshakeMethod) }
        if transport == .websocket && !request.isWebSocketUpgrade { return .failure(.badRequest) }
        guard request.query["EIO"] == "4" else { return .failure(.unsupportedProtocolVersion) }
        return .success(.handshake(transport))
    }

    /// Runs the `allowRequest` hook for a handshake; `nil` when it may proceed.
    public func authorize(_ request: EngineRequest) async -> EngineRequestError? {
        guard let allowRequest = options.allowRequest else { return nil }
        switch await allowRequest(request) {
        case .allow: return nil
        case .deny(let message): return .forbidden(message: message)
        }
    }

    /// Opens a polling session on `eventLoop` and returns the handshake response (open packet,
    /// and the cookie when configured). Call on `eventLoop`.
    public func openPollingSession(for request: EngineRequest, on eventLoop: any EventLoop) -> EngineHTTPResponse {
        let session = makeSession(for: request, transport: .polling, on: eventLoop)
        var response = EngineHTTPResponse.payload(EnginePayload.encode(CollectionOfOne(openFrame(sid: session.id, transport: .polling))))
        if let cookie = options.cookie {
            response.headers.append(EngineHeader("Set-Cookie", cookie.headerValue(sid: session.id)))
        }
        start(session)
        return response
    }

    /// Opens a WebSocket-only session on `eventLoop` carried by `socket`, and sends the open
    /// packet on it. Call on `eventLoop`.
    @discardableResult
    public func openWebSocketSession(for request: EngineRequest, socket: any EngineWebSocket, on eventLoop: any EventLoop) -> EngineSession {
        let session = makeSession(for: request, transport: .websocket, on: eventLoop)
        session.attachWebSocket(socket)
        _ = socket.write(openFrame(sid: session.id, transport: .websocket), backlogLimit: .max)
        start(session)
        return session
    }

    /// Closes every session with reason `server shutting down`.
    public func closeAllSessions() {
        let all = sessions.withLock { Array($0.values) }
        for session in all { session.close(reason: .serverShuttingDown) }
    }

    private func makeSession(for request: EngineRequest, transport: EngineTransportKind, on eventLoop: any EventLoop) -> EngineSession {
        var id = options.generateId(request)
        while session(id: id) != nil { id = EngineSessionID.generate() }
        let session = EngineSession(id: id, handshake: request, transport: transport, eventLoop: eventLoop,
                                    options: options, observers: observers, traffic: traffic, logger: logger) { [weak self] id in
            self?.sessions.withLock { _ = $0.removeValue(forKey: id) }
        }
        sessions.withLock { $0[id] = session }
        logger.debug("session opened", metadata: ["sid": "\(id)", "transport": "\(transport)"])
        return session
    }

    private func start(_ session: EngineSession) {
        observers.notify { $0.sessionOpened(session) }
        onConnection(session)
        session.startHeartbeat()
    }

    private func openFrame(sid: String, transport: EngineTransportKind) -> EngineFrame {
        let upgrades = transport == .polling && options.allowUpgrades && options.transports.contains(.websocket)
            ? #"["websocket"]"# : "[]"
        var json = ByteBuffer()
        json.writeString(#"{"sid":"#)
        JSONString.write(sid, into: &json)
        json.writeString(#","upgrades":\#(upgrades),"pingInterval":\#(options.pingInterval.nanoseconds / 1_000_000)"#)
        json.writeString(#","pingTimeout":\#(options.pingTimeout.nanoseconds / 1_000_000),"maxPayload":\#(options.maxHttpBufferSize)}"#)
        return EnginePacket(.open, .text(json.readString(length: json.readableBytes) ?? "")).frame
    }

    /// Header characters the reference server accepts in `Origin`: tab, 0x20–0x7E, 0x80–0xFF.
    private static func isValidHeaderValue(_ value: String) -> Bool {
        value.utf8.allSatisfy { $0 == 0x09 || (0x20...0x7E).contains($0) || $0 >= 0x80 }
    }
}

import EngineIO
import Logging
import NIOCore
import NIOPosix
import SocketIOProtocol
import Synchronization

/// One connection to a Socket.IO server, shared by the sockets of every namespace on it (the
/// official client's `Manager`): opens the Engine.IO session, decodes its packets, reconnects
/// with backoff after a loss and reconnects its sockets.
///
/// All state lives on one event loop; every public method may be called from any thread.
public final class SocketManager: @unchecked Sendable {  // state confined to `eventLoop`
    /// The server.
    public let url: ServerURL
    /// The options in force.
    public let options: SocketIOClientOptions
    /// The loop this connection runs on.
    public let eventLoop: any EventLoop
    let logger: Logger
    /// `options.localAddress`, parsed.
    private let localAddress: SocketAddress?

    private var engine: EngineClient?
    private var decoder = SocketIOPacketDecoder()
    /// Sockets are held weakly (a socket keeps its manager alive, not the other way round).
    private let registry = Mutex<(sockets: [String: WeakSocket], listeners: ListenerRegistry<@Sendable (ManagerEvent) -> Void>)>(([:], ListenerRegistry()))
    private var backoff: ReconnectionBackoff
    private var reconnectTimer: Scheduled<Void>?
    private var isReconnecting = false
    private var closedByApp = true

    /// What happens to the connection.
    public enum ManagerEvent: Sendable {
        /// The Engine.IO session opened.
        case open
        /// Opening the connection failed, with the reason (the first opening; a failed
        /// reconnection attempt reports `reconnectError`). Reconnection follows when enabled.
        case error(String)
        /// The open session was lost, with the reason (`ping timeout`, `transport close`, …).
        /// Reconnection follows when enabled.
        case close(reason: String)
        /// Reconnection attempt number `n` (from 1) starts.
        case reconnectAttempt(Int)
        /// Reconnected after `n` attempts.
        case reconnect(Int)
        /// A reconnection attempt failed, with the reason.
        case reconnectError(String)
        /// The manager gave up: `reconnectionAttempts` attempts failed.
        case reconnectFailed
        /// The session moved to another transport.
        case upgrade(EngineTransportKind)
    }

    /// A manager for `url` (`http://`, `ws://`; `https://`/`wss://` throw: TLS is not built in).
    /// Throws `invalidLocalAddress` when `options.localAddress` is not an IP address.
    public init(url: String, options: SocketIOClientOptions = SocketIOClientOptions(),
                eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                logger: Logger = Logger(label: "SocketIOClient")) throws(SocketIOClientError) {
        let url = try ServerURL(url)
        guard !url.isSecure else { throw .tlsNotAvailable }
        if let localAddress = options.localAddress {
            do {
                self.localAddress = try SocketAddress(ipAddress: localAddress, port: 0)
            } catch {
                throw .invalidLocalAddress(localAddress)
            }
        } else {
            self.localAddress = nil
        }
        self.url = url
        self.options = options
        self.eventLoop = eventLoopGroup.next()
        self.logger = logger
        self.backoff = ReconnectionBackoff(delay: options.reconnectionDelay, maxDelay: options.reconnectionDelayMax,
                                           randomizationFactor: options.randomizationFactor)
    }

    /// The socket of `namespace` on this connection (one per namespace), connecting with `auth`.
    /// Without a namespace, the one the URL's path names (`http://host:3000/admin` → `/admin`),
    /// `/` when it names none. A second call for a namespace returns the same socket (its `auth`
    /// stays the first one).
    public func socket(_ namespace: String? = nil, auth: SocketIOObject = [:]) -> ClientSocket {
        let namespace = namespace ?? url.namespace
        let name = namespace.hasPrefix("/") ? namespace : "/" + namespace
        return registry.withLock { registry in
            if let existing = registry.sockets[name]?.socket { return existing }
            let socket = ClientSocket(manager: self, namespace: name, auth: auth)
            registry.sockets[name] = WeakSocket(socket: socket)
            return socket
        }
    }

    /// Calls `handler` with connection-level events, on the manager's loop.
    @discardableResult
    public func on(_ handler: @escaping @Sendable (ManagerEvent) -> Void) -> ListenerToken {
        registry.withLock { $0.listeners.add("", handler) }
    }

    /// The transport in use, if connected.
    public var transport: EngineTransportKind? {
        get async { try? await eventLoop.submit { self.engine?.transportKind }.get() ?? nil }
    }

    // MARK: connection (on the loop)

    /// Opens the connection if it is not open or opening.
    func openIfNeeded() {
        eventLoop.preconditionInEventLoop()
        closedByApp = false
        guard engine == nil, !isReconnecting else { return }
        startEngine()
    }

    private func startEngine() {
        var headers = options.extraHeaders.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        if !headers.contains(where: { $0.0.lowercased() == "user-agent" }) {
            headers.append(("User-Agent", "swift-socket-io-client"))
        }
        let path = options.path.hasSuffix("/") ? options.path : options.path + "/"
        let configuration = EngineClient.Configuration(
            endpoint: EngineClientEndpoint(url: url, path: path, query: options.query, extraHeaders: headers,
                                           localAddress: localAddress),
            transports: options.transports.isEmpty ? [.polling, .websocket] : options.transports,
            upgrade: options.upgrade, connectTimeout: options.timeout, maxFrameSize: options.maxPayload)
        let engine = EngineClient(configuration: configuration, eventLoop: eventLoop)
        decoder = SocketIOPacketDecoder()
        engine.onOpen = { [self] _ in opened() }
        engine.onMessage = { [self] packet in received(packet) }
        engine.onClose = { [self] reason in lost(reason) }
        engine.onUpgrade = { [self] kind in emit(.upgrade(kind)) }
        self.engine = engine
        engine.open()
    }

    private func opened() {
        let attempts = backoff.attempts
        let wasReconnecting = isReconnecting
        isReconnecting = false
        backoff.reset()
        emit(.open)
        if wasReconnecting { emit(.reconnect(attempts)) }
        for socket in sockets { socket.engineOpened() }
    }

    private func received(_ packet: EnginePacket) {
        let decoded: SocketIOPacket?
        do {
            decoded = try decoder.decode(packet)
        } catch {
            logger.warning("undecodable packet from the server; closing", metadata: ["error": "\(error)"])
            engine?.close()
            lost("parse error")
            return
        }
        guard let decoded else { return }
        registry.withLock { $0.sockets[decoded.namespace]?.socket }?.received(decoded)
    }

    private func lost(_ reason: String) {
        let wasOpen = engine?.sid != nil
        engine = nil
        if wasOpen {
            emit(.close(reason: reason))
            for socket in sockets { socket.engineClosed(reason: Self.clientReason(reason)) }
        } else {
            emit(isReconnecting ? .reconnectError(reason) : .error(reason))
            for socket in sockets { socket.openFailed(reason: reason) }
        }
        reconnectOrGiveUp(after: reason)
    }

    /// The client-side reason for an Engine.IO loss.
    private static func clientReason(_ reason: String) -> String {
        switch reason {
        case "ping timeout", "transport close", "parse error": reason
        default: "transport error"
        }
    }

    /// Schedules the next attempt, or gives up (reconnection off, or `reconnectionAttempts`
    /// reached): then the sockets still waiting to connect fail.
    private func reconnectOrGiveUp(after reason: String) {
        guard !closedByApp else { return }
        guard options.reconnection, backoff.attempts < options.reconnectionAttempts else {
            isReconnecting = false
            backoff.reset()
            if options.reconnection { emit(.reconnectFailed) }
            for socket in sockets { socket.connectionAbandoned(reason: reason) }
            return
        }
        isReconnecting = true
        let delay = backoff.nextDelay()
        let attempt = backoff.attempts
        logger.debug("reconnecting", metadata: ["attempt": "\(attempt)", "delay_ms": "\(delay.nanoseconds / 1_000_000)"])
        reconnectTimer = eventLoop.scheduleTask(in: delay) { [self] in
            reconnectTimer = nil
            guard !closedByApp else { return }
            emit(.reconnectAttempt(attempt))
            startEngine()
        }
    }

    /// Sends a packet on the open session (dropped when there is none).
    func send(_ packet: SocketIOPacket) {
        engine?.send(SocketIOPacketEncoder.encode(packet))
    }

    /// Whether the Engine.IO session is open.
    var isOpen: Bool { engine?.sid != nil }

    /// A socket left its namespace; the connection closes when no socket remains active.
    func socketLeft() {
        guard sockets.allSatisfy({ !$0.isActive }) else { return }
        closeConnection()
    }

    /// Closes the connection for good (no reconnection) and disconnects every socket.
    public func disconnect() {
        onLoop { manager in
            for socket in manager.sockets where socket.isActive { socket.disconnectLocally() }
            manager.closeConnection()
        }
    }

    private func closeConnection() {
        closedByApp = true
        isReconnecting = false
        reconnectTimer?.cancel()
        reconnectTimer = nil
        engine?.close()
        engine = nil
        backoff.reset()
    }

    private var sockets: [ClientSocket] { registry.withLock { $0.sockets.values.compactMap(\.socket) } }

    private func emit(_ event: ManagerEvent) {
        for handler in registry.withLock({ $0.listeners.handlers("") }) { handler(event) }
    }

    // MARK: threading

    func onLoop(_ work: @escaping @Sendable (SocketManager) -> Void) {
        if eventLoop.inEventLoop { work(self) } else { eventLoop.execute { work(self) } }
    }
}

/// A manager's reference to one of its sockets.
private struct WeakSocket {
    weak var socket: ClientSocket?
}

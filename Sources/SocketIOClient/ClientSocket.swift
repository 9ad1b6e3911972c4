import EngineIO
import NIOCore
import SocketIOProtocol
import Synchronization

/// A client's socket in one namespace (the official client's `Socket`).
///
/// `connect()` joins the namespace and returns once the server accepted (or throws its
/// `connect_error`). Emits made while disconnected are buffered and sent after the next connect,
/// except volatile ones. After a lost connection the manager reconnects and the socket rejoins,
/// recovering its session when the server supports it (`recovered`). Events that arrive before
/// the server's CONNECT reply (a recovered session's missed events do) are delivered right after it.
///
/// Every method may be called from any thread; events are delivered on the manager's loop.
public final class ClientSocket: @unchecked Sendable {  // mutable state confined to the manager's loop
    /// The namespace.
    public let namespace: String
    /// The connection this socket lives on.
    public let manager: SocketManager
    private let auth: SocketIOObject

    private struct Snapshot {
        var id: String?
        var connected = false
        var recovered = false
    }

    private struct Listeners {
        var events = ListenerRegistry<@Sendable (SocketEvent) -> Void>()
        var any = ListenerRegistry<@Sendable (SocketEvent) -> Void>()
        var outgoing = ListenerRegistry<@Sendable (String, [SocketIOValue]) -> Void>()
        var streams: [UInt64: AsyncStream<ClientSocketEvent>.Continuation] = [:]
        var nextStreamID: UInt64 = 0
    }

    private struct PendingAck {
        let handler: @Sendable (Result<[SocketIOValue], SocketIOClientError>) -> Void
        let timer: Scheduled<Void>?
        var sent: Bool
    }

    /// Callers of `connect()` waiting for the outcome, by id (so a cancelled one can leave).
    private struct ConnectWaiters {
        var nextID: UInt64 = 0
        var pending: [UInt64: CheckedContinuation<Void, any Error>] = [:]
    }

    private let snapshot = Mutex(Snapshot())
    private let listeners = Mutex(Listeners())
    private let connectWaiters = Mutex(ConnectWaiters())

    // Loop-confined:
    private(set) var isActive = false
    private var isConnected = false
    /// Counts the connections to the namespace; an ACK answers only on the connection its event came on.
    private var connectionNumber = 0
    private var pid: String?
    private var lastOffset: String?
    /// Emits waiting for the next connection.
    private var buffered: [SocketIOPacket] = []
    /// Events received before the CONNECT reply.
    private var receivedEarly: [SocketIOPacket] = []
    private var nextAckID: UInt64 = 0
    private var acks: [UInt64: PendingAck] = [:]

    init(manager: SocketManager, namespace: String, auth: SocketIOObject) {
        self.manager = manager
        self.namespace = namespace
        self.auth = auth
    }

    deinit {
        for continuation in listeners.withLock({ Array($0.streams.values) }) { continuation.finish() }
    }

    /// The socket id given by the server, while connected.
    public var id: String? { snapshot.withLock { $0.id } }
    /// Whether the socket is connected to its namespace.
    public var connected: Bool { snapshot.withLock { $0.connected } }
    /// Whether the last connection restored the previous session (connection state recovery).
    public var recovered: Bool { snapshot.withLock { $0.recovered } }

    // MARK: connecting

    /// Connects to the namespace, opening the connection if needed. Returns once the server
    /// accepted. Throws `SocketIOClientError.connectError` when the server refused,
    /// `.connectionFailed` when the manager gave up opening the connection (reconnection off, or
    /// `reconnectionAttempts` failed), `.disconnected` when `disconnect()` was called meanwhile.
    ///
    /// While the manager retries, this keeps waiting. Cancelling the calling task ends the wait
    /// with `CancellationError` but not the attempts: call `disconnect()` for that.
    public func connect() async throws {
        let id = connectWaiters.withLock { waiters in
            defer { waiters.nextID += 1 }
            return waiters.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                connectWaiters.withLock { $0.pending[id] = continuation }
                guard !Task.isCancelled else {
                    resumeConnectWaiter(id, with: .failure(CancellationError()))
                    return
                }
                manager.onLoop { [self] manager in
                    guard !isConnected else {
                        resumeConnectWaiters(with: .success(()))
                        return
                    }
                    if !isActive {
                        isActive = true
                        if manager.isOpen { sendConnect() }
                    }
                    manager.openIfNeeded()
                }
            }
        } onCancel: {
            resumeConnectWaiter(id, with: .failure(CancellationError()))
        }
    }

    /// Leaves the namespace (`io client disconnect`); the connection closes when no socket is left.
    public func disconnect() {
        manager.onLoop { [self] manager in
            guard isActive else { return }
            disconnectLocally()
            manager.socketLeft()
        }
    }

    func disconnectLocally() {
        if isConnected { manager.send(.disconnect(namespace: namespace)) }
        isActive = false
        buffered.removeAll()
        becameDisconnected(reason: "io client disconnect", failAllAcks: true)
    }

    func engineOpened() {
        if isActive { sendConnect() }
    }

    func engineClosed(reason: String) {
        becameDisconnected(reason: reason, failAllAcks: false)
    }

    /// An attempt to open the connection failed (the official client's `connect_error` on a
    /// manager `error`).
    func openFailed(reason: String) {
        if isActive, !isConnected { publish(.connectError(.connectionFailed(reason))) }
    }

    /// The manager stopped trying to open the connection.
    func connectionAbandoned(reason: String) {
        if !isConnected { resumeConnectWaiters(with: .failure(SocketIOClientError.connectionFailed(reason))) }
    }

    private func sendConnect() {
        var payload = SocketIOObject()
        if let pid, let lastOffset {
            payload["pid"] = .string(pid)
            payload["offset"] = .string(lastOffset)
        }
        for (key, value) in auth.members { payload[key] = value }
        manager.send(.connect(namespace: namespace, data: payload.count == 0 ? nil : .object(payload)))
    }

    private func becameDisconnected(reason: String, failAllAcks: Bool) {
        let wasConnected = isConnected
        isConnected = false
        receivedEarly.removeAll()
        snapshot.withLock {
            $0.connected = false
            $0.id = nil
        }
        for (id, ack) in acks where failAllAcks || ack.sent {
            ack.timer?.cancel()
            acks[id] = nil
            ack.handler(.failure(.disconnected))
        }
        if wasConnected { publish(.disconnect(reason: reason)) }
        if !isActive { resumeConnectWaiters(with: .failure(SocketIOClientError.disconnected)) }
    }

    private func resumeConnectWaiters(with result: Result<Void, any Error>) {
        let waiters = connectWaiters.withLock { waiters in
            defer { waiters.pending.removeAll() }
            return waiters.pending.values
        }
        for waiter in waiters { waiter.resume(with: result) }
    }

    private func resumeConnectWaiter(_ id: UInt64, with result: Result<Void, any Error>) {
        connectWaiters.withLock { $0.pending.removeValue(forKey: id) }?.resume(with: result)
    }

    // MARK: packets from the server (on the loop)

    func received(_ packet: SocketIOPacket) {
        switch packet.kind {
        case .connect:
            guard case .object(let reply)? = packet.data, case .string(let id)? = reply["sid"] else { return }
            guard isActive else {
                // `disconnect()` was called while the CONNECT was on its way: leave again.
                manager.send(.disconnect(namespace: namespace))
                return
            }
            var newPid: String?
            if case .string(let value)? = reply["pid"] { newPid = value }
            let recovered = newPid != nil && newPid == pid
            pid = newPid
            if !recovered { lastOffset = nil }
            isConnected = true
            connectionNumber += 1
            snapshot.withLock { $0 = Snapshot(id: id, connected: true, recovered: recovered) }
            resumeConnectWaiters(with: .success(()))
            publish(.connect(id: id, recovered: recovered))
            let early = receivedEarly
            receivedEarly.removeAll()
            for packet in early { deliver(packet) }
            let queued = buffered
            buffered.removeAll()
            for packet in queued { write(packet) }
        case .connectError:
            var message = "connect_error"
            var data: SocketIOValue?
            if case .object(let error)? = packet.data {
                if case .string(let text)? = error["message"] { message = text }
                data = error["data"]
            } else if case .string(let text)? = packet.data {
                message = text
            }
            isActive = false
            let error = SocketIOClientError.connectError(message: message, data: data)
            resumeConnectWaiters(with: .failure(error))
            publish(.connectError(error))
            manager.socketLeft()
        case .event, .binaryEvent:
            if isConnected {
                deliver(packet)
            } else if isActive {
                receivedEarly.append(packet)
            }
        case .ack, .binaryAck:
            guard let ackID = packet.ackID, let pending = acks.removeValue(forKey: ackID) else { return }
            pending.timer?.cancel()
            if case .array(let arguments)? = packet.data {
                pending.handler(.success(arguments))
            } else {
                pending.handler(.success([]))
            }
        case .disconnect:
            isActive = false
            buffered.removeAll()
            becameDisconnected(reason: "io server disconnect", failAllAcks: true)
            manager.socketLeft()
        }
    }

    private func deliver(_ packet: SocketIOPacket) {
        guard case .array(let values)? = packet.data, let first = values.first else { return }
        let name: String
        switch first {
        case .string(let text): name = text
        case .number(let number): name = number == number.rounded() ? String(Int64(number)) : String(number)
        default: return
        }
        let arguments = Array(values.dropFirst())
        if pid != nil, case .string(let offset)? = arguments.last { lastOffset = offset }
        let connection = connectionNumber
        let ack = packet.ackID.map { ackID in
            SocketAck { [self] arguments in
                manager.onLoop { [self] manager in
                    // The server forgets the ids of a connection that ended.
                    guard isConnected, connectionNumber == connection else { return }
                    manager.send(.ack(arguments, namespace: namespace, ackID: ackID))
                }
            }
        }
        let event = SocketEvent(name: name, arguments: arguments, ack: ack)
        let (any, handlers) = listeners.withLock { ($0.any.handlers(""), $0.events.take(name)) }
        for handler in any { handler(event) }
        for handler in handlers { handler(event) }
        publish(.event(event))
    }

    // MARK: emitting

    /// Sends `event` with `arguments` (buffered while disconnected). Throws for reserved names.
    public func emit(_ event: String, _ arguments: SocketIOValue...) throws(SocketIOClientError) {
        try emit(event, arguments: arguments)
    }

    /// Sends `event` with an array of arguments (buffered while disconnected).
    public func emit(_ event: String, arguments: [SocketIOValue], volatile: Bool = false) throws(SocketIOClientError) {
        try Self.checkEmittable(event)
        let packet = SocketIOPacket.event(event, arguments, namespace: namespace)
        manager.onLoop { [self] _ in send(packet, volatile: volatile) }
    }

    /// Sends `event` with one `Encodable` value as its argument.
    public func emit(_ event: String, encoding value: some Encodable) throws {
        try emit(event, arguments: [try SocketIOValueEncoder().encode(value)])
    }

    /// Sends `event` asking for an acknowledgement; `completion` gets the server's answer, or
    /// an error at `timeout` (default `options.ackTimeout`) or when the socket disconnects.
    public func emit(_ event: String, arguments: [SocketIOValue], timeout: TimeAmount? = nil,
                     completion: @escaping @Sendable (Result<[SocketIOValue], SocketIOClientError>) -> Void) throws(SocketIOClientError) {
        try Self.checkEmittable(event)
        let timeout = timeout ?? manager.options.ackTimeout
        manager.onLoop { [self] manager in
            let ackID = nextAckID
            nextAckID += 1
            let timer = timeout.map { timeout in
                manager.eventLoop.scheduleTask(in: timeout) { [self] in
                    guard let pending = acks.removeValue(forKey: ackID) else { return }
                    buffered.removeAll { $0.ackID == ackID }
                    pending.handler(.failure(.ackTimeout))
                }
            }
            acks[ackID] = PendingAck(handler: completion, timer: timer, sent: isConnected)
            send(.event(event, arguments, namespace: namespace, ackID: ackID), volatile: false)
        }
    }

    /// Sends `event` and waits for the server's acknowledgement arguments. Throws
    /// `SocketIOClientError.ackTimeout` at `timeout` (default `options.ackTimeout`; without one
    /// it waits until the socket disconnects), `.disconnected` when it does first.
    public func emitWithAck(_ event: String, _ arguments: SocketIOValue..., timeout: TimeAmount? = nil) async throws -> [SocketIOValue] {
        try await emitWithAck(event, arguments: arguments, timeout: timeout)
    }

    /// `emitWithAck` with an array of arguments.
    public func emitWithAck(_ event: String, arguments: [SocketIOValue], timeout: TimeAmount? = nil) async throws -> [SocketIOValue] {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[SocketIOValue], any Error>) in
            do {
                try emit(event, arguments: arguments, timeout: timeout) { continuation.resume(with: $0.mapError { $0 as any Error }) }
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }

    /// `emit("message", …)`.
    public func send(_ arguments: SocketIOValue...) {
        try? emit("message", arguments: arguments)
    }

    private func send(_ packet: SocketIOPacket, volatile: Bool) {
        guard isConnected else {
            if !volatile { buffered.append(packet) }
            return
        }
        write(packet)
    }

    private func write(_ packet: SocketIOPacket) {
        if let ackID = packet.ackID { acks[ackID]?.sent = true }
        if case .array(let values)? = packet.data, case .string(let name)? = values.first {
            let arguments = Array(values.dropFirst())
            for handler in listeners.withLock({ $0.outgoing.handlers("") }) { handler(name, arguments) }
        }
        manager.send(packet)
    }

    private static func checkEmittable(_ event: String) throws(SocketIOClientError) {
        if SocketIOPacket.reservedEventNames.contains(event) { throw .reservedEventName(event) }
    }

    // MARK: listening

    /// Calls `handler` with every `event` from the server, on the manager's loop.
    @discardableResult
    public func on(_ event: String, _ handler: @escaping @Sendable (SocketEvent) -> Void) -> ListenerToken {
        listeners.withLock { $0.events.add(event, handler) }
    }

    /// Calls `handler` with the next `event` only.
    @discardableResult
    public func once(_ event: String, _ handler: @escaping @Sendable (SocketEvent) -> Void) -> ListenerToken {
        listeners.withLock { $0.events.add(event, once: true, handler) }
    }

    /// Removes one listener of `event`, or all of them when `token` is `nil`.
    public func off(_ event: String, _ token: ListenerToken? = nil) {
        listeners.withLock { $0.events.remove(event, token: token) }
    }

    /// Calls `handler` with every event from the server, before the event's own listeners.
    @discardableResult
    public func onAny(_ handler: @escaping @Sendable (SocketEvent) -> Void) -> ListenerToken {
        listeners.withLock { $0.any.add("", handler) }
    }

    /// Removes one catch-all listener, or all of them when `token` is `nil`.
    public func offAny(_ token: ListenerToken? = nil) {
        listeners.withLock { $0.any.remove("", token: token) }
    }

    /// Calls `handler` with every event this socket sends.
    @discardableResult
    public func onAnyOutgoing(_ handler: @escaping @Sendable (_ event: String, _ arguments: [SocketIOValue]) -> Void) -> ListenerToken {
        listeners.withLock { $0.outgoing.add("", handler) }
    }

    /// Removes one outgoing listener, or all of them when `token` is `nil`.
    public func offAnyOutgoing(_ token: ListenerToken? = nil) {
        listeners.withLock { $0.outgoing.remove("", token: token) }
    }

    /// Everything that happens to this socket, as an async sequence: connects, refusals,
    /// disconnects and events. Each call makes a new subscription; up to `bufferSize` elements
    /// wait for a slow consumer (the oldest are dropped beyond).
    public func events(bufferSize: Int = 1024) -> AsyncStream<ClientSocketEvent> {
        let (stream, continuation) = AsyncStream<ClientSocketEvent>.makeStream(bufferingPolicy: .bufferingNewest(bufferSize))
        let id = listeners.withLock { listeners in
            listeners.nextStreamID += 1
            listeners.streams[listeners.nextStreamID] = continuation
            return listeners.nextStreamID
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.listeners.withLock { $0.streams.removeValue(forKey: id) }
        }
        return stream
    }

    private func publish(_ event: ClientSocketEvent) {
        for continuation in listeners.withLock({ Array($0.streams.values) }) { continuation.yield(event) }
    }
}

/// What happens to a client socket (`ClientSocket.events()`).
public enum ClientSocketEvent: Sendable {
    /// Connected to the namespace (again, after a reconnection); `recovered` when the server
    /// restored the previous session.
    case connect(id: String, recovered: Bool)
    /// The namespace connection failed: the server refused it (`connectError(message:data:)`),
    /// or an attempt to open the connection failed (`connectionFailed`, once per attempt).
    case connectError(SocketIOClientError)
    /// Disconnected, with the client-side reason (`io server disconnect`, `io client disconnect`,
    /// `transport close`, `transport error`, `ping timeout`, `parse error`).
    case disconnect(reason: String)
    /// An event from the server.
    case event(SocketEvent)
}

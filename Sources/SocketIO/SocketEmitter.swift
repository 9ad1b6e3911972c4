import NIOCore
import SocketIOProtocol

/// Emits to one socket with per-emit flags: `socket.volatile.emit(…)`,
/// `socket.timeout(.seconds(5)).emitWithAck(…)`. Flags apply to the emits made through this value.
public struct SocketEmitter: Sendable {
    let socket: Socket
    var flags = BroadcastFlags()

    /// Drops the packet if the client cannot take it right now.
    public var volatile: SocketEmitter {
        var copy = self
        copy.flags.volatile = true
        return copy
    }

    /// Fails the acknowledgement with `SocketIOError.ackTimeout` after `timeout`.
    public func timeout(_ timeout: TimeAmount) -> SocketEmitter {
        var copy = self
        copy.flags.timeout = timeout
        return copy
    }

    /// Sets the compression flag (kept for API parity; packets are not compressed).
    public func compress(_ compress: Bool) -> SocketEmitter {
        var copy = self
        copy.flags.compress = compress
        return copy
    }

    /// Sends `event` with `arguments`. Throws for a reserved event name.
    public func emit(_ event: String, _ arguments: SocketIOValue...) throws(SocketIOError) {
        try emit(event, arguments: arguments)
    }

    /// Sends `event` with an array of arguments. Throws for a reserved event name.
    public func emit(_ event: String, arguments: [SocketIOValue]) throws(SocketIOError) {
        try SocketIOError.checkEmittable(event)
        socket.send(.event(event, arguments, namespace: socket.namespace.name), volatile: flags.volatile)
    }

    /// Sends `event` with one `Encodable` value as its argument.
    public func emit(_ event: String, encoding value: some Encodable) throws {
        try emit(event, arguments: [try SocketIOValueEncoder().encode(value)])
    }

    /// Sends `event` asking for an acknowledgement; `completion` gets the client's answer, or an
    /// error on timeout (when a timeout is set) or disconnection.
    public func emit(_ event: String, arguments: [SocketIOValue],
                     completion: @escaping @Sendable (Result<[SocketIOValue], SocketIOError>) -> Void) throws(SocketIOError) {
        try SocketIOError.checkEmittable(event)
        let ackID = socket.namespace.nextAckID()
        socket.expectAck(ackID, timeout: flags.timeout, completion)
        socket.send(.event(event, arguments, namespace: socket.namespace.name, ackID: ackID), volatile: flags.volatile)
    }

    /// Sends `event` and waits for the client's acknowledgement arguments. Throws
    /// `SocketIOError.ackTimeout` after the timeout (if one is set) and `.disconnected` when the
    /// socket leaves first.
    public func emitWithAck(_ event: String, _ arguments: SocketIOValue...) async throws(SocketIOError) -> [SocketIOValue] {
        try await emitWithAck(event, arguments: arguments)
    }

    /// `emitWithAck` with an array of arguments.
    public func emitWithAck(_ event: String, arguments: [SocketIOValue]) async throws(SocketIOError) -> [SocketIOValue] {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<[SocketIOValue], SocketIOError>, Never>) in
            do throws(SocketIOError) {
                try emit(event, arguments: arguments) { continuation.resume(returning: $0) }
            } catch {
                continuation.resume(returning: .failure(error))
            }
        }
        return try result.get()
    }
}

extension Socket {
    /// This socket's emitter without flags.
    var emitter: SocketEmitter { SocketEmitter(socket: self) }

    /// Drops the next packet if the client cannot take it right now.
    public var volatile: SocketEmitter { emitter.volatile }

    /// Fails acknowledgements after `timeout`.
    public func timeout(_ timeout: TimeAmount) -> SocketEmitter { emitter.timeout(timeout) }

    /// Sets the compression flag (kept for API parity).
    public func compress(_ compress: Bool) -> SocketEmitter { emitter.compress(compress) }

    /// Sends `event` with `arguments`. Throws for a reserved event name.
    public func emit(_ event: String, _ arguments: SocketIOValue...) throws(SocketIOError) {
        try emitter.emit(event, arguments: arguments)
    }

    /// Sends `event` with an array of arguments. Throws for a reserved event name.
    public func emit(_ event: String, arguments: [SocketIOValue]) throws(SocketIOError) {
        try emitter.emit(event, arguments: arguments)
    }

    /// Sends `event` with one `Encodable` value as its argument.
    public func emit(_ event: String, encoding value: some Encodable) throws {
        try emitter.emit(event, encoding: value)
    }

    /// Sends `event` asking for an acknowledgement (see `SocketEmitter.emit(_:arguments:completion:)`).
    public func emit(_ event: String, arguments: [SocketIOValue],
                     completion: @escaping @Sendable (Result<[SocketIOValue], SocketIOError>) -> Void) throws(SocketIOError) {
        try emitter.emit(event, arguments: arguments, completion: completion)
    }

    /// Sends `event` and waits for the client's acknowledgement (no timeout: see `timeout(_:)`).
    public func emitWithAck(_ event: String, _ arguments: SocketIOValue...) async throws(SocketIOError) -> [SocketIOValue] {
        try await emitter.emitWithAck(event, arguments: arguments)
    }

    /// `emit("message", …)`, as Node's `send`.
    public func send(_ arguments: SocketIOValue...) {
        try? emitter.emit("message", arguments: arguments)
    }

    /// Writes an event to the client: through the adapter when recovery records it, directly
    /// otherwise. Dropped once the socket has disconnected.
    func send(_ packet: SocketIOPacket, volatile: Bool) {
        guard connected else { return }
        if namespace.server.options.connectionStateRecovery != nil, packet.ackID == nil, !volatile {
            var local = BroadcastFlags()
            local.local = true
            namespace.adapter.broadcast(packet, options: BroadcastOptions(rooms: [id], flags: local))
            return
        }
        notifyOutgoing(packet)
        namespace.server.observers.notify { $0.eventSent(packet, to: [self]) }
        write(packet, volatile: volatile)
    }

    /// Registers the handler of acknowledgement `ackID`, failing it after `timeout` if given.
    func expectAck(_ ackID: UInt64, timeout: TimeAmount? = nil,
                   _ handler: @escaping @Sendable (Result<[SocketIOValue], SocketIOError>) -> Void) {
        let timer = timeout.map { timeout in
            engine.eventLoop.scheduleTask(in: timeout) { [weak self] in
                guard let pending = self?.state.withLock({ $0.acks.removeValue(forKey: ackID) }) else { return }
                pending.handler(.failure(.ackTimeout(responses: [])))
            }
        }
        state.withLock { $0.acks[ackID] = PendingAck(handler: handler, timer: timer) }
    }

    /// Registers a broadcast acknowledgement: only a successful answer is reported.
    func expectAck(_ ackID: UInt64, _ handler: @escaping @Sendable ([SocketIOValue]) -> Void) {
        expectAck(ackID, timeout: nil) { result in
            if case .success(let arguments) = result { handler(arguments) }
        }
    }

    /// Forgets acknowledgement `ackID` (a broadcast that timed out).
    func forgetAck(_ ackID: UInt64) {
        state.withLock { _ = $0.acks.removeValue(forKey: ackID) }
    }
}

import SocketIOProtocol

extension Socket {
    // MARK: listeners

    /// Calls `handler` with every `event` the client sends.
    @discardableResult
    public func on(_ event: String, _ handler: @escaping @Sendable (SocketEvent) -> Void) -> ListenerToken {
        state.withLock { $0.listeners.add(event, handler) }
    }

    /// Calls `handler` with the next `event` only.
    @discardableResult
    public func once(_ event: String, _ handler: @escaping @Sendable (SocketEvent) -> Void) -> ListenerToken {
        state.withLock { $0.listeners.add(event, once: true, handler) }
    }

    /// Removes one listener of `event`, or all of them when `token` is `nil`.
    public func off(_ event: String, _ token: ListenerToken? = nil) {
        state.withLock { $0.listeners.remove(event, token: token) }
    }

    /// Calls `handler` with every incoming event, before the event's own listeners and before
    /// socket middleware.
    @discardableResult
    public func onAny(_ handler: @escaping @Sendable (SocketEvent) -> Void) -> ListenerToken {
        state.withLock { $0.anyListeners.add("", handler) }
    }

    /// Like `onAny`, called before the listeners already registered.
    @discardableResult
    public func prependAny(_ handler: @escaping @Sendable (SocketEvent) -> Void) -> ListenerToken {
        state.withLock { $0.anyListeners.add("", prepend: true, handler) }
    }

    /// Removes one catch-all listener, or all of them when `token` is `nil`.
    public func offAny(_ token: ListenerToken? = nil) {
        state.withLock { $0.anyListeners.remove("", token: token) }
    }

    /// Calls `handler` with every event sent to this socket (emits and broadcasts), not acks.
    @discardableResult
    public func onAnyOutgoing(_ handler: @escaping @Sendable (_ event: String, _ arguments: [SocketIOValue]) -> Void) -> ListenerToken {
        addOutgoing(handler, prepend: false)
    }

    /// Like `onAnyOutgoing`, called before the listeners already registered.
    @discardableResult
    public func prependAnyOutgoing(_ handler: @escaping @Sendable (_ event: String, _ arguments: [SocketIOValue]) -> Void) -> ListenerToken {
        addOutgoing(handler, prepend: true)
    }

    private func addOutgoing(_ handler: @escaping @Sendable (String, [SocketIOValue]) -> Void, prepend: Bool) -> ListenerToken {
        let token = state.withLock { $0.outgoingListeners.add("", prepend: prepend, handler) }
        hasOutgoingListeners.store(true, ordering: .releasing)
        return token
    }

    /// Removes one outgoing listener, or all of them when `token` is `nil`.
    public func offAnyOutgoing(_ token: ListenerToken? = nil) {
        let empty = state.withLock { state in
            state.outgoingListeners.remove("", token: token)
            return !state.outgoingListeners.contains("")
        }
        if empty { hasOutgoingListeners.store(false, ordering: .releasing) }
    }

    /// Adds a socket middleware: it sees every incoming event before its listeners; throwing
    /// drops the event and reports the error to `onError` listeners (nothing is sent to the client).
    public func use(_ middleware: @escaping @Sendable (SocketEvent) async throws -> Void) {
        state.withLock { $0.middlewares.append(middleware) }
    }

    /// Calls `handler` when the socket is about to disconnect; its rooms are still readable.
    @discardableResult
    public func onDisconnecting(_ handler: @escaping @Sendable (DisconnectReason) -> Void) -> ListenerToken {
        state.withLock { $0.lifecycleListeners.add("disconnecting", handler) }
    }

    /// Calls `handler` once the socket has disconnected (it has left every room).
    @discardableResult
    public func onDisconnect(_ handler: @escaping @Sendable (DisconnectReason) -> Void) -> ListenerToken {
        state.withLock { $0.lifecycleListeners.add("disconnect", handler) }
    }

    /// Calls `handler` with errors: a socket middleware's, or the protocol error that is about
    /// to close the connection.
    @discardableResult
    public func onError(_ handler: @escaping @Sendable (any Error) -> Void) -> ListenerToken {
        state.withLock { $0.errorListeners.add("", handler) }
    }

    func emitLifecycle(_ name: String, _ reason: DisconnectReason) {
        for handler in state.withLock({ $0.lifecycleListeners.take(name) }) { handler(reason) }
    }

    func emitError(_ error: any Error) {
        for handler in state.withLock({ $0.errorListeners.handlers("") }) { handler(error) }
    }

    func notifyOutgoing(_ packet: SocketIOPacket) {
        guard hasOutgoingListeners.load(ordering: .acquiring),
              case .array(let values)? = packet.data, let name = values.first?.eventName else { return }
        let arguments = Array(values.dropFirst())
        for handler in state.withLock({ $0.outgoingListeners.handlers("") }) { handler(name, arguments) }
    }

    // MARK: incoming packets (on the connection's loop)

    /// An EVENT from the client: catch-all listeners, then middleware, then the event's listeners.
    func received(event packet: SocketIOPacket) {
        guard case .array(let values)? = packet.data, let name = values.first?.eventName else { return }
        let ack = packet.ackID.map { ackID in
            SocketAck { [weak self] arguments in
                guard let self, self.connected else { return }
                self.write(SocketIOPacket(kind: .ack, namespace: self.namespace.name, ackID: ackID, data: .array(arguments)))
            }
        }
        let event = SocketEvent(name: name, arguments: Array(values.dropFirst()), ack: ack)
        namespace.server.observers.notify { $0.eventReceived(self, event: event) }
        let (anyListeners, middlewares) = state.withLock { ($0.anyListeners.handlers(""), $0.middlewares) }
        for listener in anyListeners { listener(event) }
        guard !middlewares.isEmpty else {
            dispatch(event)
            return
        }
        state.withLock { state in
            let previous = state.middlewareChain
            state.middlewareChain = Task { [self] in
                await previous?.value
                do {
                    for middleware in middlewares { try await middleware(event) }
                    connection.onLoop { _ in self.dispatch(event) }
                } catch {
                    connection.onLoop { _ in self.emitError(error) }
                }
            }
        }
    }

    private func dispatch(_ event: SocketEvent) {
        guard connected else { return }
        for handler in state.withLock({ $0.listeners.take(event.name) }) { handler(event) }
    }

    /// An ACK from the client for one of our emits; unknown ids are ignored.
    func received(ack packet: SocketIOPacket) {
        guard let ackID = packet.ackID else { return }
        let arguments: [SocketIOValue]
        switch packet.data {
        case .array(let values)?: arguments = values
        case nil: arguments = []
        default: return
        }
        guard let pending = state.withLock({ $0.acks.removeValue(forKey: ackID) }) else { return }
        pending.timer?.cancel()
        pending.handler(.success(arguments))
    }
}

extension SocketIOValue {
    /// The event name an array's first element stands for: a string, or a number as text.
    var eventName: String? {
        switch self {
        case .string(let name): name
        case .number(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        default: nil
        }
    }
}

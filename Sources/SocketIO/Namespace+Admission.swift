import EngineIO
import SocketIOProtocol

extension Namespace {
    /// A client asks to join this namespace (on its connection's loop): recover its old socket
    /// when it presents a valid `pid` and `offset`, run the middlewares, then connect it.
    func admit(connection: SocketIOConnection, auth: SocketIOObject) {
        guard let recovery = server.options.connectionStateRecovery,
              case .string(let pid)? = auth["pid"], case .string(let offset)? = auth["offset"] else {
            admit(connection: connection, auth: auth, recovered: nil, skipMiddlewares: false)
            return
        }
        let adapter = self.adapter
        Task {
            let session = await adapter.restoreSession(pid: pid, offset: offset)
            connection.onLoop { connection in
                self.admit(connection: connection, auth: auth, recovered: session,
                           skipMiddlewares: session != nil && recovery.skipMiddlewares)
            }
        }
    }

    private func admit(connection: SocketIOConnection, auth: SocketIOObject, recovered: RecoverableSession?,
                       skipMiddlewares: Bool) {
        let recoveryIsOn = server.options.connectionStateRecovery != nil
        let socket = Socket(id: recovered?.sid ?? EngineSessionID.generate(), namespace: self, connection: connection,
                            auth: auth, recovered: recovered,
                            pid: recoveryIsOn ? recovered?.pid ?? EngineSessionID.generate() : nil)
        let middlewares = skipMiddlewares ? [] : self.middlewares
        guard !middlewares.isEmpty else {
            connect(socket, recovered: recovered)
            return
        }
        Task {
            do {
                for middleware in middlewares { try await middleware(socket) }
                connection.onLoop { _ in self.connect(socket, recovered: recovered) }
            } catch {
                let refusal = error as? SocketIOMiddlewareError ?? SocketIOMiddlewareError(String(describing: error))
                connection.onLoop { connection in
                    guard connection.isOpen else { return }
                    connection.refused(self.name, error: refusal)
                }
            }
        }
    }

    /// Connects an admitted socket in the reference order: into the namespace, into its own room
    /// (and its recovered rooms), missed events replayed, CONNECT reply, connection handlers.
    private func connect(_ socket: Socket, recovered: RecoverableSession?) {
        let connection = socket.connection
        guard connection.isOpen else { return }
        insert(socket)
        socket.markConnected()
        adapter.addAll(socket.id, rooms: [socket.id])
        if let rooms = recovered?.rooms { adapter.addAll(socket.id, rooms: rooms.subtracting([socket.id])) }
        connection.joined(socket)
        for packet in recovered?.missedPackets ?? [] { socket.write(packet) }
        var reply: SocketIOObject = ["sid": .string(socket.id)]
        if let pid = socket.pid { reply["pid"] = .string(pid) }
        socket.write(.connect(namespace: name, data: .object(reply)))
        server.observers.notify { $0.socketConnected(socket) }
        for handler in connectionHandlers { handler(socket) }
    }
}

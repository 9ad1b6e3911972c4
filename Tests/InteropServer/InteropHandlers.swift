import Logging
import NIOCore
import SocketIO
import SocketIOProtocol

/// The interop server's namespaces and events (their contract is in `Tests/Interop`).
struct InteropHandlers {
    let server: SocketIOServer
    /// This node's name (`whoami`, server-side answers).
    let serverID: String
    let logger: Logger

    func install() {
        server.onConnection { socket in
            track(socket)
            installMain(on: socket)
            installCluster(on: socket)
        }
        installServerSide()
        let auth = server.of("/auth")
        auth.use { socket in
            guard case .string("secret")? = socket.handshake.auth["token"] else {
                throw SocketIOMiddlewareError("not authorized", data: .object(["reason": .string("bad token")]))
            }
        }
        auth.onConnection { socket in
            track(socket)
            try? socket.emit("welcome", .object(socket.handshake.auth))
            socket.on("echo") { event in event.ack?.send(event.arguments) }
        }
    }

    private func track(_ socket: Socket) {
        let logger = self.logger
        logger.info("socket connected", metadata: ["nsp": "\(socket.namespace.name)", "id": "\(socket.id)"])
        if server.options.connectionStateRecovery != nil {
            try? socket.emit("recovered", .bool(socket.recovered))
        }
        socket.onDisconnect { reason in
            logger.info("socket disconnected", metadata: ["nsp": "\(socket.namespace.name)", "id": "\(socket.id)", "reason": "\(reason)"])
        }
    }

    private func installMain(on socket: Socket) {
        let io = server
        socket.on("echo") { event in event.ack?.send(event.arguments) }
        socket.on("emit-back") { event in try? socket.emit("echo-back", arguments: event.arguments) }
        socket.on("ask-client") { event in
            try? socket.timeout(.seconds(5)).emit("question", arguments: Array(event.arguments.prefix(1))) { result in
                switch result {
                case .success(let answer): try? socket.emit("answer", arguments: answer)
                case .failure: try? socket.emit("answer-timeout")
                }
            }
        }
        socket.on("join") { event in
            guard case .string(let room)? = event.arguments.first else { return }
            socket.join(room)
            event.ack?(.bool(true))
        }
        socket.on("leave") { event in
            guard case .string(let room)? = event.arguments.first else { return }
            socket.leave(room)
            event.ack?(.bool(true))
        }
        socket.on("broadcast") { event in
            let request = BroadcastRequest(event.arguments.first)
            try? request.apply(to: io.sockets.broadcastOperator).emit(request.event, arguments: request.arguments)
            event.ack?(.bool(true))
        }
        socket.on("broadcast-from-me") { event in
            let request = BroadcastRequest(event.arguments.first)
            try? request.apply(to: socket.broadcast).emit(request.event, arguments: request.arguments)
            event.ack?(.bool(true))
        }
        socket.on("disconnect-sockets") { event in
            let request = BroadcastRequest(event.arguments.first)
            event.ack?(.bool(true))
            request.apply(to: io.sockets.broadcastOperator).disconnectSockets(close: request.close)
        }
        socket.on("kick-me") { _ in socket.disconnect() }
        socket.on("fetch-sockets") { event in
            let request = BroadcastRequest(event.arguments.first)
            Task {
                let ids = (try? await request.apply(to: io.sockets.broadcastOperator).fetchSockets())?.map(\.id).sorted() ?? []
                event.ack?(.array(ids.map(SocketIOValue.string)))
            }
        }
        socket.on("rooms") { event in
            event.ack?(.array(socket.rooms.sorted().map(SocketIOValue.string)))
        }
        socket.on("flood") { event in
            guard case .object(let request)? = event.arguments.first,
                  case .number(let count)? = request["count"], case .number(let size)? = request["size"] else { return }
            let payload = SocketIOValue.string(String(repeating: "x", count: Int(size)))
            let emitter = request["volatile"] == .bool(true) ? socket.volatile : socket.timeout(.seconds(5))
            for _ in 0..<Int(count) { try? emitter.emit("flood", payload) }
        }
        socket.on("ack-from-all") { event in
            let request = BroadcastRequest(event.arguments.first)
            Task {
                var answer: SocketIOObject = [:]
                do throws(SocketIOError) {
                    let responses = try await request.apply(to: io.sockets.broadcastOperator).emitWithAck("ping-all")
                    answer["responses"] = .array(responses.sortedForDisplay)
                    answer["timedOut"] = .bool(false)
                } catch {
                    if case .ackTimeout(let responses) = error { answer["responses"] = .array(responses.sortedForDisplay) }
                    answer["timedOut"] = .bool(true)
                }
                event.ack?(.object(answer))
            }
        }
    }
}

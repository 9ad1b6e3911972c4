import Logging
import NIOCore
import SocketIO
import SocketIOProtocol

/// The interop server's namespaces and events (their contract is in `Tests/Interop`).
struct InteropHandlers {
    let server: SocketIOServer
    let logger: Logger

    func install() {
        server.onConnection { socket in
            track(socket)
            installMain(on: socket)
        }
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

/// The object clients send to describe a broadcast-like operation.
private struct BroadcastRequest {
    var rooms: [Room] = []
    var except: [Room] = []
    var event = ""
    var arguments: [SocketIOValue] = []
    var close = false
    var timeout: TimeAmount?

    init(_ value: SocketIOValue?) {
        guard case .object(let object)? = value else { return }
        if case .array(let rooms)? = object["rooms"] { self.rooms = rooms.compactMap(\.string) }
        if case .array(let except)? = object["except"] { self.except = except.compactMap(\.string) }
        if case .string(let event)? = object["event"] { self.event = event }
        if case .array(let arguments)? = object["args"] { self.arguments = arguments }
        if case .bool(let close)? = object["close"] { self.close = close }
        if case .number(let timeout)? = object["timeout"] { self.timeout = .milliseconds(Int64(timeout)) }
    }

    func apply(to target: BroadcastOperator) -> BroadcastOperator {
        var target = target.to(rooms).except(except)
        if let timeout { target = target.timeout(timeout) }
        return target
    }
}

extension SocketIOValue {
    fileprivate var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}

extension Array where Element == SocketIOValue {
    /// Responses in a stable order for assertions: by their JSON text.
    fileprivate var sortedForDisplay: [SocketIOValue] {
        sorted { $0.jsonString < $1.jsonString }
    }
}

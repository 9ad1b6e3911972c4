import NIOCore
import SocketIO
import SocketIOProtocol

/// The commands an admin socket may send: the official `emit`, `join`, `leave`, `_disconnect`
/// and our `x_emit`, `x_move`, `x_kick`. Each is validated; when the admin asked for an
/// acknowledgement it gets `{"ok":true,…}` or `{"ok":false,"error":…}` (silent otherwise, as in
/// the reference).
struct AdminCommands {
    let instrument: AdminInstrument
    let login: AdminLogin

    /// A refusal, with the protocol's error code as its message.
    struct Refusal: Error {
        let code: String
        static let readonly = Refusal(code: "readonly")
        static let unknownNamespace = Refusal(code: "unknown namespace")
        static let invalidArguments = Refusal(code: "invalid arguments")
        static let privateRoom = Refusal(code: "private room")
        static let tooManyTargets = Refusal(code: "too many targets")
        static let unsafe = Refusal(code: "unsafe")
    }

    /// The commands understood.
    private static let names: Set<String> = ["emit", "join", "leave", "_disconnect", "x_emit", "x_move", "x_kick"]

    /// Listens for every command on `socket`; an acknowledged unknown command gets `unknown command`.
    func register(on socket: Socket) {
        let commands = self
        socket.onAny { event in
            guard Self.names.contains(event.name) else {
                event.ack?(.object(["ok": false, "error": "unknown command"]))
                return
            }
            Task {
                let reply: SocketIOObject
                do {
                    guard !commands.login.readonly else { throw Refusal.readonly }
                    reply = try await commands.run(event.name, event.arguments)
                } catch let refusal as Refusal {
                    reply = ["ok": false, "error": .string(refusal.code)]
                } catch {
                    reply = ["ok": false, "error": "invalid arguments"]
                }
                event.ack?(.object(reply))
            }
        }
    }

    private func run(_ command: String, _ arguments: [SocketIOValue]) async throws -> SocketIOObject {
        switch command {
        case "emit": try emit(arguments)
        case "join": try joinOrLeave(arguments, join: true)
        case "leave": try joinOrLeave(arguments, join: false)
        case "_disconnect": try disconnect(arguments)
        case "x_emit": try await extendedEmit(arguments)
        case "x_move": try await move(arguments)
        default: try await kick(arguments)
        }
    }

    // MARK: argument checks

    private func namespace(_ value: SocketIOValue?) throws -> Namespace {
        guard case .string(let name)? = value else { throw Refusal.invalidArguments }
        guard let namespace = instrument.server.namespaces[name] else { throw Refusal.unknownNamespace }
        return namespace
    }

    /// A room filter: a string, or `null`/absent/`""` for the whole namespace.
    private func filter(_ value: SocketIOValue?) throws -> Room? {
        switch value {
        case nil, .null?: return nil
        case .string(let room)?: return room.isEmpty ? nil : room
        default: throw Refusal.invalidArguments
        }
    }

    private func string(_ value: SocketIOValue?) throws -> String {
        guard case .string(let text)? = value, !text.isEmpty else { throw Refusal.invalidArguments }
        return text
    }

    private func eventName(_ value: SocketIOValue?) throws -> String {
        let name = try string(value)
        guard !SocketIOPacket.reservedEventNames.contains(name) else { throw Refusal.invalidArguments }
        return name
    }

    private func targets(_ namespace: Namespace, _ filter: Room?) -> BroadcastOperator {
        filter.map { namespace.to($0) } ?? namespace.broadcastOperator
    }

    private func argument(_ arguments: [SocketIOValue], _ index: Int) -> SocketIOValue? {
        arguments.indices.contains(index) ? arguments[index] : nil
    }

    // MARK: official commands

    private func emit(_ arguments: [SocketIOValue]) throws -> SocketIOObject {
        let namespace = try namespace(argument(arguments, 0))
        let filter = try filter(argument(arguments, 1))
        let event = try eventName(argument(arguments, 2))
        try targets(namespace, filter).emit(event, arguments: Array(arguments.dropFirst(3)))
        return ["ok": true]
    }

    private func joinOrLeave(_ arguments: [SocketIOValue], join: Bool) throws -> SocketIOObject {
        let namespace = try namespace(argument(arguments, 0))
        let room = try string(argument(arguments, 1))
        let target = targets(namespace, try filter(argument(arguments, 2)))
        if join { target.socketsJoin(room) } else { target.socketsLeave(room) }
        return ["ok": true]
    }

    private func disconnect(_ arguments: [SocketIOValue]) throws -> SocketIOObject {
        let namespace = try namespace(argument(arguments, 0))
        guard case .bool(let close)? = argument(arguments, 1) else { throw Refusal.invalidArguments }
        targets(namespace, try filter(argument(arguments, 2))).disconnectSockets(close: close)
        return ["ok": true]
    }

    // MARK: extensions

    /// `x_emit(nsp, filter, opts, ev, ...args)`: with `opts.ack`, one acknowledged emit per
    /// target, each answer tied to its socket id.
    private func extendedEmit(_ arguments: [SocketIOValue]) async throws -> SocketIOObject {
        let namespace = try namespace(argument(arguments, 0))
        let filter = try filter(argument(arguments, 1))
        guard case .object(let options)? = argument(arguments, 2) else { throw Refusal.invalidArguments }
        let event = try eventName(argument(arguments, 3))
        let payload = Array(arguments.dropFirst(4))
        var target = targets(namespace, filter)
        if case .array(let except)? = options["except"] {
            target = target.except(except.compactMap(\.stringValue))
        }
        guard options["ack"] == .bool(true) else {
            try target.emit(event, arguments: payload)
            return ["ok": true]
        }
        var timeoutMs = 5000.0
        if case .number(let value)? = options["timeoutMs"] {
            guard (1...60_000).contains(value) else { throw Refusal.invalidArguments }
            timeoutMs = value
        }
        let sockets = try await target.local.fetchSockets().compactMap { $0 as? Socket }
        guard sockets.count <= instrument.options.maxAckTargets else { throw Refusal.tooManyTargets }
        let timeout = TimeAmount.milliseconds(Int64(timeoutMs))
        let results = await withTaskGroup(of: SocketIOValue.self) { group in
            for socket in sockets {
                group.addTask {
                    do throws(SocketIOError) {
                        let answer = try await socket.timeout(timeout).emitWithAck(event, arguments: payload)
                        return .object(["id": .string(socket.id), "args": .array(answer)])
                    } catch {
                        let reason = error == .disconnected ? "disconnected" : "timeout"
                        return .object(["id": .string(socket.id), "error": .string(reason)])
                    }
                }
            }
            var results: [SocketIOValue] = []
            for await result in group { results.append(result) }
            return results
        }
        return ["ok": true, "targets": .number(Double(sockets.count)), "results": .array(results)]
    }

    /// `x_move(nsp, fromRoom, toRoom, filter)`: each target joins `toRoom`, then leaves `fromRoom`.
    private func move(_ arguments: [SocketIOValue]) async throws -> SocketIOObject {
        let namespace = try namespace(argument(arguments, 0))
        let from = try string(argument(arguments, 1))
        let to = try string(argument(arguments, 2))
        let filter = try filter(argument(arguments, 3))
        let sockets = try await namespace.to(from).local.fetchSockets().compactMap { $0 as? Socket }
        guard !sockets.contains(where: { $0.id == from || $0.id == to }),
              namespace.sockets[from] == nil, namespace.sockets[to] == nil else { throw Refusal.privateRoom }
        let targets = sockets.filter { socket in filter.map { socket.rooms.contains($0) } ?? true }
        guard from != to else { return ["ok": true, "count": .number(Double(targets.count))] }
        for socket in targets {
            socket.join(to)
            socket.leave(from)
        }
        return ["ok": true, "count": .number(Double(targets.count))]
    }

    /// `x_kick(nsp, filter, opts)`: announces `x_kicked`, notifies each target if asked, then
    /// disconnects them.
    private func kick(_ arguments: [SocketIOValue]) async throws -> SocketIOObject {
        let namespace = try namespace(argument(arguments, 0))
        let filter = try filter(argument(arguments, 1))
        var options = SocketIOObject()
        switch argument(arguments, 2) {
        case nil, .null?: break
        case .object(let object)?: options = object
        default: throw Refusal.invalidArguments
        }
        let reason = options["reason"]?.stringValue ?? ""
        guard reason.count <= 200 else { throw Refusal.invalidArguments }
        let close = options["close"] == .bool(true)
        var notify: String?
        if let value = options["notify"], value != .null { notify = try eventName(value) }
        guard filter != nil || options["all"] == .bool(true) else { throw Refusal.unsafe }
        let sockets = try await targets(namespace, filter).local.fetchSockets().compactMap { $0 as? Socket }
        try? instrument.namespace.emit("x_kicked", .object([
            "nsp": .string(namespace.name), "ids": .array(sockets.map { .string($0.id) }),
            "reason": .string(reason), "close": .bool(close),
            "by": login.user.map(SocketIOValue.string) ?? .null, "timestamp": .string(AdminClock.isoString()),
        ]))
        for socket in sockets {
            if let notify { try? socket.emit(notify, .object(["reason": .string(reason)])) }
            socket.disconnect(close: close)
        }
        return ["ok": true, "count": .number(Double(sockets.count))]
    }
}

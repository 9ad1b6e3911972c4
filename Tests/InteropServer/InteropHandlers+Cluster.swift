import NIOCore
import SocketIO
import SocketIOProtocol

/// The cluster events (`test_cluster.py`): what a client asks of the whole cluster through the
/// node it is connected to, and what this node answers when another one emits to it. On a single
/// server they work too, with the cluster reduced to this node.
extension InteropHandlers {
    func installCluster(on socket: Socket) {
        let io = server
        let serverID = self.serverID
        socket.on("whoami") { event in event.ack?(.string(serverID)) }
        socket.on("server-count") { event in
            Task {
                let count = await io.sockets.adapter.serverCount()
                event.ack?(.number(Double(count)))
            }
        }
        socket.on("set-data") { event in
            socket.data = event.arguments.first ?? .null
            event.ack?(.bool(true))
        }
        socket.on("sockets-join") { event in
            let rooms = event.arguments.first?.objectValue?.strings("join") ?? []
            BroadcastRequest(event.arguments.first).apply(to: io.sockets.broadcastOperator).socketsJoin(rooms)
            event.ack?(.bool(true))
        }
        socket.on("sockets-leave") { event in
            let rooms = event.arguments.first?.objectValue?.strings("leave") ?? []
            BroadcastRequest(event.arguments.first).apply(to: io.sockets.broadcastOperator).socketsLeave(rooms)
            event.ack?(.bool(true))
        }
        socket.on("describe-sockets") { event in
            let request = BroadcastRequest(event.arguments.first)
            Task {
                do throws(SocketIOError) {
                    let sockets = try await request.apply(to: io.sockets.broadcastOperator).fetchSockets()
                    event.ack?(.array(sockets.sorted { $0.id < $1.id }.map { Self.describe($0, on: io) }))
                } catch {
                    event.ack?(.object(["error": .string("\(error)")]))
                }
            }
        }
        socket.on("remote-socket") { event in
            guard let request = event.arguments.first?.objectValue, let id = request["id"]?.stringValue else { return }
            Task {
                guard let target = (try? await io.to(id).fetchSockets())?.first(where: { $0.id == id }) else {
                    event.ack?(.object(["found": .bool(false)]))
                    return
                }
                let remote = io.sockets.sockets[id] == nil
                Self.perform(request, on: target)  // published before the ack: later requests come after it
                event.ack?(.object(["found": .bool(true), "remote": .bool(remote)]))
            }
        }
        socket.on("server-side-emit") { event in
            guard let request = event.arguments.first?.objectValue, let name = request["event"]?.stringValue else { return }
            io.serverSideEmit(name, request["arg"] ?? .null)
            event.ack?(.bool(true))
        }
        socket.on("server-side-emit-with-ack") { event in
            guard let request = event.arguments.first?.objectValue, let name = request["event"]?.stringValue else { return }
            let timeout = request["timeout"]?.numberValue.map { TimeAmount.milliseconds(Int64($0)) } ?? .seconds(5)
            Task {
                var answer: SocketIOObject = [:]
                do throws(SocketIOError) {
                    let responses = try await io.serverSideEmitWithAck(name, request["arg"] ?? .null, timeout: timeout)
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

    /// This node's answers to the other nodes' `serverSideEmit`: `relay` (X) emits `relayed`
    /// (X, this node's id) to this node's own sockets; `identify` (X) acknowledges with
    /// `{server: this node's id, arg: X}`. Any other event is not answered.
    func installServerSide() {
        let io = server
        let serverID = self.serverID
        io.onServerSideEmit("relay") { event in
            try? io.local.emit("relayed", event.arguments.first ?? .null, .string(serverID))
        }
        io.onServerSideEmit("identify") { event in
            event.ack?(.object(["server": .string(serverID), "arg": event.arguments.first ?? .null]))
        }
    }

    /// `{id, rooms (sorted), data, remote}` of a socket `fetchSockets` returned.
    private static func describe(_ socket: any SocketLike, on io: SocketIOServer) -> SocketIOValue {
        .object([
            "id": .string(socket.id),
            "rooms": .array(socket.rooms.sorted().map(SocketIOValue.string)),
            "data": socket.data,
            "remote": .bool(io.sockets.sockets[socket.id] == nil),
        ])
    }

    /// Does `request["action"]` to one fetched socket: `emit` (`event`, `args`), `join`
    /// (`rooms`), `leave` (`room`) or `disconnect` (`close`).
    private static func perform(_ request: SocketIOObject, on target: any SocketLike) {
        switch request["action"]?.stringValue {
        case "emit":
            let arguments = request["args"]?.arrayValue ?? []
            try? target.emit(request["event"]?.stringValue ?? "", arguments: arguments)
        case "join":
            target.join(request.strings("rooms"))
        case "leave":
            if let room = request["room"]?.stringValue { target.leave(room) }
        case "disconnect":
            target.disconnect(close: request["close"] == .bool(true))
        default:
            break
        }
    }
}

import Logging
import SocketIO
import SocketIOProtocol

/// The demo server's handlers on `/`: `echo` acknowledges with its own arguments, `join` and
/// `leave` take a room name, `chat` takes `{room?, text}` and broadcasts it as `chat` to that
/// room (or to everyone).
enum DemoService {
    static func install(on server: SocketIOServer, logger: Logger) {
        server.onConnection { socket in
            logger.info("socket connected", metadata: ["id": "\(socket.id)", "transport": "\(socket.handshake.query["transport"] ?? "?")"])
            socket.on("echo") { event in event.ack?.send(event.arguments) }
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
            socket.on("chat") { event in
                guard case .object(let message)? = event.arguments.first, case .string(let text)? = message["text"] else { return }
                var outgoing: SocketIOObject = ["from": .string(socket.id), "text": .string(text)]
                if case .string(let room)? = message["room"] {
                    outgoing["room"] = .string(room)
                    try? socket.namespace.to(room).emit("chat", .object(outgoing))
                } else {
                    try? socket.namespace.emit("chat", .object(outgoing))
                }
            }
            socket.onDisconnect { reason in
                logger.info("socket disconnected", metadata: ["id": "\(socket.id)", "reason": "\(reason)"])
            }
        }
    }
}

import EngineIO
import SocketIO
import SocketIOProtocol

/// The servers the protocol conformance suites expect: a bare Engine.IO echo at `/engine.io/`,
/// and at `/socket.io/` the Socket.IO server of the Socket.IO brief's §16.
enum ConformanceService {
    /// Engine.IO echo: every message goes back on its session unchanged.
    @Sendable static func attachEcho(_ session: EngineSession) {
        session.onMessage = { [unowned session] packet in
            session.send(packet.frame)
        }
    }

    /// `/`: emits `auth` with the handshake's auth on connection, answers `message` with
    /// `message-back`, and acknowledges `message-with-ack` with its arguments; `/custom` emits `auth`.
    static func install(on server: SocketIOServer) {
        server.onConnection { socket in
            try? socket.emit("auth", .object(socket.handshake.auth))
            socket.on("message") { event in try? socket.emit("message-back", arguments: event.arguments) }
            socket.on("message-with-ack") { event in event.ack?.send(event.arguments) }
        }
        server.of("/custom").onConnection { socket in
            try? socket.emit("auth", .object(socket.handshake.auth))
        }
    }
}

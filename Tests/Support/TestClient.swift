import EngineIO
import NIOCore
import NIOPosix
import SocketIO
import SocketIOProtocol
import Synchronization

/// A client connected in-process to a server: an Engine.IO WebSocket session on a real event
/// loop whose outgoing text frames the test reads in order, with bounded waits.
public final class TestClient: EngineWebSocket, Sendable {
    private let frames = Reports<String>()
    private let read = Atomic<Int>(0)
    private let sessionBox = Mutex<EngineSession?>(nil)

    private let idBox = Mutex("")

    private var session: EngineSession { sessionBox.withLock { $0! } }

    /// The socket id in `/`.
    public var id: String { idBox.withLock { $0 } }

    /// Opens a session on `server` and connects it to `/`.
    public init(_ server: SocketIOServer) async throws {
        let request = EngineRequest(method: "GET", uri: "/socket.io/?EIO=4&transport=websocket", headers: [EngineHeader("Host", "node")],
                                    remoteAddress: "127.0.0.1", isWebSocketUpgrade: true)
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let session = try await loop.submit { [self] in
            server.engine.openWebSocketSession(for: request, socket: self, on: loop)
        }.get()
        sessionBox.withLock { $0 = session }
        _ = try await next()
        send("0")
        let reply = try await next()
        guard reply.hasPrefix(#"0{"sid":""#) else { throw UnexpectedFrame(reply) }
        idBox.withLock { $0 = String(reply.dropFirst(#"0{"sid":""#.count).prefix(20)) }
    }

    public func write(_ frame: EngineFrame, backlogLimit: Int) -> Bool {
        frames.append(String(buffer: frame.bytes))
        return true
    }

    public var isWritable: Bool { true }

    public func close() {}

    /// Sends a Socket.IO packet in text form (without the Engine.IO `4`).
    public func send(_ text: String) {
        let packet = EnginePacket.message(text)
        session.eventLoop.execute { [self] in session.handleWebSocketMessage(.success(packet), from: self) }
    }

    /// The next Socket.IO packet the server wrote (Engine.IO `4` removed), within `timeout`.
    public func next(timeout: Duration = .seconds(2)) async throws -> String {
        let index = read.wrappingAdd(1, ordering: .relaxed).oldValue
        let text = try await frames.wait(for: index + 1, timeout: timeout)[index]
        return text.first == "4" ? String(text.dropFirst()) : text
    }

    /// Answers the acknowledged event `packet` (`2<id>[…]`) with `arguments`.
    public func acknowledge(_ packet: String, with arguments: SocketIOValue...) {
        let ackID = packet.dropFirst().prefix { $0.isNumber }
        send("3" + ackID + SocketIOValue.array(arguments).jsonString)
    }
}

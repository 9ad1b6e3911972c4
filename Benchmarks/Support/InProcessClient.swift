import EngineIO
import NIOCore
import SocketIO
import Synchronization

/// A client connection without a network: an Engine.IO WebSocket session whose frames are only
/// counted. Lets a benchmark measure the server's own work (encode, fan-out, admin hooks) with
/// no load generator in the way.
public final class InProcessClient: EngineWebSocket, Sendable {
    private let frames = Atomic<Int>(0)
    private let sessionBox = Mutex<EngineSession?>(nil)

    /// Opens a session on `server` on `loop` and connects it to `namespace`.
    public init(server: SocketIOServer, loop: any EventLoop, namespace: String = "/") async throws {
        let request = EngineRequest(method: "GET", uri: "/socket.io/?EIO=4&transport=websocket", headers: [],
                                    remoteAddress: "127.0.0.1", isWebSocketUpgrade: true)
        let session = try await loop.submit { [self] in
            server.engine.openWebSocketSession(for: request, socket: self, on: loop)
        }.get()
        sessionBox.withLock { $0 = session }
        let connect = EnginePacket.message(namespace == "/" ? "0" : "0\(namespace),")
        try await loop.submit { [self] in session.handleWebSocketMessage(.success(connect), from: self) }.get()
    }

    /// Frames written to this client so far (the open packet and CONNECT reply included).
    public var receivedFrames: Int { frames.load(ordering: .relaxed) }

    public func write(_ frame: EngineFrame, backlogLimit: Int) -> Bool {
        frames.wrappingAdd(1, ordering: .relaxed)
        return true
    }

    public var isWritable: Bool { true }

    public func close() {}
}

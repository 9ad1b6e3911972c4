import EngineIO
import Logging
import NIOCore
import SocketIO
import SocketIONIO
import SocketIOProtocol
import Synchronization

/// Our real server on 127.0.0.1 and a free port, for one test. Its HTTP host can be stopped and
/// started again on the same port while the Socket.IO server (rooms, recovery log) lives on.
final class TestServer: Sendable {
    let io: SocketIOServer
    let port: Int
    private let host: Mutex<EngineHTTPServer?>

    private static let silent = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    private init(io: SocketIOServer, host: EngineHTTPServer) {
        self.io = io
        self.port = host.port
        self.host = Mutex(host)
    }

    /// Starts a server with options changed by `configure` and handlers installed by `handlers`.
    static func start(configure: (inout SocketIOServerOptions) -> Void = { _ in },
                      handlers: (SocketIOServer) -> Void = { _ in }) async throws -> TestServer {
        var options = SocketIOServerOptions()
        configure(&options)
        let io = SocketIOServer(options: options, logger: silent)
        handlers(io)
        let host = try await EngineHTTPServer.start(engine: io.engine, host: "127.0.0.1", port: 0, logger: silent)
        return TestServer(io: io, host: host)
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Stops the HTTP host: the listening socket closes and every session ends (`server shutting down`).
    func stopListening() async {
        await host.withLock { host in defer { host = nil }; return host }?.shutdown()
    }

    /// Starts the HTTP host again on the same port.
    func startListening() async throws {
        let started = try await EngineHTTPServer.start(engine: io.engine, host: "127.0.0.1", port: port, logger: Self.silent)
        host.withLock { $0 = started }
    }

    func stop() async {
        await io.close()
        await stopListening()
    }
}

/// A port nothing listens on (it was bound a moment ago, then released).
func unusedPort() async throws -> Int {
    let server = try await TestServer.start()
    await server.stop()
    return server.port
}

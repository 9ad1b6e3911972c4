import EngineIO
import Logging
import NIOCore
import SocketIO
import SocketIONIO
import SocketIOProtocol

/// A real server on 127.0.0.1 and a free port, for one test.
struct TestServer {
    let io: SocketIOServer
    let http: EngineHTTPServer

    static func start(_ configure: (inout SocketIOServerOptions) -> Void = { _ in },
                      handlers: (SocketIOServer) -> Void) async throws -> TestServer {
        var options = SocketIOServerOptions()
        configure(&options)
        let silent = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let io = SocketIOServer(options: options, logger: silent)
        handlers(io)
        let http = try await EngineHTTPServer.start(engine: io.engine, host: "127.0.0.1", port: 0, logger: silent)
        return TestServer(io: io, http: http)
    }

    var url: String { "http://127.0.0.1:\(http.port)" }

    func stop() async {
        await io.close()
        await http.shutdown()
    }
}

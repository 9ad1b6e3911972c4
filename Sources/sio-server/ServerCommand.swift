import ArgumentParser
import EngineIO
import Logging
import NIOCore
import SocketIONIO

#if canImport(Glibc)
import Glibc
#endif

/// `sio-server`: a standalone server. Until the Socket.IO layer exists it serves an Engine.IO
/// echo (every message sent back on its session).
@main
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sio-server",
        abstract: "Engine.IO / Socket.IO server on SwiftNIO.")

    @Option(help: "Address to bind.")
    var host = "127.0.0.1"

    @Option(help: "Port to bind (0 picks a free one).")
    var port = 3000

    @Option(help: "Milliseconds between a pong and the next ping (default 25000; 300 with --conformance).")
    var pingInterval: Int?

    @Option(help: "Milliseconds to wait for a pong (default 20000; 200 with --conformance).")
    var pingTimeout: Int?

    @Option(help: "Milliseconds an upgrade to WebSocket may take (default 10000).")
    var upgradeTimeout: Int?

    @Option(help: "Largest polling body or WebSocket message, in bytes (default 1000000).")
    var maxHttpBufferSize: Int?

    @Option(help: "CORS origin: '*', 'reflect', or one origin (default: no CORS; '*' with --conformance).")
    var corsOrigin: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    @Flag(help: "Serve the setup the protocol's conformance suites expect (Engine.IO echo at /engine.io/, ping 300/200 ms, CORS '*'; handshakes with forbid=1 in the query are refused by allowRequest).")
    var conformance = false

    func run() async throws {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "sio-server")
        let engine = EngineServer(options: engineOptions(), logger: Logger(label: "EngineIO"), onConnection: EchoService.attach)
        let server = try await EngineHTTPServer.start(engine: engine, host: host, port: port, logger: logger)
        await SignalWaiter.waitForTermination()
        logger.info("shutting down")
        await server.shutdown()
    }

    private func engineOptions() -> EngineServerOptions {
        var options = EngineServerOptions()
        if conformance {
            options.pingInterval = .milliseconds(300)
            options.pingTimeout = .milliseconds(200)
            options.cors = CORSOptions(origin: .any)
            options.allowRequest = { request in
                request.query["forbid"] == "1" ? .deny(message: nil) : .allow
            }
        }
        if let pingInterval { options.pingInterval = .milliseconds(Int64(pingInterval)) }
        if let pingTimeout { options.pingTimeout = .milliseconds(Int64(pingTimeout)) }
        if let upgradeTimeout { options.upgradeTimeout = .milliseconds(Int64(upgradeTimeout)) }
        if let maxHttpBufferSize { options.maxHttpBufferSize = maxHttpBufferSize }
        switch corsOrigin {
        case nil: break
        case "*": options.cors = CORSOptions(origin: .any)
        case "reflect": options.cors = CORSOptions(origin: .reflect)
        case let origin?: options.cors = CORSOptions(origin: .exactly(origin))
        }
        return options
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

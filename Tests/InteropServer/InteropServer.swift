import ArgumentParser
import Logging
import NIOCore
import SocketIO
import SocketIONIO
import SocketIOProtocol

/// The server the Socket.IO interop suites run against (`Tests/Interop`): handlers that let a
/// client trigger every server-side operation, and log lines the tests read.
@main
struct InteropServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sio-interop-server")

    @Option var host = "127.0.0.1"
    @Option var port = 3000
    @Option var pingInterval: Int?
    @Option var pingTimeout: Int?
    @Option var maxBufferedBytes: Int?
    @Flag var recovery = false
    @Option var logLevel: Logger.Level = .info

    func run() async throws {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var options = SocketIOServerOptions()
        if let pingInterval { options.engine.pingInterval = .milliseconds(Int64(pingInterval)) }
        if let pingTimeout { options.engine.pingTimeout = .milliseconds(Int64(pingTimeout)) }
        if let maxBufferedBytes { options.engine.maxBufferedBytesPerSession = maxBufferedBytes }
        if recovery { options.connectionStateRecovery = ConnectionStateRecoveryOptions() }
        let logger = Logger(label: "interop")
        let io = SocketIOServer(options: options, logger: Logger(label: "SocketIO"))
        InteropHandlers(server: io, logger: logger).install()
        let server = try await EngineHTTPServer.start(engine: io.engine, host: host, port: port, logger: logger)
        try await server.closeFuture.get()
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

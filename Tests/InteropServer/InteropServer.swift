import ArgumentParser
import Logging
import NIOCore
import SocketIO
import SocketIOCluster
import SocketIONIO
import SocketIOPostgres
import SocketIOProtocol

/// The server the Socket.IO interop suites run against (`Tests/Interop`): handlers that let a
/// client trigger every server-side operation, and log lines the tests read. With `--postgres`
/// it is one node of a cluster (`test_cluster.py`).
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

    @Option(help: "Join a cluster through this PostgreSQL database (postgres://user@host:port/database).")
    var postgres: String?

    @Option(help: "The name this node answers `whoami` and server-side emits with (default host:port).")
    var serverId: String?

    @Option(help: "Milliseconds between cluster heartbeats (default 5000).")
    var heartbeatInterval: Int?

    @Option(help: "Milliseconds of silence after which another node is dropped (default 10000).")
    var heartbeatTimeout: Int?

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
        if let cluster = try await clusterTransport() {
            let adapterOptions = clusterAdapterOptions()
            options.adapter = { ClusterAdapter(namespace: $0, transport: cluster, options: adapterOptions) }
        }
        let logger = Logger(label: "interop")
        let io = SocketIOServer(options: options, logger: Logger(label: "SocketIO"))
        InteropHandlers(server: io, serverID: serverId ?? "\(host):\(port)", logger: logger).install()
        let server = try await EngineHTTPServer.start(engine: io.engine, host: host, port: port, logger: logger)
        try await server.closeFuture.get()
    }

    /// The PostgreSQL transport of `--postgres`, connected, or `nil` without it.
    private func clusterTransport() async throws -> PostgresClusterTransport? {
        guard let postgres else { return nil }
        do {
            return try await PostgresClusterTransport(url: postgres, logger: Logger(label: "SocketIOPostgres"))
        } catch let error as PostgresEndpointError {
            throw ValidationError("--postgres: \(error)")
        }
    }

    private func clusterAdapterOptions() -> ClusterAdapterOptions {
        var options = ClusterAdapterOptions()
        if let heartbeatInterval { options.heartbeatInterval = .milliseconds(Int64(heartbeatInterval)) }
        if let heartbeatTimeout { options.heartbeatTimeout = .milliseconds(Int64(heartbeatTimeout)) }
        return options
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

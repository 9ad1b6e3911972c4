import ArgumentParser
import EngineIO
import Logging
import NIOCore
import SocketIO
import SocketIOAdmin
import SocketIOCluster
import SocketIONIO
import SocketIOPostgres

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `sio-server`: serve (the default), or make an admin password hash.
@main
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sio-server",
        abstract: "Socket.IO v5 / Engine.IO v4 server on SwiftNIO.",
        subcommands: [Serve.self, HashPassword.self],
        defaultSubcommand: Serve.self)
}

/// Serves the demo Socket.IO server with its admin namespace, or with `--conformance` the
/// servers the protocol conformance suites expect.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the demo server (the default), or the conformance servers.")

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

    @Option(help: "Milliseconds a connection may stay without joining a namespace (default 45000; 1000 with --conformance).")
    var connectTimeout: Int?

    @Option(help: "CORS origin: '*', 'reflect', or one origin (default: no CORS; '*' with --conformance).")
    var corsOrigin: String?

    @Flag(help: "Turn connection state recovery on.")
    var recovery = false

    @Option(help: "The official client bundle to serve at /socket.io.min.js with a chat page at / (default: .interop/socket.io.min.js when present).")
    var clientBundle: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    @Flag(help: "Do not create the admin namespace.")
    var noAdmin = false

    @Option(help: "The admin namespace.")
    var adminNamespace = "/admin"

    @Option(help: "Admin user name (with --admin-password-hash).")
    var adminUser: String?

    @Option(help: "bcrypt hash of the admin password (see `sio-server hash-password`); also read from SIO_ADMIN_PASSWORD_HASH.")
    var adminPasswordHash: String?

    @Flag(help: "The admin namespace refuses every command.")
    var adminReadonly = false

    @Option(help: "Admin mode: development (sockets, rooms, events) or production (statistics only).")
    var adminMode: AdminOptions.Mode = .development

    @Flag(help: "Allow an admin namespace without authentication on a non-loopback address.")
    var adminInsecure = false

    @Option(help: "Join a cluster of servers through this PostgreSQL database (postgres://user:password@host:port/database), as @socket.io/postgres-adapter does.")
    var postgres: String?

    @Option(help: "This server's id in the admin UI (default: the host name; host:port with --postgres).")
    var serverId: String?

    @Flag(help: "Serve what the conformance suites expect: an Engine.IO echo at /engine.io/ and the Socket.IO test server at /socket.io/ (ping 300/200 ms, connect timeout 1 s, CORS '*'; Engine.IO handshakes with forbid=1 in the query are refused by allowRequest).")
    var conformance = false

    func run() async throws {
        Self.raiseOpenFileLimit()
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "sio-server")
        let cluster = try await clusterTransport()
        var options = socketIOOptions()
        if let cluster { options.adapter = { ClusterAdapter(namespace: $0, transport: cluster) } }
        let io = SocketIOServer(options: options, logger: Logger(label: "SocketIO"))
        var engines = [io.engine]
        let admin = conformance || noAdmin ? nil : try AdminInstrument.instrument(io, options: adminOptions(), logger: Logger(label: "SocketIOAdmin"))
        if conformance {
            ConformanceService.install(on: io)
            var echoOptions = engineOptions(base: EngineServerOptions())
            echoOptions.allowRequest = { request in request.query["forbid"] == "1" ? .deny(message: nil) : .allow }
            engines.append(EngineServer(options: echoOptions, logger: Logger(label: "EngineIO"), onConnection: ConformanceService.attachEcho))
        } else {
            DemoService.install(on: io, logger: logger)
        }
        let page = try ChatPage(bundlePath: clientBundle)
        let server = try await EngineHTTPServer.start(routes: HTTPRoutes(engines: engines, pages: page?.respond),
                                                      host: host, port: port, logger: logger)
        if admin != nil { logger.info("admin namespace ready", metadata: ["namespace": "\(adminNamespace)"]) }
        await SignalWaiter.waitForTermination()
        logger.info("shutting down")
        admin?.stop()
        await io.close()
        await cluster?.close()
        await server.shutdown()
    }

    /// The admin options from the flags; refuses an unauthenticated admin namespace off loopback.
    private func adminOptions() throws -> AdminOptions {
        var options = AdminOptions()
        options.namespaceName = adminNamespace
        options.readonly = adminReadonly
        options.mode = adminMode
        if let serverId {
            options.serverId = serverId
        } else if postgres != nil {
            options.serverId = "\(AdminOptions.hostname):\(port)"
        }
        let hash = adminPasswordHash ?? ProcessEnvironment.value(of: "SIO_ADMIN_PASSWORD_HASH")
        switch (adminUser, hash) {
        case (let user?, let hash?):
            options.authentication = .basic([AdminUser(username: user, passwordHash: hash)])
        case (nil, nil):
            guard Self.isLoopback(host) || adminInsecure else {
                throw ValidationError("the admin namespace has no authentication and \(host) is not a loopback address: "
                                      + "give --admin-user and --admin-password-hash, or --admin-insecure, or --no-admin")
            }
        default:
            throw ValidationError("--admin-user and --admin-password-hash go together")
        }
        return options
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

    /// Raises the soft open-files limit to the hard limit: each connection is a descriptor, and
    /// the usual soft limit (1,024) would refuse connections long before memory runs out.
    private static func raiseOpenFileLimit() {
        #if canImport(Glibc)
        let openFiles = Int32(RLIMIT_NOFILE.rawValue)
        #else
        let openFiles = RLIMIT_NOFILE
        #endif
        var limit = rlimit()
        guard getrlimit(openFiles, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(openFiles, &limit)
    }

    private static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    private func socketIOOptions() -> SocketIOServerOptions {
        var options = SocketIOServerOptions()
        options.engine = engineOptions(base: options.engine)
        if conformance { options.connectTimeout = .milliseconds(1000) }
        if let connectTimeout { options.connectTimeout = .milliseconds(Int64(connectTimeout)) }
        if recovery { options.connectionStateRecovery = ConnectionStateRecoveryOptions() }
        return options
    }

    private func engineOptions(base: EngineServerOptions) -> EngineServerOptions {
        var options = base
        if conformance {
            options.pingInterval = .milliseconds(300)
            options.pingTimeout = .milliseconds(200)
            options.cors = CORSOptions(origin: .any)
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
extension AdminOptions.Mode: ExpressibleByArgument {}

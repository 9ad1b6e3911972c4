import Logging
import NIOCore
import PostgresNIO
import SocketIO
import SocketIOCluster
import SocketIOPostgres
import SocketIOTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The database of the tests that need PostgreSQL: `SIO_TEST_POSTGRES_URL`.
enum TestDatabase {
    static let url: String? = getenv("SIO_TEST_POSTGRES_URL").map { String(cString: $0) }
    static let missing: Comment = "SIO_TEST_POSTGRES_URL is not set: `Scripts/postgres start` prints a URL (Scripts/test sets it)"
}

/// Servers joined through PostgreSQL, each with its own `PostgresClusterTransport`, on channels
/// and an attachment table of their own (tests run in parallel on one database).
struct PostgresCluster {
    static let adapterOptions: ClusterAdapterOptions = {
        var options = ClusterAdapterOptions()
        options.heartbeatInterval = .milliseconds(200)
        options.heartbeatTimeout = .seconds(3)
        options.membershipCheckInterval = .milliseconds(100)
        options.requestTimeout = .seconds(3)
        return options
    }()

    let servers: [SocketIOServer]
    let transports: [PostgresClusterTransport]
    let options: PostgresClusterOptions

    /// Runs `body` with `count` servers that know each other in `/`, then closes them and drops
    /// the table. `configure` adjusts the transports' options.
    static func with(_ count: Int, configure: (inout PostgresClusterOptions) -> Void = { _ in },
                     _ body: (PostgresCluster) async throws -> Void) async throws {
        let cluster = try await PostgresCluster(count, configure: configure)
        do {
            try await body(cluster)
        } catch {
            await cluster.close()
            throw error
        }
        await cluster.close()
    }

    private init(_ count: Int, configure: (inout PostgresClusterOptions) -> Void) async throws {
        let unique = String(UInt64.random(in: .min ... .max), radix: 16)
        var options = PostgresClusterOptions(endpoint: try PostgresEndpoint(url: try #require(TestDatabase.url)))
        options.channelPrefix = "sio-test-\(unique)"
        options.tableName = "sio_test_\(unique)"
        options.reconnectDelay = .milliseconds(100) ... .milliseconds(300)
        configure(&options)
        var servers: [SocketIOServer] = []
        var transports: [PostgresClusterTransport] = []
        for index in 0..<count {
            var nodeOptions = options
            nodeOptions.applicationName = Self.applicationName(options, node: index)
            let transport = try await PostgresClusterTransport(options: nodeOptions, logger: Self.logger)
            var serverOptions = SocketIOServerOptions()
            serverOptions.adapter = { ClusterAdapter(namespace: $0, transport: transport, options: Self.adapterOptions) }
            servers.append(SocketIOServer(options: serverOptions, logger: Self.logger))
            transports.append(transport)
        }
        self.servers = servers
        self.transports = transports
        self.options = options
        try await eventually(timeout: .seconds(5)) { [servers] in
            for server in servers {
                guard await server.sockets.adapter.serverCount() == count else { return false }
            }
            return true
        }
    }

    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    private static func applicationName(_ options: PostgresClusterOptions, node: Int) -> String {
        "\(options.tableName)-\(node)"
    }

    subscript(index: Int) -> SocketIOServer { servers[index] }

    /// The socket `client` has on server `index`.
    func socket(_ client: TestClient, on index: Int) -> Socket {
        servers[index].sockets.sockets[client.id]!
    }

    /// The rows of the attachment table.
    func attachmentCount() async throws -> Int64 {
        try await query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(options.tableName)")).first ?? 0
    }

    /// Ends the `role` (`listening` or `publishing`) connection of node `index` from the server
    /// side, as an administrator or a failover would; returns how many backends were ended.
    @discardableResult
    func terminate(_ role: String, of index: Int) async throws -> Int {
        let name = Self.applicationName(options, node: index) + " " + role
        let ended = try await query(
            "SELECT pg_terminate_backend(pid)::int::int8 FROM (SELECT pid FROM pg_stat_activity WHERE application_name = \(name)) AS backends")
        return ended.filter { $0 == 1 }.count
    }

    /// The first column (int8) of each row of `query`, run on a connection of its own.
    func query(_ query: PostgresQuery) async throws -> [Int64] {
        let endpoint = options.endpoint
        let configuration = PostgresConnection.Configuration(host: endpoint.host, port: endpoint.port, username: endpoint.username,
                                                             password: endpoint.password, database: endpoint.database, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: Self.logger)
        do {
            var values: [Int64] = []
            for try await value in try await connection.query(query, logger: Self.logger).decode(Int64.self) { values.append(value) }
            try await connection.close()
            return values
        } catch {
            try? await connection.close()
            throw error
        }
    }

    private func close() async {
        for server in servers { await server.close() }
        for transport in transports { await transport.close() }
        _ = try? await query(PostgresQuery(unsafeSQL: "DROP TABLE IF EXISTS \(options.tableName)"))
    }
}

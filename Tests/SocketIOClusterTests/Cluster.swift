import Logging
import NIOCore
import SocketIO
import SocketIOCluster
import SocketIOTestSupport

/// Servers joined by a `ClusterBus`, each namespace with a `ClusterAdapter`.
struct Cluster {
    /// Intervals short enough for tests, long enough not to drop a busy node.
    static let testOptions: ClusterAdapterOptions = {
        var options = ClusterAdapterOptions()
        options.heartbeatInterval = .milliseconds(100)
        options.heartbeatTimeout = .milliseconds(600)
        options.membershipCheckInterval = .milliseconds(50)
        options.requestTimeout = .milliseconds(1500)
        return options
    }()

    let bus = ClusterBus()
    let servers: [SocketIOServer]
    let transports: [BusTransport]

    /// `count` servers that have joined the cluster in `/` and all know each other.
    init(_ count: Int, options: ClusterAdapterOptions = Cluster.testOptions) async throws {
        var servers: [SocketIOServer] = []
        var transports: [BusTransport] = []
        for _ in 0..<count {
            let transport = bus.transport()
            var serverOptions = SocketIOServerOptions()
            serverOptions.adapter = { ClusterAdapter(namespace: $0, transport: transport, options: options) }
            servers.append(SocketIOServer(options: serverOptions, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }))
            transports.append(transport)
        }
        self.servers = servers
        self.transports = transports
        try await eventually { [bus, servers] in
            let announced = Set(bus.published.filter { $0.type == .initialHeartbeat }.map(\.uid))
            for server in servers {
                let adapter = server.sockets.adapter as! ClusterAdapter
                guard announced.contains(adapter.uid), await adapter.serverCount() == count else { return false }
            }
            return true
        }
    }

    subscript(index: Int) -> SocketIOServer { servers[index] }

    /// The adapter of `/` on server `index`.
    func adapter(_ index: Int) -> ClusterAdapter {
        servers[index].sockets.adapter as! ClusterAdapter
    }

    /// The socket `client` has on server `index`.
    func socket(_ client: TestClient, on index: Int) -> Socket {
        servers[index].sockets.sockets[client.id]!
    }
}

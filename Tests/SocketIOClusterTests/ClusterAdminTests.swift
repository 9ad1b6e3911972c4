import SocketIO
import SocketIOAdmin
import SocketIOCluster
import SocketIOProtocol
import SocketIOTestSupport
import Testing

@Suite("Cluster: the admin namespace")
struct ClusterAdminTests {
    @Test func anAdminOnOneNodeGetsTheStatsOfEveryNodeWithItsAdapterLink() async throws {
        let cluster = try await Cluster(2)
        let instruments = try (0..<2).map { index in
            var options = AdminOptions()
            options.serverId = "node-\(index)"
            options.statsInterval = .milliseconds(100)
            return try AdminInstrument.instrument(cluster[index], options: options)
        }
        defer { withExtendedLifetime(instruments) {} }
        let admin = try await TestClient(cluster[0])
        admin.send("0/admin,")
        var adapterByServer: [String: SocketIOValue] = [:]
        while adapterByServer.count < 2 {
            let frame = try await admin.next()
            guard frame.hasPrefix(#"2/admin,["server_stats","#) else { continue }
            let stats = try SocketIOValue(parsingJSON: String(frame.dropFirst("2/admin,".count))).arrayValue?[1].objectValue
            if let serverId = stats?["serverId"]?.stringValue { adapterByServer[serverId] = stats?["x_adapter"] ?? .null }
        }
        #expect(adapterByServer["node-0"] == ["transport": "bus", "state": "connected"])
        #expect(adapterByServer["node-1"] == ["transport": "bus", "state": "connected"])
    }
}

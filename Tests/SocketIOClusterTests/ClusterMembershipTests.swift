import NIOCore
import SocketIO
import SocketIOCluster
import SocketIOProtocol
import SocketIOTestSupport
import Testing

@Suite("Cluster: membership by heartbeats")
struct ClusterMembershipTests {
    @Test func everyNodeCountsTheOthers() async throws {
        let cluster = try await Cluster(3)
        for index in 0..<3 { #expect(await cluster[index].sockets.adapter.serverCount() == 3) }
    }

    @Test func uidsAreSixteenHexDigitsPerNamespace() async throws {
        let cluster = try await Cluster(1)
        let admin = try #require(cluster[0].of("/admin").adapter as? ClusterAdapter)
        for uid in [cluster.adapter(0).uid, admin.uid] {
            #expect(uid.count == 16 && uid.allSatisfy(\.isHexDigit) && uid == uid.lowercased())
        }
        #expect(admin.uid != cluster.adapter(0).uid)
    }

    @Test func aNamespaceCountsOnlyTheNodesThatHaveIt() async throws {
        let cluster = try await Cluster(2)
        let onlyHere = cluster[0].of("/only-here")
        let shared = cluster[0].of("/shared")
        _ = cluster[1].of("/shared")
        try await eventually { await shared.adapter.serverCount() == 2 }
        #expect(await onlyHere.adapter.serverCount() == 1)
    }

    @Test func nodesHeartbeatWhileIdle() async throws {
        let cluster = try await Cluster(2)
        let start = cluster.bus.published.count
        try await eventually {
            cluster.bus.published.dropFirst(start).filter { $0.type == .heartbeat }.count >= 4
        }
    }

    @Test func aSilentNodeIsDroppedAndRequestsStopWaitingForIt() async throws {
        let cluster = try await Cluster(2)
        let here = try await TestClient(cluster[0])
        _ = try await TestClient(cluster[1])
        cluster.transports[1].isSilenced = true
        let started = ContinuousClock.now
        let sockets = try await cluster[0].timeout(.seconds(5)).fetchSockets()
        #expect(sockets.map(\.id) == [here.id])
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(await cluster[0].sockets.adapter.serverCount() == 1)
    }

    @Test func aClosingNodeSaysSoAndIsForgottenAtOnce() async throws {
        var options = Cluster.testOptions
        options.heartbeatTimeout = .seconds(10)
        let cluster = try await Cluster(2, options: options)
        let closing = cluster.adapter(1).uid
        await cluster[1].close()
        #expect(cluster.bus.published.last == ClusterMessage(uid: closing, namespace: "/", body: .adapterClose))
        try await eventually { await cluster[0].sockets.adapter.serverCount() == 1 }
    }

    @Test func aNewNodeIsKnownWithinOneRoundTrip() async throws {
        var options = Cluster.testOptions
        options.heartbeatInterval = .seconds(10)
        options.heartbeatTimeout = .seconds(10)
        let cluster = try await Cluster(2, options: options)
        #expect(cluster.bus.published.filter { $0.type == .initialHeartbeat }.count == 2)
    }

    @Test func emittersAreObeyedButNotCounted() async throws {
        let cluster = try await Cluster(1)
        let client = try await TestClient(cluster[0])
        let packet = SocketIOPacket.event("news", [], namespace: "/")
        cluster.bus.inject(ClusterMessage(uid: ClusterMessage.emitterUID, namespace: "/",
                                          body: .broadcast(BroadcastBody(packet: packet, options: ClusterBroadcastOptions()))))
        #expect(try await client.next() == #"2["news"]"#)
        #expect(await cluster[0].sockets.adapter.serverCount() == 1)
    }
}

import SocketIO
import SocketIOCluster
import SocketIOProtocol
import SocketIOTestSupport
import Testing

@Suite("Cluster: socketsJoin, socketsLeave, disconnectSockets")
struct ClusterSocketsOperationsTests {
    @Test func socketsJoinAndLeaveReachEveryNode() async throws {
        let cluster = try await Cluster(2)
        let here = try await TestClient(cluster[0])
        let there = try await TestClient(cluster[1])
        cluster[0].socketsJoin("j")
        try await eventually { cluster.socket(there, on: 1).rooms.contains("j") }
        #expect(cluster.socket(here, on: 0).rooms.contains("j"))
        cluster[0].in("j").socketsLeave("j")
        try await eventually { !cluster.socket(there, on: 1).rooms.contains("j") }
        #expect(!cluster.socket(here, on: 0).rooms.contains("j"))
    }

    @Test func disconnectSocketsReachesEveryNode() async throws {
        let cluster = try await Cluster(3)
        let clients = [try await TestClient(cluster[0]), try await TestClient(cluster[1]), try await TestClient(cluster[2])]
        cluster.socket(clients[2], on: 2).join("stay")
        cluster[1].except("stay").disconnectSockets()
        #expect(try await clients[0].next() == "1")
        #expect(try await clients[1].next() == "1")
        try cluster[2].emit("still-here")
        #expect(try await clients[2].next() == #"2["still-here"]"#)
    }

    @Test func operationsArriveInTheOrderTheyWereIssued() async throws {
        let cluster = try await Cluster(2)
        let there = try await TestClient(cluster[1])
        for index in 0..<20 { try cluster[0].emit("event", .number(Double(index))) }
        cluster[0].disconnectSockets()
        for index in 0..<20 { #expect(try await there.next() == #"2["event",\#(index)]"#) }
        #expect(try await there.next() == "1")
    }

    @Test func receivedOperationsAreNeverPublishedAgain() async throws {
        let cluster = try await Cluster(3)
        let clients = [try await TestClient(cluster[1]), try await TestClient(cluster[2])]
        let before = cluster.bus.published.count
        try cluster[0].emit("once")
        cluster[0].socketsJoin("room")
        cluster[0].disconnectSockets()
        for client in clients {
            #expect(try await client.next() == #"2["once"]"#)
            #expect(try await client.next() == "1")
        }
        let operations = cluster.bus.published.dropFirst(before).filter { [.broadcast, .socketsJoin, .disconnectSockets].contains($0.type) }
        #expect(operations.map(\.uid) == Array(repeating: cluster.adapter(0).uid, count: 3))
    }
}

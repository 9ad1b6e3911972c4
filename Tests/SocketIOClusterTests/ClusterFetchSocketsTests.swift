import NIOCore
import SocketIO
import SocketIOCluster
import SocketIOProtocol
import SocketIOTestSupport
import Testing

@Suite("Cluster: fetchSockets and remote sockets")
struct ClusterFetchSocketsTests {
    @Test func returnsTheSocketsOfEveryNode() async throws {
        let cluster = try await Cluster(2)
        let here = try await TestClient(cluster[0])
        let there = try await TestClient(cluster[1])
        let socket = cluster.socket(there, on: 1)
        socket.join("r")
        socket.data = ["name": "there"]
        let sockets = try await cluster[0].fetchSockets()
        #expect(Set(sockets.map(\.id)) == [here.id, there.id])
        let remote = try #require(sockets.first { $0.id == there.id } as? RemoteSocket)
        #expect(remote.rooms == [there.id, "r"])
        #expect(remote.data == ["name": "there"])
        #expect(remote.handshake == socket.handshake)
    }

    @Test func appliesRoomsAndExceptOnEveryNode() async throws {
        let cluster = try await Cluster(3)
        let clients = [try await TestClient(cluster[0]), try await TestClient(cluster[1]), try await TestClient(cluster[2])]
        cluster.socket(clients[1], on: 1).join("r")
        cluster.socket(clients[2], on: 2).join(["r", "x"])
        #expect(try await cluster[0].in("r").except("x").fetchSockets().map(\.id) == [clients[1].id])
        #expect(try await cluster[0].local.fetchSockets().map(\.id) == [clients[0].id])
    }

    @Test func remoteSocketsForwardEmitJoinLeaveAndDisconnect() async throws {
        let cluster = try await Cluster(2)
        let there = try await TestClient(cluster[1])
        let remote = try #require(try await cluster[0].fetchSockets().first)
        try remote.emit("hello", arguments: [1])
        #expect(try await there.next() == #"2["hello",1]"#)
        remote.join(["a", "b"])
        try await eventually { cluster.socket(there, on: 1).rooms == [there.id, "a", "b"] }
        remote.leave("a")
        try await eventually { cluster.socket(there, on: 1).rooms == [there.id, "b"] }
        remote.disconnect(close: false)
        #expect(try await there.next() == "1")
    }

    @Test func remoteSocketsRefuseReservedEvents() async throws {
        let cluster = try await Cluster(2)
        _ = try await TestClient(cluster[1])
        let remote = try #require(try await cluster[0].fetchSockets().first)
        #expect(throws: SocketIOError.reservedEventName("connect")) { try remote.emit("connect", arguments: []) }
    }

    @Test func aNodeThatDoesNotAnswerMakesItTimeOut() async throws {
        let cluster = try await Cluster(2)
        cluster.transports[1].isSilenced = true
        await #expect(throws: SocketIOError.requestTimeout(missingResponses: 1)) {
            try await cluster[0].timeout(.milliseconds(200)).fetchSockets()
        }
    }
}

import NIOCore
import SocketIO
import SocketIOCluster
import SocketIOProtocol
import SocketIOTestSupport
import Testing

@Suite("Cluster: broadcasts")
struct ClusterBroadcastTests {
    @Test func reachesTheMatchingSocketsOfEveryNode() async throws {
        let cluster = try await Cluster(3)
        let clients = [try await TestClient(cluster[0]), try await TestClient(cluster[1]), try await TestClient(cluster[2])]
        cluster.socket(clients[0], on: 0).join("r")
        cluster.socket(clients[1], on: 1).join("r")
        cluster.socket(clients[2], on: 2).join(["r", "x"])
        try cluster[0].to("r").except("x").emit("hi", "there")
        try cluster[0].emit("end")  // from the same node, so it arrives after "hi" everywhere
        #expect(try await clients[0].next() == #"2["hi","there"]"#)
        #expect(try await clients[1].next() == #"2["hi","there"]"#)
        #expect(try await clients[2].next() == #"2["end"]"#)
        #expect(try await clients[0].next() == #"2["end"]"#)
    }

    @Test func binaryArgumentsCrossNodes() async throws {
        let cluster = try await Cluster(2)
        let client = try await TestClient(cluster[1])
        try cluster[0].emit("file", .binary(ByteBuffer(bytes: [1, 2, 3])))
        #expect(try await client.next() == #"51-["file",{"_placeholder":true,"num":0}]"#)
    }

    @Test func localStaysOnItsNode() async throws {
        let cluster = try await Cluster(2)
        let here = try await TestClient(cluster[0])
        let there = try await TestClient(cluster[1])
        try cluster[0].local.emit("mine")
        try cluster[0].emit("everyone")
        #expect(try await here.next() == #"2["mine"]"#)
        #expect(try await there.next() == #"2["everyone"]"#)
    }

    @Test func acknowledgementsOfEveryNodeAreCollected() async throws {
        let cluster = try await Cluster(3)
        let first = try await TestClient(cluster[0])
        let second = try await TestClient(cluster[1])
        let third = try await TestClient(cluster[1])
        async let answers = cluster[0].timeout(.seconds(1)).emitWithAck("ping")
        for (client, answer) in [(first, "a"), (second, "b"), (third, "c")] {
            client.acknowledge(try await client.next(), with: .string(answer))
        }
        #expect(try await answers.sorted { $0.stringValue! < $1.stringValue! } == ["a", "b", "c"])
    }

    @Test func eachNodeUsesItsOwnAckIDs() async throws {
        let cluster = try await Cluster(2)
        let here = try await TestClient(cluster[0])
        let there = try await TestClient(cluster[1])
        _ = cluster[1].sockets.nextAckID()
        async let answers = cluster[0].timeout(.seconds(1)).emitWithAck("ping")
        let local = try await here.next()
        let remote = try await there.next()
        #expect(local == #"20["ping"]"#)
        #expect(remote == #"21["ping"]"#)
        here.acknowledge(local, with: 1)
        there.acknowledge(remote, with: 2)
        #expect(try await answers.count == 2)
    }

    @Test func aTimeoutReportsTheAcknowledgementsThatArrived() async throws {
        let cluster = try await Cluster(2)
        let answering = try await TestClient(cluster[1])
        _ = try await TestClient(cluster[1])
        async let outcome: Result<[SocketIOValue], SocketIOError> = {
            do throws(SocketIOError) {
                return .success(try await cluster[0].timeout(.milliseconds(300)).emitWithAck("ping"))
            } catch {
                return .failure(error)
            }
        }()
        answering.acknowledge(try await answering.next(), with: "only")
        #expect(await outcome == .failure(.ackTimeout(responses: ["only"])))
    }
}

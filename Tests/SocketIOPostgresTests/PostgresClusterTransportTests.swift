import NIOCore
import SocketIO
import SocketIOCluster
import SocketIOPostgres
import SocketIOProtocol
import SocketIOTestSupport
import Testing

@Suite("PostgreSQL transport (needs SIO_TEST_POSTGRES_URL)", .enabled(if: TestDatabase.url != nil, TestDatabase.missing),
       .timeLimit(.minutes(1)))
struct PostgresClusterTransportTests {
    @Test func broadcastsCrossNodes() async throws {
        try await PostgresCluster.with(2) { cluster in
            let there = try await TestClient(cluster[1])
            cluster.socket(there, on: 1).join("r")
            try cluster[0].to("r").emit("hi", "there")
            #expect(try await there.next(timeout: .seconds(5)) == #"2["hi","there"]"#)
        }
    }

    @Test func largeAndBinaryMessagesGoThroughTheAttachmentTable() async throws {
        try await PostgresCluster.with(2) { cluster in
            let there = try await TestClient(cluster[1])
            let large = String(repeating: "x", count: 9000)
            try cluster[0].emit("large", .string(large))
            try cluster[0].emit("file", .binary(ByteBuffer(bytes: [1, 2, 3])))
            #expect(try await there.next(timeout: .seconds(5)) == #"2["large",""# + large + #""]"#)
            #expect(try await there.next(timeout: .seconds(5)) == #"51-["file",{"_placeholder":true,"num":0}]"#)
            #expect(try await cluster.attachmentCount() == 2)
        }
    }

    @Test func aMessageJustUnderTheThresholdTravelsInline() async throws {
        try await PostgresCluster.with(2) { cluster in
            let there = try await TestClient(cluster[1])
            let envelope = #"{"type":3,"data":{"packet":{"type":2,"data":["m",""]},"opts":{"rooms":[],"except":[],"flags":{}}},"uid":"0123456789abcdef","nsp":"/"}"#
            let text = String(repeating: "y", count: 7999 - envelope.utf8.count)
            try cluster[0].emit("m", .string(text))
            #expect(try await there.next(timeout: .seconds(5)) == #"2["m",""# + text + #""]"#)
            #expect(try await cluster.attachmentCount() == 0)
        }
    }

    @Test func fetchSocketsReturnsTheSocketsOfEveryNode() async throws {
        try await PostgresCluster.with(2) { cluster in
            let here = try await TestClient(cluster[0])
            let there = try await TestClient(cluster[1])
            cluster.socket(there, on: 1).data = ["name": "there"]
            let sockets = try await cluster[0].fetchSockets()
            #expect(Set(sockets.map(\.id)) == [here.id, there.id])
            #expect(sockets.first { $0.id == there.id }?.data == ["name": "there"])
        }
    }

    @Test func operationsArriveInPublishOrder() async throws {
        try await PostgresCluster.with(2) { cluster in
            let there = try await TestClient(cluster[1])
            let large = String(repeating: "z", count: 9000)
            for index in 0..<10 {
                try cluster[0].emit("n", .number(Double(index)), .string(index.isMultiple(of: 2) ? large : ""))
            }
            cluster[0].disconnectSockets()
            for index in 0..<10 {
                let packet = try await there.next(timeout: .seconds(5))
                #expect(packet.hasPrefix(#"2["n",\#(index),"#), "packet \(index)")
            }
            #expect(try await there.next(timeout: .seconds(5)) == "1")
        }
    }

    @Test func theListeningConnectionIsReestablishedAndDeliveryResumes() async throws {
        try await PostgresCluster.with(2) { cluster in
            let there = try await TestClient(cluster[1])
            let states = Reports<PostgresClusterState>()
            cluster.transports[1].observeState { states.append($0) }
            #expect(try await cluster.terminate("listening", of: 1) == 1)
            guard case .reconnecting = try await states.wait(for: 1, timeout: .seconds(5))[0] else {
                Issue.record("expected reconnecting, got \(states.values)")
                return
            }
            try cluster[1].emit("local")
            #expect(try await there.next(timeout: .seconds(5)) == #"2["local"]"#)
            #expect(try await states.wait(for: 2, timeout: .seconds(5))[1] == .connected)
            #expect(cluster.transports[1].state == .connected)
            try cluster[0].emit("remote")
            #expect(try await there.next(timeout: .seconds(5)) == #"2["remote"]"#)
        }
    }

    @Test func thePublishingConnectionIsReestablished() async throws {
        try await PostgresCluster.with(2) { cluster in
            let there = try await TestClient(cluster[1])
            let states = Reports<PostgresClusterState>()
            cluster.transports[0].observeState { states.append($0) }
            #expect(try await cluster.terminate("publishing", of: 0) == 1)
            #expect(try await states.wait(for: 2, timeout: .seconds(5)).last == .connected)
            try cluster[0].emit("again")
            #expect(try await there.next(timeout: .seconds(5)) == #"2["again"]"#)
        }
    }

    @Test func oldAttachmentsAreCleanedUp() async throws {
        // Rows live one to two intervals: long enough to be seen, short enough for the test.
        try await PostgresCluster.with(1, configure: { $0.cleanupInterval = .seconds(1) }) { cluster in
            try cluster[0].emit("file", .binary(ByteBuffer(bytes: [1])))
            try await eventually(timeout: .seconds(5)) { (try? await cluster.attachmentCount()) == 1 }
            try await eventually(timeout: .seconds(5)) { (try? await cluster.attachmentCount()) == 0 }
        }
    }

    @Test func closingReportsClosed() async throws {
        try await PostgresCluster.with(1) { cluster in
            #expect(cluster.transports[0].state == .connected)
            await cluster.transports[0].close()
            #expect(cluster.transports[0].state == .closed)
        }
    }
}

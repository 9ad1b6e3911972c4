import NIOCore
import SocketIO
import SocketIOCluster
import SocketIOProtocol
import SocketIOTestSupport
import Testing

@Suite("Cluster: server-side emits")
struct ClusterServerSideEmitTests {
    @Test func reachTheListenersOfEveryOtherNode() async throws {
        let cluster = try await Cluster(3)
        let received = Reports<String>()
        for index in 0..<3 {
            cluster[index].onServerSideEmit("hello") { event in
                received.append("\(index):\(event.arguments.map(\.jsonString).joined(separator: ","))")
            }
        }
        cluster[0].serverSideEmit("hello", "world", 1)
        #expect(try await received.wait(for: 2).sorted() == [#"1:"world",1"#, #"2:"world",1"#])
    }

    @Test func withAckReturnOneAnswerPerOtherNode() async throws {
        let cluster = try await Cluster(3)
        for index in 1..<3 {
            cluster[index].onServerSideEmit("count") { event in
                event.ack?(.number(Double(index)), "ignored")
                event.ack?("second call ignored")
            }
        }
        let answers = try await cluster[0].serverSideEmitWithAck("count")
        #expect(answers.sorted { $0.numberValue! < $1.numberValue! } == [1, 2])
    }

    @Test func withAckTimeOutWithTheAnswersThatArrived() async throws {
        let cluster = try await Cluster(3)
        cluster[1].onServerSideEmit("count") { event in event.ack?("one") }
        cluster[2].onServerSideEmit("count") { _ in }
        await #expect(throws: SocketIOError.ackTimeout(responses: ["one"])) {
            try await cluster[0].serverSideEmitWithAck("count", timeout: .milliseconds(200))
        }
    }

    @Test func withAckAloneAnswersAtOnce() async throws {
        let cluster = try await Cluster(1)
        #expect(try await cluster[0].serverSideEmitWithAck("anyone").isEmpty)
    }

    @Test func stayInTheirNamespace() async throws {
        let cluster = try await Cluster(2)
        let admin = cluster[1].of("/admin")
        try await eventually { await cluster[0].of("/admin").adapter.serverCount() == 2 }
        let received = Reports<String>()
        cluster[1].onServerSideEmit("where") { _ in received.append("/") }
        admin.onServerSideEmit("where") { _ in received.append("/admin") }
        cluster[0].of("/admin").serverSideEmit("where")
        cluster[0].serverSideEmit("where")
        #expect(try await received.wait(for: 2) == ["/admin", "/"])
    }
}

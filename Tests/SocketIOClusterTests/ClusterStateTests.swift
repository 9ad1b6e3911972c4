import NIOCore
import SocketIOProtocol
import Synchronization
import Testing

@testable import SocketIOCluster

@Suite("ClusterState: membership, heartbeats and requests without a network")
struct ClusterStateTests {
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    /// Completions' results, recorded.
    final class Outcomes: Sendable {
        private let values = Mutex<[String]>([])
        var all: [String] { values.withLock { $0 } }

        func completion(_ name: String) -> ClusterRequests<SocketIOValue>.Completion {
            { answers, missing in self.values.withLock { $0.append("\(name): \(SocketIOValue.array(answers).jsonString) missing \(missing)") } }
        }

        func completion(_ name: String) -> ClusterRequests<SocketDescription>.Completion {
            { answers, missing in self.values.withLock { $0.append("\(name): \(answers.count) sockets missing \(missing)") } }
        }
    }

    @Test func serverCountIsOnePlusTheNodesHeard() {
        var state = ClusterState(now: start)
        state.heard(from: "a", at: start)
        state.heard(from: "b", at: start)
        state.heard(from: "a", at: start)
        #expect(state.serverCount == 3)
        #expect(state.otherNodes == ["a", "b"])
    }

    @Test func nodesSilentLongerThanTheTimeoutAreDropped() {
        var state = ClusterState(now: start)
        state.heard(from: "old", at: start)
        state.heard(from: "recent", at: start + .seconds(5))
        _ = state.dropSilentNodes(at: start + .seconds(10), timeout: .seconds(10))
        #expect(state.otherNodes == ["old", "recent"])
        _ = state.dropSilentNodes(at: start + .seconds(11), timeout: .seconds(10))
        #expect(state.otherNodes == ["recent"])
    }

    @Test func aHeartbeatIsDueAnIntervalAfterTheLastPublication() {
        var state = ClusterState(now: start)
        state.published(at: start + .seconds(3))
        let early = state.heartbeatTick(at: start + .seconds(5), interval: .seconds(5))
        #expect(!early.publish && early.next == start + .seconds(8))
        let due = state.heartbeatTick(at: start + .seconds(8), interval: .seconds(5))
        #expect(due.publish && due.next == start + .seconds(13))
    }

    @Test func aRequestWithoutOtherNodesIsNotKept() {
        var state = ClusterState(now: start)
        let outcomes = Outcomes()
        let kept = state.fetches.start("r", waitingFor: state.otherNodes, completion: outcomes.completion("r"))
        #expect(!kept)
        #expect(state.fetches.count == 0)
    }

    @Test func aRequestCompletesWhenEveryNodeAnswered() {
        var state = ClusterState(now: start)
        state.heard(from: "a", at: start)
        state.heard(from: "b", at: start)
        let outcomes = Outcomes()
        _ = state.serverSideEmits.start("r", waitingFor: state.otherNodes, completion: outcomes.completion("r"))
        let early = [
            state.serverSideEmits.received([1], for: "r", from: "a"),
            state.serverSideEmits.received([9], for: "r", from: "a"),
            state.serverSideEmits.received([9], for: "r", from: "stranger"),
        ]
        #expect(early.allSatisfy { $0 == nil })
        state.serverSideEmits.received([2], for: "r", from: "b")?()
        #expect(outcomes.all == ["r: [1,2] missing 0"])
        #expect(state.serverSideEmits.count == 0)
    }

    @Test func aNodeLeavingCompletesTheRequestsWaitingOnlyForIt() {
        var state = ClusterState(now: start)
        state.heard(from: "a", at: start)
        state.heard(from: "b", at: start)
        let outcomes = Outcomes()
        _ = state.serverSideEmits.start("r", waitingFor: state.otherNodes, completion: outcomes.completion("r"))
        _ = state.serverSideEmits.received(["x"], for: "r", from: "a")
        for completion in state.nodeLeft("b") { completion() }
        #expect(outcomes.all == [#"r: ["x"] missing 0"#])
        #expect(state.serverCount == 2)
    }

    @Test func aTimeoutReportsTheMissingNodes() {
        var state = ClusterState(now: start)
        state.heard(from: "a", at: start)
        state.heard(from: "b", at: start)
        let outcomes = Outcomes()
        _ = state.fetches.start("r", waitingFor: state.otherNodes, completion: outcomes.completion("r"))
        state.requestTimedOut("r")?()
        let again = state.requestTimedOut("r")
        #expect(again == nil)
        #expect(outcomes.all == ["r: 0 sockets missing 2"])
    }

    @Test func acknowledgedBroadcastsAreRoutedUntilTheirTimeout() {
        var state = ClusterState(now: start)
        state.awaitAcks("r", ClusterState.AckedBroadcast(clientCount: { _ in }, ack: { _ in }))
        #expect(state.ackedBroadcast("r") != nil)
        let completion = state.requestTimedOut("r")
        #expect(completion == nil)
        #expect(state.ackedBroadcast("r") == nil)
    }
}

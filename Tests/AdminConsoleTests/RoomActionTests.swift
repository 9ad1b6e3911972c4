import SocketIOProtocol
import Testing

@testable import AdminConsole

@Suite("Room actions: join (J), leave (L), move (m)")
struct RoomActionTests {
    let alice = SocketKey(namespace: "/", id: "alice")

    func sockets(features: [String] = ourFeatures) -> Console {
        var console = Console.connected(features: features, [connected(socket(id: "alice", rooms: ["alice", "lobby"]))])
        console.press(.character("2"))
        return console
    }

    @Test func joinSendsTheRoomAndTheSocketsId() throws {
        var console = sockets()
        console.press(.character("J"))
        console.type("vip")
        let plan = try #require(sentPlan(console.press(.enter)))
        #expect(plan.steps.map { wire($0) } == [#"42/admin,9["join","/","vip","alice"]"#])
    }

    @Test func roomNameIsTrimmed() throws {
        var console = sockets()
        console.press(.character("J"))
        console.type("  vip ")
        let plan = try #require(sentPlan(console.press(.enter)))
        #expect(plan.steps.first?.arguments == ["/", "vip", "alice"])
    }

    @Test func emptyRoomIsRefused() {
        var console = sockets()
        console.press(.character("J"))
        console.type("  ")
        #expect(console.press(.enter).isEmpty)
        #expect(console.screen().contains("a room name is required"))
    }

    @Test func leaveOffersTheSocketsFirstSharedRoom() throws {
        var console = sockets()
        console.press(.character("L"))
        #expect(console.prompt?.fields.first?.text == "lobby")
        let plan = try #require(sentPlan(console.press(.enter)))
        #expect(plan.steps.map { wire($0) } == [#"42/admin,9["leave","/","lobby","alice"]"#])
    }

    @Test func typingReplacesTheOfferedRoom() throws {
        var console = sockets()
        console.press(.character("L"))
        console.type("vip")
        let plan = try #require(sentPlan(console.press(.enter)))
        #expect(plan.steps.first?.arguments == ["/", "vip", "alice"])
    }

    @Test func moveSendsXMove() throws {
        var console = sockets()
        console.press(.character("m"), .enter)
        console.type("game-1")
        let plan = try #require(sentPlan(console.press(.enter)))
        #expect(plan.steps.map { wire($0) } == [#"42/admin,9["x_move","/","lobby","game-1","alice"]"#])
    }

    @Test func moveOnANodeServerJoinsThenLeavesWithoutAcks() throws {
        var console = sockets(features: officialFeatures)
        console.press(.character("m"), .enter)
        console.type("game-1")
        let plan = try #require(sentPlan(console.press(.enter)))
        #expect(plan.steps.map { wire($0) } == [#"42/admin,["join","/","game-1","alice"]"#, #"42/admin,["leave","/","lobby","alice"]"#])
    }

    @Test func moveToTheSameRoomIsNotSent() {
        var console = sockets()
        console.press(.character("m"), .enter)
        console.type("lobby")
        #expect(console.press(.enter).isEmpty)
        #expect(console.statusLine().contains("already in lobby"))
    }

    @Test func aRoomRowTargetsTheRoom() throws {
        var console = Console.connected([connected(socket(id: "alice", rooms: ["alice", "lobby"]))])
        console.press(.character("3"))
        #expect(console.selectedTarget == .room(namespace: "/", room: "lobby"))
        console.press(.character("J"))
        console.type("vip")
        let plan = try #require(sentPlan(console.press(.enter)))
        #expect(plan.steps.map { wire($0) } == [#"42/admin,9["join","/","vip","lobby"]"#])
    }

    @Test func leavingFromARoomRowOffersThatRoom() {
        var console = Console.connected([connected(socket(id: "alice", rooms: ["alice", "lobby"]))])
        console.press(.character("3"), .character("L"))
        #expect(console.prompt?.fields.first?.text == "lobby")
    }

    @Test func aMemberRowTargetsTheMember() {
        var console = Console.connected([connected(socket(id: "alice", rooms: ["alice", "lobby"]))])
        console.press(.character("3"), .down)
        #expect(console.selectedTarget == .socket(alice))
    }

    @Test func aNamespaceRowJoinsTheWholeNamespace() throws {
        var console = Console.connected([stats()])
        console.press(.character("J"))
        console.type("everyone")
        let plan = try #require(sentPlan(console.press(.enter)))
        #expect(plan.steps.map { wire($0) } == [#"42/admin,9["join","/","everyone",null]"#])
    }
}

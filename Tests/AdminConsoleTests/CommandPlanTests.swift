import SocketIOProtocol
import Testing

@testable import AdminConsole

@Suite("CommandPlan: wire steps, extensions when announced, official fallbacks otherwise (spec §3, §9.6–9.8, vectors §10)")
struct CommandPlanTests {
    let target = CommandTarget.socket(SocketKey(namespace: "/", id: specSocketId))
    let ours = Set(ourFeatures)
    let node = Set(officialFeatures)

    func wireSteps(_ command: ConsoleCommand, _ features: Set<String>, firstAckID: UInt64 = 9) -> [String] {
        CommandPlan(command, features: features).steps.enumerated().map { wire($0.element, ackID: firstAckID + UInt64($0.offset)) }
    }

    @Test func xEmitWithAckMatchesTheSpecVector() {
        let command = ConsoleCommand.emit(target, event: "ping", arguments: [["n": 1]], waitForAck: true)
        #expect(wireSteps(command, ours) == [#"42/admin,9["x_emit","/","AbCdEfGhIjKlMnOpAAAB",{"ack":true,"timeoutMs":5000},"ping",{"n":1}]"#])
        #expect(CommandPlan(command, features: ours).caveat == nil)
    }

    @Test func xEmitWaitsLongerThanTheTargetsAckTimeout() {
        let plan = CommandPlan(.emit(target, event: "ping", arguments: [], waitForAck: true), features: ours)
        #expect(plan.ackTimeoutMilliseconds > CommandPlan.emitAckTimeoutMilliseconds)
    }

    @Test func xEmitWithoutAckStillAsksTheServerToConfirm() {
        let command = ConsoleCommand.emit(target, event: "ping", arguments: [], waitForAck: false)
        #expect(wireSteps(command, ours) == [#"42/admin,9["x_emit","/","AbCdEfGhIjKlMnOpAAAB",{"ack":false,"timeoutMs":5000},"ping"]"#])
    }

    @Test func emitOnANodeServerIsTheOfficialEmitWithoutAck() {
        let command = ConsoleCommand.emit(target, event: "ping", arguments: ["hi", ["n": 1]], waitForAck: false)
        #expect(wireSteps(command, node) == [#"42/admin,["emit","/","AbCdEfGhIjKlMnOpAAAB","ping","hi",{"n":1}]"#])
        #expect(CommandPlan(command, features: node).caveat == "sent; this server does not acknowledge commands")
    }

    @Test func emitWaitingForAcksOnANodeServerSaysItCannot() {
        let plan = CommandPlan(.emit(target, event: "ping", arguments: [], waitForAck: true), features: node)
        #expect(plan.steps.map(\.event) == ["emit"])
        #expect(plan.caveat == "this server cannot report acks; emitted without")
    }

    @Test func xMoveMatchesTheSpecVector() {
        let command = ConsoleCommand.move(.namespace("/"), from: "lobby", to: "game-1")
        #expect(wireSteps(command, ours, firstAckID: 10) == [#"42/admin,10["x_move","/","lobby","game-1",null]"#])
    }

    @Test func xMoveOfASocketFiltersByItsId() {
        let command = ConsoleCommand.move(target, from: "lobby", to: "game-1")
        #expect(wireSteps(command, ours) == [#"42/admin,9["x_move","/","lobby","game-1","AbCdEfGhIjKlMnOpAAAB"]"#])
    }

    @Test func moveOnANodeServerJoinsThenLeaves() {
        let command = ConsoleCommand.move(target, from: "lobby", to: "game-1")
        #expect(wireSteps(command, node) == [#"42/admin,["join","/","game-1","AbCdEfGhIjKlMnOpAAAB"]"#,
                                             #"42/admin,["leave","/","lobby","AbCdEfGhIjKlMnOpAAAB"]"#])
        #expect(CommandPlan(command, features: node).caveat == "join then leave: not atomic; not acknowledged")
    }

    @Test func moveOfAWholeNamespaceOnANodeServerTargetsTheFromRoom() {
        let command = ConsoleCommand.move(.namespace("/"), from: "lobby", to: "game-1")
        #expect(wireSteps(command, node) == [#"42/admin,["join","/","game-1","lobby"]"#, #"42/admin,["leave","/","lobby","lobby"]"#])
    }

    @Test func xKickMatchesTheSpecVectorWithCloseSpelledOut() {
        let command = ConsoleCommand.kick(target, reason: "spamming", close: false)
        #expect(wireSteps(command, ours, firstAckID: 11)
            == [#"42/admin,11["x_kick","/","AbCdEfGhIjKlMnOpAAAB",{"reason":"spamming","close":false,"notify":"kicked"}]"#])
    }

    @Test func xKickOfAWholeNamespaceSaysAll() {
        // Without "all", a null filter is refused as "unsafe" (spec §9.8, vector §10 id 12).
        let command = ConsoleCommand.kick(.namespace("/"), reason: "maintenance", close: true)
        #expect(wireSteps(command, ours, firstAckID: 12)
            == [#"42/admin,12["x_kick","/",null,{"reason":"maintenance","close":true,"notify":"kicked","all":true}]"#])
    }

    @Test func xKickOfARoomFiltersByTheRoom() {
        let command = ConsoleCommand.kick(.room(namespace: "/chat", room: "lobby"), reason: "closing", close: false)
        #expect(wireSteps(command, ours) == [#"42/admin,9["x_kick","/chat","lobby",{"reason":"closing","close":false,"notify":"kicked"}]"#])
    }

    @Test func kickOnANodeServerIsTheOfficialDisconnect() {
        let command = ConsoleCommand.kick(target, reason: "spamming", close: true)
        #expect(wireSteps(command, node) == [#"42/admin,["_disconnect","/",true,"AbCdEfGhIjKlMnOpAAAB"]"#])
        #expect(CommandPlan(command, features: node).caveat == "the reason stays in this console; not acknowledged")
    }

    @Test func officialJoinIsAcknowledgedWithXCommandAck() {
        let command = ConsoleCommand.join(target, room: "room1")
        #expect(wireSteps(command, ours, firstAckID: 7) == [#"42/admin,7["join","/","room1","AbCdEfGhIjKlMnOpAAAB"]"#])
    }

    @Test func officialJoinHasNoAckOnANodeServer() {
        #expect(wireSteps(.join(target, room: "room1"), node) == [#"42/admin,["join","/","room1","AbCdEfGhIjKlMnOpAAAB"]"#])
    }

    @Test func leavingARoomForTheWholeNamespaceSendsANullFilter() {
        // Spec §3.1: a missing or null filter both mean the whole namespace ("clear room").
        #expect(wireSteps(.leave(.namespace("/"), room: "room1"), node) == [#"42/admin,["leave","/","room1",null]"#])
    }

    @Test func roomTargetFiltersByTheRoomName() {
        #expect(wireSteps(.join(.room(namespace: "/", room: "lobby"), room: "vip"), node) == [#"42/admin,["join","/","vip","lobby"]"#])
    }

    @Test(arguments: [
        ConsoleCommand.emit(.socket(SocketKey(namespace: "/", id: "a")), event: "ping", arguments: [], waitForAck: true),
        .join(.socket(SocketKey(namespace: "/", id: "a")), room: "r"),
        .leave(.namespace("/"), room: "r"),
        .move(.socket(SocketKey(namespace: "/", id: "a")), from: "r", to: "s"),
        .kick(.namespace("/"), reason: "x", close: false),
    ])
    func noStepAsksForAnAckWithoutXCommandAck(_ command: ConsoleCommand) {
        // An ack on an official command changes its meaning on Node (spec §3.2).
        #expect(CommandPlan(command, features: Set(officialFeatures)).steps.allSatisfy { !$0.expectsAck })
    }

    @Test(arguments: [
        ConsoleCommand.join(.socket(SocketKey(namespace: "/", id: "a")), room: "r"),
        .leave(.namespace("/"), room: "r"),
    ])
    func officialStepsAskForAnAckWithXCommandAck(_ command: ConsoleCommand) {
        let plan = CommandPlan(command, features: ["JOIN", "LEAVE", "X_COMMAND_ACK"])
        #expect(plan.steps.allSatisfy { $0.expectsAck })
        #expect(plan.caveat == nil)
    }

    @Test func aReadonlyNodeServerIsNotSentCommandsItWouldDropSilently() {
        // Node's readonly mode announces no command flags and registers no handlers.
        let readonlyNode: Set<String> = ["AGGREGATED_EVENTS", "ALL_EVENTS"]
        let kick = ConsoleCommand.kick(.socket(SocketKey(namespace: "/", id: "a")), reason: "r", close: false)
        #expect(CommandPlan.refusal(for: kick, features: readonlyNode) == "this server does not accept DISCONNECT commands (readonly?)")
        #expect(CommandPlan.refusal(for: kick, features: Set(officialFeatures)) == nil)
    }

    @Test func aServerThatAcknowledgesCommandsIsAlwaysAsked() {
        // Ours answers `readonly` itself, so the operator sees the server's own refusal.
        let move = ConsoleCommand.move(.namespace("/"), from: "a", to: "b")
        #expect(CommandPlan.refusal(for: move, features: ["X_COMMAND_ACK"]) == nil)
        #expect(CommandPlan.refusal(for: move, features: []) == "the server has not sent its configuration yet")
    }
}

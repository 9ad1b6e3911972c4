import SocketIOProtocol
import Testing

@testable import AdminConsole

@Suite("Kick action (K): reason, whole connection?, then confirmation")
struct KickActionTests {
    func sockets(features: [String] = ourFeatures) -> Console {
        var console = Console.connected(features: features, [event(SpecVector.serverStats), event(SpecVector.socketConnected)])
        console.press(.character("2"))
        return console
    }

    /// Fills in the kick form with `reason` and `close`, up to the confirmation.
    func fillKick(_ console: inout Console, reason: String, close: String? = nil) {
        console.press(.character("K"))
        console.type(reason)
        console.press(.enter)
        if let close { console.type(close) }
        console.press(.enter)
    }

    @Test func kickAsksForConfirmationBeforeSending() {
        var console = sockets()
        console.press(.character("K"))
        console.type("spamming")
        #expect(console.press(.enter, .enter).isEmpty)
        #expect(console.confirmation != nil)
        #expect(console.statusLine() == "Kick socket AbCdEfGhIjKlMnOpAAAB? (y/N)")
    }

    @Test func confirmedKickSendsXKickWithReasonAndNotify() throws {
        var console = sockets()
        fillKick(&console, reason: "spamming")
        let plan = try #require(sentPlan(console.press(.character("y"))))
        #expect(plan.steps.map { wire($0) } == [#"42/admin,9["x_kick","/","AbCdEfGhIjKlMnOpAAAB",{"reason":"spamming","close":false,"notify":"kicked"}]"#])
    }

    @Test func answeringYesClosesTheWholeConnection() throws {
        var console = sockets()
        fillKick(&console, reason: "spamming", close: "y")
        #expect(console.statusLine() == "Kick socket AbCdEfGhIjKlMnOpAAAB and close its connection? (y/N)")
        let plan = try #require(sentPlan(console.press(.character("Y"))))
        #expect(plan.steps.first?.arguments.last == ["reason": "spamming", "close": true, "notify": "kicked"])
    }

    @Test(arguments: [KeyPress.character("n"), .enter, .escape, .character("K")])
    func anyOtherKeyCancelsTheKick(_ key: KeyPress) {
        var console = sockets()
        fillKick(&console, reason: "spamming")
        #expect(console.press(key).isEmpty)
        #expect(console.confirmation == nil)
        #expect(console.pending.isEmpty)
        #expect(console.statusLine().contains("cancelled"))
    }

    @Test func emptyReasonFallsBackToTheDefault() throws {
        var console = sockets()
        console.press(.character("K"), .backspace, .enter, .enter)
        let plan = try #require(sentPlan(console.press(.character("y"))))
        #expect(plan.steps.first?.arguments.last?.objectValue?["reason"] == "kicked by an operator")
    }

    @Test func kickOnANodeServerSendsTheOfficialDisconnect() throws {
        var console = sockets(features: officialFeatures)
        fillKick(&console, reason: "spamming", close: "y")
        let plan = try #require(sentPlan(console.press(.character("y"))))
        #expect(plan.steps.map { wire($0) } == [#"42/admin,["_disconnect","/",true,"AbCdEfGhIjKlMnOpAAAB"]"#])
    }

    @Test func aNamespaceRowInTheOverviewTargetsTheWholeNamespace() throws {
        var console = Console.connected([event(SpecVector.serverStats)])
        #expect(console.selectedTarget == .namespace("/"))
        fillKick(&console, reason: "maintenance")
        #expect(console.statusLine() == "Kick namespace /? (y/N)")
        let plan = try #require(sentPlan(console.press(.character("y"))))
        #expect(plan.steps.map { wire($0) } == [#"42/admin,9["x_kick","/",null,{"reason":"maintenance","close":false,"notify":"kicked","all":true}]"#])
    }

    @Test func aSocketThatLeftCannotBeKicked() {
        var console = sockets()
        console.press(.enter)
        console.receive(.socketDisconnected(SocketKey(namespace: "/", id: specSocketId), reason: "transport close", at: now))
        console.press(.character("K"))
        #expect(console.prompt == nil)
        #expect(console.statusLine().contains("socket AbCdEfGhIjKlMnOpAAAB is gone"))
    }
}

import SocketIOProtocol
import Testing

@testable import AdminConsole

@Suite("Emit action (e): event name, JSON arguments, wait for acks")
struct EmitActionTests {
    /// The sockets tab of a console with the §10 socket selected.
    func sockets(features: [String] = ourFeatures) -> Console {
        var console = Console.connected(features: features, [event(SpecVector.socketConnected)])
        console.press(.character("2"))
        return console
    }

    @Test func emitSendsXEmitWithTheTypedArgumentsAndAck() throws {
        var console = sockets()
        console.press(.character("e"))
        console.type("ping")
        console.press(.enter)
        console.type(#""hi", {"n":1}"#)
        console.press(.enter)
        let effects = console.press(.enter)
        let plan = try #require(sentPlan(effects))
        #expect(plan.steps.map { wire($0) } == [#"42/admin,9["x_emit","/","AbCdEfGhIjKlMnOpAAAB",{"ack":true,"timeoutMs":5000},"ping","hi",{"n":1}]"#])
        #expect(console.prompt == nil)
    }

    @Test func answeringNToTheAckQuestionEmitsWithoutAck() throws {
        var console = sockets()
        console.press(.character("e"))
        console.type("ping")
        console.press(.enter, .enter)
        console.type("n")
        let plan = try #require(sentPlan(console.press(.enter)))
        #expect(plan.steps.map { wire($0) } == [#"42/admin,9["x_emit","/","AbCdEfGhIjKlMnOpAAAB",{"ack":false,"timeoutMs":5000},"ping"]"#])
    }

    @Test func onANodeServerTheAckDefaultIsNoAndTheOfficialEmitIsSent() throws {
        var console = sockets(features: officialFeatures)
        console.press(.character("e"))
        #expect(console.prompt?.fields.last?.text == "n")
        console.type("ping")
        console.press(.enter)
        console.type(#""hi", {"n":1}"#)
        let plan = try #require(sentPlan(console.press(.enter, .enter)))
        #expect(plan.steps.map { wire($0) } == [#"42/admin,["emit","/","AbCdEfGhIjKlMnOpAAAB","ping","hi",{"n":1}]"#])
    }

    @Test func reservedEventNameIsRefusedInThePrompt() {
        var console = sockets()
        console.press(.character("e"))
        console.type("disconnect")
        #expect(console.press(.enter).isEmpty)
        #expect(console.prompt?.current == 0)
        #expect(console.screen().contains(#""disconnect" is reserved by Socket.IO"#))
    }

    @Test func emptyEventNameIsRefused() {
        var console = sockets()
        console.press(.character("e"), .enter)
        #expect(console.screen().contains("an event name is required"))
    }

    @Test func invalidJSONIsRefusedWithItsColumn() {
        var console = sockets()
        console.press(.character("e"))
        console.type("ping")
        console.press(.enter)
        console.type(#""hi", {n:1}"#)
        #expect(console.press(.enter).isEmpty)
        #expect(console.prompt?.current == 1)
        #expect(console.screen().contains("not JSON: unexpected 'n' at column 8"))
    }

    @Test func singleQuotedStringsAreNotJSON() {
        var console = sockets()
        console.press(.character("e"))
        console.type("ping")
        console.press(.enter)
        console.type("'hi'")
        console.press(.enter)
        #expect(console.screen().contains("not JSON: unexpected ''' at column 1"))
    }

    @Test func typingAfterAnErrorClearsIt() {
        var console = sockets()
        console.press(.character("e"))
        console.type("disconnect")
        console.press(.enter)
        console.press(.backspace)
        #expect(console.prompt?.error == nil)
    }

    @Test func escapeCancelsTheEmit() {
        var console = sockets()
        console.press(.character("e"))
        console.type("ping")
        #expect(console.press(.escape).isEmpty)
        #expect(console.prompt == nil)
        #expect(console.statusLine().contains("cancelled"))
    }

    @Test func statusLineShowsTheCommandWhileItRuns() {
        var console = sockets()
        console.press(.character("e"))
        console.type("ping")
        console.press(.enter, .enter, .enter)
        #expect(console.statusLine().contains("1 pending  emit ping (ack) → socket AbCdEfGhIjKlMnOpAAAB…"))
    }

    @Test func withoutSelectionThereIsNothingToEmitTo() {
        var console = Console.connected()
        console.press(.character("2"), .character("e"))
        #expect(console.prompt == nil)
        #expect(console.statusLine().contains("select a socket, room or namespace first"))
    }
}

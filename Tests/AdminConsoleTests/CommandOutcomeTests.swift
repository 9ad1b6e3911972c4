import SocketIOProtocol
import Testing

@testable import AdminConsole

@Suite("Command outcomes in the status line")
struct CommandOutcomeTests {
    /// A console that just sent a join (sockets tab, socket `alice`), and the command's id.
    func afterJoin(features: [String] = ourFeatures) -> (Console, Int) {
        var console = Console.connected(features: features, [connected(socket(id: "alice", rooms: ["alice", "lobby"]))])
        console.press(.character("2"), .character("J"))
        console.type("vip")
        guard case .send(let id, _)? = console.press(.enter).first else {
            Issue.record("join not sent")
            return (console, 0)
        }
        return (console, id)
    }

    func afterEmit() -> (Console, Int) {
        var console = Console.connected([event(SpecVector.socketConnected)])
        console.press(.character("2"), .character("e"))
        console.type("ping")
        guard case .send(let id, _)? = console.press(.enter, .enter, .enter).first else {
            Issue.record("emit not sent")
            return (console, 0)
        }
        return (console, id)
    }

    @Test func refusalShowsTheServersError() {
        var (console, id) = afterJoin()
        console.apply(.commandFinished(id: id, steps: [.acknowledged([json(#"{"ok":false,"error":"readonly"}"#)])]), now: now)
        #expect(console.statusLine().contains("join vip ← socket alice: refused: readonly"))
        #expect(console.message?.style == .bad)
        #expect(console.pending.isEmpty)
    }

    @Test func acceptedOfficialCommandSaysOk() {
        var (console, id) = afterJoin()
        console.apply(.commandFinished(id: id, steps: [.acknowledged([["ok": true]])]), now: now)
        #expect(console.message?.text == "join vip ← socket alice: ok")
        #expect(console.statusLine().contains("join vip ← socket alice: ok"))
        #expect(console.message?.style == .good)
    }

    @Test func commandOnANodeServerSaysItWasOnlySent() {
        var (console, id) = afterJoin(features: officialFeatures)
        console.apply(.commandFinished(id: id, steps: [.sent]), now: now)
        #expect(console.message?.text == "join vip ← socket alice: ok [sent; this server does not acknowledge commands]")
        #expect(console.statusLine().contains("join vip ← socket alice: ok [sent; this server does not acknowledge commands]"))
    }

    @Test func emitAnswersShowTheFirstAnswer() {
        var (console, id) = afterEmit()
        let reply = json(#"{"ok":true,"targets":1,"results":[{"id":"AbCdEfGhIjKlMnOpAAAB","args":["pong"]}]}"#)
        console.apply(.commandFinished(id: id, steps: [.acknowledged([reply])]), now: now)
        #expect(console.message?.text == #"emit ping (ack) → socket AbCdEfGhIjKlMnOpAAAB: ok (1 target) — AbCdEfGhIjKlMnOpAAAB: "pong""#)
        #expect(console.statusLine().contains("ok (1 target)"))
    }

    @Test func emitAnswersAreShownInTheSocketsDetail() {
        var (console, id) = afterEmit()
        let reply = json(#"{"ok":true,"targets":1,"results":[{"id":"AbCdEfGhIjKlMnOpAAAB","args":["pong",{"score":3}]}]}"#)
        console.apply(.commandFinished(id: id, steps: [.acknowledged([reply])]), now: now)
        console.press(.enter)
        #expect(console.screen().contains(#"last ack   "pong", {"score":3}"#))
    }

    @Test func targetThatDidNotAnswerIsReported() throws {
        var (console, id) = afterEmit()
        let reply = json(#"{"ok":true,"targets":2,"results":[{"id":"a","error":"timeout"},{"id":"b","args":[]}]}"#)
        console.apply(.commandFinished(id: id, steps: [.acknowledged([reply])]), now: now)
        let outcome = try #require(console.lastOutcome)
        #expect(outcome.answers.map(\.text) == ["no answer: timeout", "acknowledged (no arguments)"])
        #expect(console.message?.text.hasSuffix("ok (2 targets) — a: no answer: timeout (+1 more)") == true)
    }

    @Test func ackTimeoutShowsTheFailure() {
        var (console, id) = afterEmit()
        console.apply(.commandFinished(id: id, steps: [.failed("no answer from the server within 10 s")]), now: now)
        #expect(console.message?.text == "emit ping (ack) → socket AbCdEfGhIjKlMnOpAAAB: no answer from the server within 10 s")
        #expect(console.statusLine().contains("no answer from the server"))
        #expect(console.message?.style == .bad)
    }

    @Test func countZeroSaysNoSocketMatched() {
        var (console, id) = afterJoin()
        console.apply(.commandFinished(id: id, steps: [.acknowledged([["ok": true, "count": 0]])]), now: now)
        #expect(console.message?.text == "join vip ← socket alice: no socket matched")
        #expect(console.statusLine().contains("join vip ← socket alice: no socket matched"))
        #expect(console.message?.style == .bad)
    }

    @Test func emitWithNoTargetSaysNoSocketMatched() {
        var (console, id) = afterEmit()
        console.apply(.commandFinished(id: id, steps: [.acknowledged([json(#"{"ok":true,"targets":0,"results":[]}"#)])]), now: now)
        #expect(console.message?.text.hasSuffix(": no socket matched") == true)
    }

    @Test func countOfMovedSocketsIsShown() {
        let plan = CommandPlan(.move(.namespace("/"), from: "lobby", to: "game-1"), features: Set(ourFeatures))
        let outcome = CommandOutcome(command: .move(.namespace("/"), from: "lobby", to: "game-1"), plan: plan,
                                     steps: [.acknowledged([["ok": true, "count": 3]])])
        #expect(outcome.succeeded)
        #expect(outcome.message == "move namespace /: lobby → game-1: ok (3 sockets)")
    }

    @Test func nonAtomicMoveSaysSo() {
        let command = ConsoleCommand.move(.socket(SocketKey(namespace: "/", id: "alice")), from: "lobby", to: "game-1")
        let plan = CommandPlan(command, features: Set(officialFeatures))
        let outcome = CommandOutcome(command: command, plan: plan, steps: [.sent, .sent])
        #expect(outcome.message.hasSuffix("ok [join then leave: not atomic; not acknowledged]"))
    }

    @Test func stepsThatWereNeverSentReadAsNotSent() {
        let command = ConsoleCommand.move(.socket(SocketKey(namespace: "/", id: "alice")), from: "lobby", to: "game-1")
        let plan = CommandPlan(command, features: Set(officialFeatures))
        let outcome = CommandOutcome(command: command, plan: plan, steps: [.sent])
        #expect(!outcome.succeeded)
        #expect(outcome.message.hasSuffix(": not sent"))
    }

    @Test func unknownCommandIdIsIgnored() {
        var (console, id) = afterJoin()
        console.apply(.commandFinished(id: id + 100, steps: [.sent]), now: now)
        #expect(console.pending.count == 1)
        #expect(console.lastOutcome == nil)
    }

    @Test func commandsGetIncreasingIds() throws {
        var (console, first) = afterJoin()
        console.press(.character("J"))
        console.type("other")
        guard case .send(let second, _)? = console.press(.enter).first else {
            Issue.record("second join not sent")
            return
        }
        #expect(second > first)
        #expect(console.statusLine().contains("2 pending"))
    }

    @Test func nothingIsSentWhileTheServerRefusesTheConsole() {
        var console = Console.connected([connected(socket(id: "alice"))])
        console.press(.character("2"))
        console.apply(.connection(.refused(message: "invalid credentials")), now: now)
        console.press(.character("J"))
        console.type("vip")
        #expect(console.press(.enter).isEmpty)
        #expect(console.statusLine().contains("not connected: join vip ← socket alice not sent"))
    }
}

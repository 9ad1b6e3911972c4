import SocketIOProtocol
import Testing

@testable import AdminConsole

@Suite("Events view: the live tail of application events")
struct EventsViewTests {
    func eventsTab(features: [String] = ourFeatures, _ events: [AdminEvent]) -> Console {
        var console = Console.connected(features: features, width: 80, height: 24, events)
        console.press(.character("4"))
        return console
    }

    func numbered(_ range: Range<Int>) -> [AdminEvent] {
        range.map { applicationEvent("e\($0 < 10 ? "0" : "")\($0)") }
    }

    @Test func rowShowsTimeDirectionSocketNameAndArguments() throws {
        let console = eventsTab([applicationEvent("chat", ["hi", ["n": 1]], at: Timestamp(seconds: 1_680_796_999))])
        let row = try #require(console.row(startingWith: "16:03:19"))
        #expect(row.split(separator: " ").joined(separator: " ") == #"16:03:19 in / AbCdEfGhIjKlMnOpAAAB chat "hi", {"n":1}"#)
    }

    @Test func tailShowsTheNewestAtTheBottom() {
        let lines = eventsTab(numbered(0..<40)).render(now: now).lines.map(\.text)
        // 24 rows: title, tabs, header, 19 events, status, keys.
        #expect(lines[21].contains(" e39 "))
        #expect(lines[3].contains(" e21 "))
        #expect(!lines.contains { $0.contains(" e20 ") })
    }

    @Test func tailFollowsNewEvents() {
        var console = eventsTab(numbered(0..<40))
        console.receive(applicationEvent("newest"))
        #expect(console.render(now: now).lines[21].text.contains(" newest "))
    }

    @Test func pauseFreezesTheTailAndCountsNewEvents() {
        var console = eventsTab(numbered(0..<5))
        console.press(.character("p"))
        #expect(console.statusLine().contains("PAUSED (0 new)"))
        console.receive(applicationEvent("late-1"), applicationEvent("late-2"), applicationEvent("late-3"))
        #expect(console.statusLine().contains("PAUSED (3 new)"))
        #expect(!console.screen().contains("late-"))
    }

    @Test func resumingShowsWhatArrivedWhilePaused() {
        var console = eventsTab(numbered(0..<5))
        console.press(.character("p"))
        console.receive(applicationEvent("late-1"))
        console.press(.character("p"))
        #expect(!console.statusLine().contains("PAUSED"))
        #expect(console.screen().contains("late-1"))
    }

    @Test func filterByEventName() {
        var console = eventsTab([applicationEvent("chat", ["hi"]), applicationEvent("position", [1]), applicationEvent("chat", ["bye"])])
        console.press(.character("/"))
        console.type("event:chat")
        console.press(.enter)
        #expect(console.eventRows().map(\.name) == ["chat", "chat"])
        #expect(console.rows(containing: " position ").isEmpty)
        #expect(console.statusLine().contains("filter: event:chat"))
    }

    @Test func filterByDirection() {
        var console = eventsTab([applicationEvent("chat"), applicationEvent("welcome", direction: .sent)])
        console.press(.character("/"))
        console.type("dir:out")
        #expect(console.eventRows().map(\.name) == ["welcome"])
    }

    @Test func productionModeServerSaysItStreamsNoEvents() {
        #expect(eventsTab(features: ["AGGREGATED_EVENTS"], []).screen().contains("this server does not stream events (production mode)"))
    }

    @Test func enterOnAnEventOpensItsSocket() {
        var console = eventsTab([event(SpecVector.socketConnected), applicationEvent("chat")])
        console.press(.enter)
        #expect(console.detail == SocketKey(namespace: "/", id: specSocketId))
    }

    @Test func movingUpStopsFollowingTheTail() {
        var console = eventsTab(numbered(0..<40))
        console.press(.up)
        console.receive(applicationEvent("newest"))
        #expect(!console.screen().contains(" newest "))
        #expect(console.selectedRow == .event(39))
    }

    @Test func endResumesFollowingTheTail() {
        var console = eventsTab(numbered(0..<40))
        console.press(.up, .end)
        console.receive(applicationEvent("newest"))
        #expect(console.render(now: now).lines[21].text.contains(" newest "))
    }

    @Test
    func aKeyPressedOnAnEmptyTailKeepsItFollowing() {
        var console = eventsTab([])
        console.press(.end)
        console.receive(numbered(0..<40))
        #expect(console.render(now: now).lines[21].text.contains(" e39 "))
    }
}

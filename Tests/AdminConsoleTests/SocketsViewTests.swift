import SocketIOProtocol
import Testing

@testable import AdminConsole

@Suite("Sockets view: admin events in, socket rows out")
struct SocketsViewTests {
    func socketsTab(features: [String] = ourFeatures, width: Int = 100, height: Int = 30, _ events: [AdminEvent]) -> Console {
        var console = Console.connected(features: features, width: width, height: height, events)
        console.press(.character("2"))
        return console
    }

    @Test func rowShowsIdTransportAddressAndSharedRooms() throws {
        let console = socketsTab([connected(socket(id: "AbCdEfGhIjKlMnOpAAAB", transport: "polling", rooms: ["AbCdEfGhIjKlMnOpAAAB", "lobby", "game-1"]))])
        let row = try #require(console.rows(containing: "AbCdEfGhIjKlMnOpAAAB").first)
        #expect(row.contains("polling"))
        #expect(row.contains("127.0.0.1"))
        #expect(row.contains("lobby,game-1"))
        #expect(console.screen().contains("2 Sockets (1)"))
    }

    @Test func latencyColumnShowsTheLatestRoundTripWithXLatency() throws {
        let console = socketsTab([event(SpecVector.socketConnected), event(SpecVector.latency)])
        let row = try #require(console.rows(containing: specSocketId).first)
        #expect(row.contains(" 0.4ms "))
    }

    @Test func latencyColumnShowsADashWithoutXLatency() throws {
        let console = socketsTab(features: officialFeatures, [event(SpecVector.socketConnected)])
        let row = try #require(console.rows(containing: specSocketId).first)
        #expect(row.contains(" — "))
        #expect(!row.contains("ms"))
    }

    @Test func upColumnCountsFromTheHandshake() throws {
        let console = socketsTab([event(SpecVector.socketConnected)])
        // Issued 16:03:18.123, seen 62.9 s later.
        let row = try #require(console.rows(containing: specSocketId, at: later(61)).first)
        #expect(row.contains(" 1m02s "))
    }

    @Test func sortKeyCyclesToTheIdColumn() {
        var console = socketsTab([connected(socket(id: "zz-first", connectedAt: Timestamp(seconds: 1))),
                                  connected(socket(id: "aa-second", connectedAt: Timestamp(seconds: 2)))])
        #expect(console.socketRows().map(\.id) == ["zz-first", "aa-second"])
        console.press(.character("s"))
        #expect(console.sort == .id)
        #expect(console.socketRows().map(\.id) == ["aa-second", "zz-first"])
        #expect(console.statusLine().contains("sort: id"))
        let lines = console.render(now: now).lines.map(\.text)
        #expect(lines.firstIndex { $0.hasPrefix("aa-second") }! < lines.firstIndex { $0.hasPrefix("zz-first") }!)
    }

    @Test func reverseKeyReversesTheOrder() {
        var console = socketsTab([connected(socket(id: "zz-first", connectedAt: Timestamp(seconds: 1))),
                                  connected(socket(id: "aa-second", connectedAt: Timestamp(seconds: 2)))])
        console.press(.character("r"))
        #expect(console.socketRows().map(\.id) == ["aa-second", "zz-first"])
        #expect(console.statusLine().contains("sort: connected (reversed)"))
    }

    @Test func latencySortPutsTheSlowestFirstAndUnknownLast() {
        var console = socketsTab([connected(socket(id: "fast", clientId: "c1")), connected(socket(id: "slow", clientId: "c2")),
                                  connected(socket(id: "unknown", clientId: "c3")),
                                  .latency(serverId: "web-1", samples: [LatencySample(clientId: "c1", roundTripMilliseconds: 1),
                                                                        LatencySample(clientId: "c2", roundTripMilliseconds: 90)])])
        while console.sort != .latency { console.press(.character("s")) }
        #expect(console.socketRows().map(\.id) == ["slow", "fast", "unknown"])
    }

    @Test func slashFilterAppliesWhileTyping() {
        var console = socketsTab([connected(socket(id: "in-lobby", rooms: ["in-lobby", "lobby"])), connected(socket(id: "elsewhere"))])
        console.press(.character("/"))
        console.type("room:lobby")
        let screen = console.screen()
        #expect(screen.contains("in-lobby"))
        #expect(!screen.contains("elsewhere"))
    }

    @Test func filterStaysAfterEnterAndShowsInTheStatusLine() {
        var console = socketsTab([connected(socket(id: "in-lobby", rooms: ["in-lobby", "lobby"])), connected(socket(id: "elsewhere"))])
        console.press(.character("/"))
        console.type("room:lobby")
        console.press(.enter)
        #expect(console.prompt == nil)
        #expect(console.socketRows().map(\.id) == ["in-lobby"])
        #expect(console.statusLine().contains("filter: room:lobby"))
    }

    @Test func escapeClearsTheFilter() {
        var console = socketsTab([connected(socket(id: "in-lobby", rooms: ["in-lobby", "lobby"])), connected(socket(id: "elsewhere"))])
        console.press(.character("/"))
        console.type("room:lobby")
        console.press(.enter, .escape)
        #expect(console.filters[.sockets] == nil)
        #expect(console.screen().contains("elsewhere"))
    }

    @Test func escapeInTheFilterPromptClearsTheFilter() {
        var console = socketsTab([connected(socket(id: "in-lobby", rooms: ["in-lobby", "lobby"])), connected(socket(id: "elsewhere"))])
        console.press(.character("/"))
        console.type("lobby")
        console.press(.escape)
        #expect(console.prompt == nil)
        #expect(console.socketRows().count == 2)
    }

    @Test func filterMatchingNothingSaysSo() {
        var console = socketsTab([connected(socket(id: "a"))])
        console.press(.character("/"))
        console.type("room:nope")
        console.press(.enter)
        #expect(console.screen().contains("no socket matches \"room:nope\" (Esc clears)"))
    }

    @Test func emptyTableSaysNoSocketsAreConnected() {
        #expect(socketsTab([]).screen().contains("no sockets connected"))
    }

    @Test func at80By24NoLineIsWiderThan80Columns() {
        let long = socket(id: "AbCdEfGhIjKlMnOpAAAB", transport: "polling", rooms: ["AbCdEfGhIjKlMnOpAAAB"] + (1...20).map { "room-\($0)" },
                          data: ["bio": .string(String(repeating: "x", count: 300))], address: "2001:db8:85a3::8a2e:370:7334, 10.0.0.1")
        let console = socketsTab(width: 80, height: 24, [connected(long), event(SpecVector.serverStats)])
        let frame = console.render(now: now)
        #expect(frame.lines.count == 24)
        for line in frame.lines { #expect(TextWidth.of(line.text) <= 80, "\(line.text)") }
    }

    @Test func tenThousandSocketsRenderOnlyTheVisibleRows() {
        let sockets = (0..<10_000).map { socket(id: "s\(100_000 + $0)", connectedAt: Timestamp(seconds: Double($0))) }
        var console = socketsTab(width: 80, height: 24, [.allSockets(sockets)])
        var frame = console.render(now: now)
        #expect(frame.lines.count == 24)
        #expect(frame.lines.filter { $0.text.hasPrefix("s1") }.count == 19)
        #expect(frame.text.contains("2 Sockets (10000)"))
        console.press(.end)
        frame = console.render(now: now)
        #expect(frame.lines.count == 24)
        #expect(frame.text.contains("s109999"))
        #expect(!frame.text.contains("s100000"))
    }

    @Test func selectionStaysOnItsSocketWhenRowsAreAddedAbove() {
        var console = socketsTab([connected(socket(id: "b", connectedAt: Timestamp(seconds: 2))),
                                  connected(socket(id: "c", connectedAt: Timestamp(seconds: 3)))])
        console.press(.down)
        #expect(console.selectedRow == .socket(SocketKey(namespace: "/", id: "c")))
        console.receive(connected(socket(id: "a", connectedAt: Timestamp(seconds: 1))))
        #expect(console.selectedRow == .socket(SocketKey(namespace: "/", id: "c")))
    }
}

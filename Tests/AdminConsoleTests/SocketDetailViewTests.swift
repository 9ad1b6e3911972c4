import SocketIOProtocol
import Testing

@testable import AdminConsole

@Suite("Socket detail view: Enter on a socket, Esc back")
struct SocketDetailViewTests {
    let key = SocketKey(namespace: "/", id: specSocketId)

    /// The sockets tab with the §10 socket (in room `lobby` too), its detail opened.
    func detail(features: [String] = ourFeatures, _ more: [AdminEvent] = []) -> Console {
        var console = Console.connected(features: features, [event(SpecVector.socketConnected), .roomJoined(key, room: "lobby", at: now)] + more)
        console.press(.character("2"), .enter)
        return console
    }

    @Test func enterOpensTheSelectedSocket() {
        let console = detail()
        #expect(console.detail == key)
        let screen = console.screen()
        #expect(screen.contains("Socket detail"))
        #expect(screen.contains("socket     AbCdEfGhIjKlMnOpAAAB  in /"))
        #expect(screen.contains("client     lv_VI97HAXpY"))
        #expect(screen.contains("address    ::ffff:127.0.0.1"))
    }

    @Test func showsHandshakeHeadersAndQuery() {
        let screen = detail().screen()
        #expect(screen.contains("HEADERS"))
        #expect(screen.contains("  user-agent: python-requests/2.32"))
        #expect(screen.contains("  host: localhost:3000"))
        #expect(screen.contains("query      EIO=4 transport=polling t=OT2Lx1a"))
    }

    @Test func showsTheMaskedAuthPayload() {
        let value = json(#"{"id":"m1","nsp":"/","handshake":{"x_auth":{"token":"***","room":"lobby"}}}"#)
        var console = Console.connected([.socketConnected(AdminSocket(serialized: value)!, at: now)])
        console.press(.character("2"), .enter)
        #expect(console.screen().contains(#"auth       {"token":"***","room":"lobby"}"#))
    }

    @Test func withoutAuthSaysTheServerDoesNotShowIt() {
        #expect(detail().screen().contains("auth       — (the server does not show it)"))
    }

    @Test func showsDataAndRoomsWithTheOwnRoomMarked() {
        let screen = detail().screen()
        #expect(screen.contains(#"data       {"user":"alice"}"#))
        #expect(screen.contains("rooms      AbCdEfGhIjKlMnOpAAAB (own), lobby"))
    }

    @Test func showsRecentEventsNewestFirst() throws {
        let console = detail([applicationEvent("chat", ["hi"], at: later(-1)), applicationEvent("ack", [["n": 1]], direction: .sent, at: now)])
        let lines = console.render(now: now).lines.map(\.text)
        let newest = try #require(lines.firstIndex { $0.contains(#"out ack {"n":1}"#) })
        let older = try #require(lines.firstIndex { $0.contains(#"in  chat "hi""#) })
        #expect(newest < older)
        #expect(lines[newest].hasPrefix("  16:03:20 "))
    }

    @Test func showsLatencyHistory() {
        let samples = [0.4, 1.2, 0.8].map { LatencySample(clientId: specClientId, roundTripMilliseconds: $0) }
        let screen = detail([.latency(serverId: "web-1", samples: samples)]).screen()
        #expect(screen.contains("latency    0.8ms now, min 0.4ms, max 1.2ms"))
    }

    @Test func latencyWithoutXLatencyIsUnavailable() {
        #expect(detail(features: officialFeatures).screen().contains("latency    — (the server does not report it)"))
    }

    @Test func escapeGoesBackToTheTable() {
        var console = detail()
        console.press(.escape)
        #expect(console.detail == nil)
        #expect(console.tab == .sockets)
        #expect(!console.screen().contains("HEADERS"))
    }

    @Test func departedSocketShowsDisconnectedWithTheKickReason() {
        var console = detail()
        console.receive(event(SpecVector.kicked), .socketDisconnected(key, reason: "server namespace disconnect", at: now))
        let screen = console.screen(at: later(5))
        #expect(screen.contains("DISCONNECTED 5s ago: server namespace disconnect, kicked: spamming"))
        #expect(screen.contains("socket     AbCdEfGhIjKlMnOpAAAB  in /"))
    }

    @Test func departedSocketWithoutKickShowsTheSocketIOReason() {
        var console = detail()
        console.receive(.socketDisconnected(key, reason: "transport close", at: now))
        #expect(console.screen(at: later(2)).contains("DISCONNECTED 2s ago: transport close"))
    }

    @Test func arrowsScrollALongDetail() {
        let headers = SocketIOObject((1...40).map { ("x-header-\($0)", SocketIOValue.string("v\($0)")) })
        var long = socket(id: "long")
        long.headers = headers
        var console = Console.connected(width: 80, height: 24, [connected(long)])
        console.press(.character("2"), .enter)
        #expect(!console.screen().contains("x-header-40:"))
        console.press(.pageDown, .pageDown, .pageDown)
        #expect(console.screen().contains("x-header-40:"))
    }

    @Test
    func upAfterEndScrollsAtOnce() {
        var long = socket(id: "long")
        long.headers = SocketIOObject((1...40).map { ("x-header-\($0)", SocketIOValue.string("v\($0)")) })
        var console = Console.connected(width: 80, height: 24, [connected(long)])
        console.press(.character("2"), .enter, .end)
        let bottom = console.screen()
        console.press(.up)
        #expect(console.screen() != bottom)
    }
}

import SocketIOProtocol
import Testing

@testable import AdminConsole

@Suite("ASCII terminals: console.unicode = false")
struct MonochromeTests {
    /// The characters of `text` that are not ASCII.
    func nonASCII(_ text: String) -> String {
        String(text.unicodeScalars.filter { !$0.isASCII }.map(Character.init))
    }

    /// A console with short, plain data on every view, drawn without Unicode.
    func plain(_ keys: [KeyPress], features: [String] = ourFeatures) -> Console {
        var console = Console.connected(features: features, width: 100, height: 30, [
            stats(aggregated: #"[{"timestamp":1680796998000,"type":"packetsIn","count":3}]"#),
            connected(socket(id: "AbCdEfGhIjKlMnOpAAAB", clientId: "cl", rooms: ["AbCdEfGhIjKlMnOpAAAB", "lobby"])),
            .latency(serverId: "web-1", samples: [LatencySample(clientId: "cl", roundTripMilliseconds: 0.4)]),
            .upgrade(UpgradeRecord(serverId: "web-1", clientId: "cl", durationMilliseconds: 14, at: now)),
            applicationEvent("chat", ["hi"]),
        ])
        console.unicode = false
        for key in keys { _ = console.handle(key, now: now) }
        return console
    }

    @Test func overviewHealthAndSparklineAreASCII() throws {
        let console = plain([])
        #expect(console.screen().contains("* web-1  web-1 pid 4242"))
        let traffic = try #require(console.rows(containing: "pkt/s").first)
        #expect(isASCII(traffic), "\(nonASCII(traffic))")
    }

    @Test func unhealthyServerIsMarkedWithX() {
        #expect(plain([]).screen(at: later(11)).contains("x web-1  web-1 pid 4242"))
    }

    @Test func unavailableFiguresAreAHyphen() throws {
        var console = Console.connected(features: officialFeatures, width: 100, height: 30, [connected(socket(id: "a", connectedAt: nil))])
        console.unicode = false
        console.press(.character("2"))
        let row = try #require(console.row(startingWith: "a "))
        #expect(row.split(separator: " ") == ["a", "/", "websocket", "127.0.0.1", "-", "-"])
        #expect(isASCII(row))
    }

    @Test func keyLineSpellsTheArrowsOut() throws {
        let keys = try #require(plain([]).render(now: now).lines.last?.text)
        #expect(keys.contains("up/down move"))
        #expect(isASCII(keys))
    }

    @Test func promptRuleIsDashes() {
        let console = plain([.character("2"), .character("e")])
        #expect(console.screen().contains("- Emit to socket AbCdEfGhIjKlMnOpAAAB ---"))
    }

    @Test
    func titleLineIsASCII() {
        var connecting = Console(serverURL: "http://127.0.0.1:3000")
        connecting.unicode = false
        #expect(isASCII(connecting.render(now: now).lines[0].text))
        let console = plain([])
        let title = console.render(now: now).lines[0].text
        #expect(isASCII(title), "\(nonASCII(title))")
    }

    @Test
    func truncatedCellsAreASCII() throws {
        var console = Console.connected(width: 80, height: 24, [connected(socket(id: "a", address: "2001:db8:85a3::8a2e:370:7334"))])
        console.unicode = false
        console.press(.character("2"))
        let row = try #require(console.row(startingWith: "a "))
        #expect(isASCII(row), "\(nonASCII(row))")
    }

    @Test
    func pendingLatencyIsASCII() throws {
        var console = Console.connected(width: 100, height: 30, [connected(socket(id: "a"))])
        console.unicode = false
        console.press(.character("2"))
        let row = try #require(console.row(startingWith: "a "))
        #expect(isASCII(row), "\(nonASCII(row))")
    }

    @Test
    func helpOverlayIsASCII() {
        let screen = plain([.character("?")]).screen()
        #expect(isASCII(screen), "\(nonASCII(screen))")
    }

    @Test
    func commandStatusIsASCII() {
        var console = plain([.character("2"), .character("J")])
        console.type("vip")
        console.press(.enter)
        let status = console.statusLine()
        #expect(isASCII(status), "\(nonASCII(status))")
    }

    @Test(arguments: [[], [KeyPress.character("2")], [.character("3"), .character("a")], [.character("4")], [.character("5")],
                      [.character("2"), .enter], [.character("?")]])
    func everyViewOfPlainDataIsASCII(_ keys: [KeyPress]) {
        let screen = plain(keys).screen()
        #expect(isASCII(screen), "\(nonASCII(screen))")
    }
}

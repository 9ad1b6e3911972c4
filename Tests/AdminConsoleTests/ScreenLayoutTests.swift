import SocketIOProtocol
import Testing

@testable import AdminConsole

@Suite("Screen layout: every frame fits the terminal")
struct ScreenLayoutTests {
    /// A console at `width`×`height` with a little of everything, after `keys`.
    static func busy(width: Int = 80, height: Int = 24, _ keys: [KeyPress]) -> Console {
        let long = socket(id: "AbCdEfGhIjKlMnOpAAAB", transport: "polling", rooms: ["AbCdEfGhIjKlMnOpAAAB"] + (1...12).map { "room-\($0)" },
                          data: ["bio": .string(String(repeating: "x", count: 300))], address: "2001:db8:85a3::8a2e:370:7334, 10.0.0.1")
        var console = Console.connected(width: width, height: height, [
            event(SpecVector.serverStats), stats(serverId: "web-2-with-a-rather-long-host-name"), connected(long),
            event(SpecVector.upgrade), event(SpecVector.latency),
            applicationEvent("chat", [.string(String(repeating: "long message ", count: 20))], socket: "AbCdEfGhIjKlMnOpAAAB"),
        ])
        for key in keys { _ = console.handle(key, now: now) }
        return console
    }

    static let views: [(String, [KeyPress])] = [
        ("overview", []), ("sockets", [.character("2")]), ("rooms", [.character("3"), .character("a")]), ("events", [.character("4")]),
        ("upgrades", [.character("5")]), ("detail", [.character("2"), .enter]), ("help", [.character("?")]),
        ("emit prompt", [.character("2"), .character("e")]), ("kick confirmation", [.character("2"), .character("K"), .enter, .enter]),
    ]

    @Test(arguments: views)
    func frameHasExactlyHeightLinesNoneWiderThan80(_ view: (String, [KeyPress])) {
        let frame = Self.busy(view.1).render(now: now)
        #expect(frame.lines.count == 24)
        for line in frame.lines { #expect(TextWidth.of(line.text) <= 80, "\(view.0): \(line.text)") }
    }

    @Test(arguments: views)
    func frameAt100By30FitsToo(_ view: (String, [KeyPress])) {
        let frame = Self.busy(width: 100, height: 30, view.1).render(now: now)
        #expect(frame.lines.count == 30)
        for line in frame.lines { #expect(TextWidth.of(line.text) <= 100, "\(view.0): \(line.text)") }
    }

    @Test func keyLineKeepsHelpAndQuitAt80Columns() throws {
        let keys = try #require(Console.connected(width: 80, height: 24).render(now: now).lines.last?.text)
        #expect(TextWidth.of(keys) <= 80)
        #expect(keys.hasPrefix("Tab/1-5 views"))
        #expect(keys.contains("? help"))
        #expect(keys.contains("q quit"))
    }

    @Test func keyLineKeepsHelpAndQuitWhenNarrow() throws {
        let keys = try #require(Console.connected(width: 40, height: 24).render(now: now).lines.last?.text)
        #expect(keys.contains("? help  q quit"))
    }

    @Test func keyLineOfADetailViewOffersEscBack() throws {
        var console = Console.connected([connected(socket(id: "a"))])
        console.press(.character("2"), .enter)
        #expect(console.render(now: now).lines.last?.text.contains("Esc back") == true)
    }

    @Test func tinyTerminalStillGetsAFullFrame() {
        var console = Self.busy(width: 80, height: 24, [.character("2")])
        console.resize(width: 12, height: 3)
        let frame = console.render(now: now)
        #expect(frame.lines.count == 3)
        for line in frame.lines { #expect(TextWidth.of(line.text) <= 12) }
        console.resize(width: 0, height: 0)
        #expect(console.render(now: now).lines.count == 1)
    }

    @Test func promptPlacesTheCursorAfterTheTypedText() throws {
        var console = Console.connected([connected(socket(id: "a"))])
        console.press(.character("2"), .character("e"))
        console.type("pi")
        let frame = console.render(now: now)
        let cursor = try #require(frame.cursor)
        #expect(frame.lines[cursor.row].text.hasPrefix("event: pi"))
        #expect(cursor.column == TextWidth.of("event: pi"))
    }

    @Test func noCursorWithoutAPrompt() {
        #expect(Console.connected().render(now: now).cursor == nil)
    }

    @Test(arguments: [[KeyPress.character("4")], [.character("2"), .enter], [.character("3")]])
    func clientControlledNewlinesStayOnOneRow(_ keys: [KeyPress]) {
        // Event and room names come from clients; a newline must not add a screen row.
        var console = Console.connected(width: 80, height: 24, [connected(socket(id: "a", rooms: ["a", "a-lobby", "line\nbreak"])),
                                                               applicationEvent("evil\nname", socket: "a")])
        for key in keys { _ = console.handle(key, now: now) }
        let frame = console.render(now: now)
        #expect(frame.lines.allSatisfy { !$0.text.contains("\n") })
        #expect(frame.text.split(separator: "\n", omittingEmptySubsequences: false).count == 24)
    }
}

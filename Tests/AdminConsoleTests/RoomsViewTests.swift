import SocketIOProtocol
import Testing

@testable import AdminConsole

@Suite("Rooms view: rooms with member counts, members under them")
struct RoomsViewTests {
    func roomsTab(_ events: [AdminEvent]) -> Console {
        var console = Console.connected(events)
        console.press(.character("3"))
        return console
    }

    let members = [
        connected(socket(id: "alice", transport: "websocket", rooms: ["alice", "lobby", "game-1"])),
        connected(socket(id: "bob", transport: "polling", rooms: ["bob", "lobby"])),
    ]

    @Test func roomsAreListedWithTheirMemberCounts() {
        let screen = roomsTab(members).screen()
        #expect(screen.contains("game-1  (/)  1 member"))
        #expect(screen.contains("lobby  (/)  2 members"))
    }

    @Test func membersAreListedUnderTheirRoom() {
        let lines = roomsTab(members).render(now: now).lines.map(\.text)
        let lobby = lines.firstIndex { $0.hasPrefix("lobby  (/)") }!
        #expect(lines[lobby + 1].hasPrefix("    alice  websocket  127.0.0.1"))
        #expect(lines[lobby + 2].hasPrefix("    bob  polling  127.0.0.1"))
    }

    @Test func privateRoomsAreHiddenUntilA() {
        var console = roomsTab(members)
        #expect(console.row(startingWith: "alice  (/)") == nil)
        console.press(.character("a"))
        #expect(console.row(startingWith: "alice  (/)")?.contains("1 member  private") == true)
        #expect(console.screen().contains("[a] hide private rooms"))
    }

    @Test func withOnlyPrivateRoomsTheViewSaysSo() {
        #expect(roomsTab([connected(socket(id: "alice"))]).screen().contains("no rooms besides the sockets' own"))
    }

    @Test func roomsLeftByEveryMemberDisappear() {
        var console = roomsTab(members)
        console.receive(.roomLeft(SocketKey(namespace: "/", id: "alice"), room: "game-1", at: now))
        #expect(console.row(startingWith: "game-1") == nil)
    }

    @Test func roomsOfDifferentNamespacesAreDifferentRooms() {
        let console = roomsTab(members + [connected(socket(id: "carol", nsp: "/chat", rooms: ["carol", "lobby"]))])
        #expect(console.screen().contains("lobby  (/chat)  1 member"))
        #expect(console.screen().contains("lobby  (/)  2 members"))
    }

    @Test func enterOnAMemberOpensItsDetail() {
        var console = roomsTab(members)
        console.press(.down, .enter)
        #expect(console.detail == SocketKey(namespace: "/", id: "alice"))
        #expect(console.screen().contains("socket     alice  in /"))
    }

    @Test func enterOnARoomOpensNothing() {
        var console = roomsTab(members)
        console.press(.enter)
        #expect(console.detail == nil)
    }

    @Test func filterMatchesRoomNames() {
        var console = roomsTab(members)
        console.press(.character("/"))
        console.type("game")
        console.press(.enter)
        #expect(console.row(startingWith: "game-1") != nil)
        #expect(console.row(startingWith: "lobby") == nil)
    }
}

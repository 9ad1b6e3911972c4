import SocketIOProtocol
import Testing

@testable import AdminConsole

@Suite("Connection status in the title line")
struct ConnectionStatusTests {
    func title(_ console: Console) -> String {
        console.render(now: now).lines[0].text
    }

    @Test func connectingBeforeTheFirstConnection() {
        let console = Console(serverURL: "http://127.0.0.1:3000")
        #expect(title(console).contains("http://127.0.0.1:3000/admin  connecting"))
    }

    @Test func trailingSlashesOfTheServerURLAreDropped() {
        let console = Console(serverURL: "http://127.0.0.1:3000//", adminNamespace: "/ops")
        #expect(console.serverURL == "http://127.0.0.1:3000")
        #expect(title(console).contains(" http://127.0.0.1:3000/ops "))
    }

    @Test func connectedShowsTheAdminUserFromXInfo() {
        let console = Console.connected([event(SpecVector.config)])
        #expect(title(console).contains("● connected as admin  swift-socketio 0.1.0"))
    }

    @Test func connectedToAForeignServerSaysOfficialProtocolOnly() {
        let console = Console.connected(features: officialFeatures)
        #expect(title(console).contains("● connected  official protocol only"))
    }

    @Test func readonlyUserIsFlagged() {
        let readonly = AdminEvent.config(features: ["AGGREGATED_EVENTS"], info: ServerInfo(["server": "swift-socketio", "readonly": true]))
        #expect(title(Console.connected([readonly])).contains("[readonly]"))
    }

    @Test func reconnectingShowsTheReason() {
        var console = Console.connected()
        console.apply(.connection(.reconnecting(reason: "transport close", attempt: 0)), now: now)
        #expect(title(console).contains("reconnecting: transport close"))
    }

    @Test func retriesKeepTheReasonAndCountAttempts() {
        var console = Console.connected()
        console.apply(.connection(.reconnecting(reason: "ping timeout", attempt: 0)), now: now)
        console.apply(.connection(.reconnecting(reason: "", attempt: 3)), now: now)
        #expect(title(console).contains("reconnecting (attempt 3): ping timeout"))
    }

    @Test func attemptCountNeverGoesBack() {
        var console = Console.connected()
        console.apply(.connection(.reconnecting(reason: "ping timeout", attempt: 3)), now: now)
        console.apply(.connection(.reconnecting(reason: "", attempt: 1)), now: now)
        #expect(console.state.connection == .reconnecting(reason: "ping timeout", attempt: 3))
    }

    @Test func refusedShowsTheServersMessage() {
        var console = Console(serverURL: "http://127.0.0.1:3000")
        console.apply(.connection(.refused(message: "invalid credentials")), now: now)
        #expect(title(console).contains("refused: invalid credentials"))
    }

    @Test func reconnectionKeepsTheLastSocketsUntilTheNewSnapshotReplacesThem() {
        var console = Console.connected([connected(socket(id: "a"))])
        console.apply(.connection(.reconnecting(reason: "transport close", attempt: 0)), now: now)
        console.apply(.connection(.connected), now: now)
        #expect(console.state.sockets.keys.map(\.id) == ["a"])
        console.apply(.event(.allSockets([socket(id: "b")])), now: now)
        #expect(console.state.sockets.keys.map(\.id) == ["b"])
    }

    @Test func firstConnectionKeepsEventsThatArrivedBeforeConnect() {
        // Node sends session and room_joined before CONNECT (spec §2.2).
        var console = Console(serverURL: "http://127.0.0.1:3000")
        console.apply(.event(event(SpecVector.session)), now: now)
        console.apply(.connection(.connected), now: now)
        #expect(console.state.sessionId == "9f86d081884c7d65")
    }

    @Test
    func snapshotDeliveredJustBeforeTheReconnectedStatusIsKept() {
        var console = Console.connected([connected(socket(id: "a"))])
        console.apply(.connection(.reconnecting(reason: "transport close", attempt: 0)), now: now)
        console.apply(.event(.config(features: ourFeatures, info: nil)), now: now)
        console.apply(.event(.allSockets([socket(id: "b")])), now: now)
        console.apply(.connection(.connected), now: now)
        #expect(console.state.sockets.keys.map(\.id) == ["b"])
        #expect(console.state.supports("X_COMMAND_ACK"))
    }
}

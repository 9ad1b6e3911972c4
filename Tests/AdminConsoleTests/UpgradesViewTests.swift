import SocketIOProtocol
import Testing

@testable import AdminConsole

@Suite("Upgrades view: transport upgrades with outcome and timing")
struct UpgradesViewTests {
    func upgradesTab(features: [String] = ourFeatures, _ events: [AdminEvent]) -> Console {
        var console = Console.connected(features: features, width: 80, height: 24, events)
        console.press(.character("5"))
        return console
    }

    @Test func xUpgradeRowShowsOutcomeDurationAndServer() throws {
        let row = try #require(upgradesTab([event(SpecVector.upgrade)]).row(startingWith: "16:03:18"))
        #expect(row.split(separator: " ") == ["16:03:18", "lv_VI97HAXpY", "polling", "websocket", "success", "14ms", "web-1"])
    }

    @Test func failedUpgradeShowsItsOutcome() throws {
        let timeout = event(#"["x_upgrade",{"serverId":"web-1","clientId":"slowProxy01","from":"polling","to":"websocket","outcome":"timeout","durationMs":10000.4,"timestamp":"2023-04-06T16:03:19.000Z"}]"#)
        let row = try #require(upgradesTab([timeout]).row(startingWith: "16:03:19"))
        #expect(row.contains(" timeout "))
        #expect(row.contains(" 10.0s "))
    }

    @Test func withoutXUpgradesSuccessesAreDerivedWithoutTiming() throws {
        let key = SocketKey(namespace: "/", id: "a")
        let console = upgradesTab(features: officialFeatures, [connected(socket(id: "a", clientId: "nodeClient12", transport: "polling")),
                                                               .socketUpdated(key, data: nil, transport: "websocket")])
        let row = try #require(console.row(startingWith: "16:03:20"))
        #expect(row.split(separator: " ").prefix(6) == ["16:03:20", "nodeClient12", "polling", "websocket", "success", "—"])
    }

    @Test func emptyLogSaysWhatThisServerReports() {
        #expect(upgradesTab(features: officialFeatures, []).screen().contains("no upgrades yet (this server reports successes only, without timing)"))
        #expect(upgradesTab([]).screen().contains("no upgrades yet"))
    }

    @Test func filterByOutcome() {
        let failed = event(#"["x_upgrade",{"clientId":"c2","outcome":"probe failed","durationMs":3}]"#)
        var console = upgradesTab([event(SpecVector.upgrade), failed])
        console.press(.character("/"))
        console.type("outcome:probe")
        #expect(console.upgradeRows().map(\.record.clientId) == ["c2"])
    }

    @Test func enterOnAnUpgradeOpensTheClientsSocket() {
        var console = upgradesTab([event(SpecVector.socketConnected), event(SpecVector.upgrade)])
        console.press(.enter)
        #expect(console.detail == SocketKey(namespace: "/", id: specSocketId))
    }
}

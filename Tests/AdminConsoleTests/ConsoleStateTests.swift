import SocketIOProtocol
import Testing

@testable import AdminConsole

@Suite("ConsoleState: state built from admin events")
struct ConsoleStateTests {
    let a = SocketKey(namespace: "/", id: "a")

    func state(features: [String] = ourFeatures, _ events: AdminEvent...) -> ConsoleState {
        var state = ConsoleState()
        state.apply(.config(features: features, info: nil), now: now)
        for event in events { state.apply(event, now: now) }
        return state
    }

    @Test func configRemembersFeatures() {
        let state = state(features: officialFeatures)
        #expect(state.supports("EMIT"))
        #expect(!state.supports("X_EMIT"))
    }

    @Test func sessionIsRemembered() {
        #expect(state(event(SpecVector.session)).sessionId == "9f86d081884c7d65")
    }

    @Test func allSocketsReplacesTheList() {
        let state = state(connected(socket(id: "a")), .allSockets([socket(id: "b"), socket(id: "c", nsp: "/chat")]))
        #expect(Set(state.sockets.keys) == [SocketKey(namespace: "/", id: "b"), SocketKey(namespace: "/chat", id: "c")])
        #expect(state.hasSocketList)
    }

    @Test func socketConnectedAddsTheSocket() {
        let state = state(event(SpecVector.socketConnected))
        #expect(state.sockets[SocketKey(namespace: "/", id: specSocketId)]?.clientId == specClientId)
    }

    @Test func socketConnectedAgainRefreshesWithoutDuplicate() {
        // python-socketio re-sends socket_connected for every socket at each heartbeat (spec §7).
        let state = state(connected(socket(id: "a", transport: "polling")), applicationEvent("chat", socket: "a"),
                          connected(socket(id: "a", transport: "websocket")), connected(socket(id: "a", transport: "websocket")))
        #expect(state.sockets.count == 1)
        #expect(state.sockets[a]?.transport == "websocket")
        #expect(state.activity[a]?.recentEvents.elements.map(\.name) == ["chat"])
    }

    @Test func sameIdInTwoNamespacesIsTwoSockets() {
        let state = state(connected(socket(id: "a")), connected(socket(id: "a", nsp: "/chat")))
        #expect(state.sockets.count == 2)
    }

    @Test func roomJoinedAppendsTheRoomOnce() {
        let state = state(connected(socket(id: "a")), .roomJoined(a, room: "lobby", at: now), .roomJoined(a, room: "lobby", at: now))
        #expect(state.sockets[a]?.rooms == ["a", "lobby"])
    }

    @Test func roomLeftRemovesTheRoom() {
        let state = state(connected(socket(id: "a", rooms: ["a", "lobby", "game"])), .roomLeft(a, room: "lobby", at: now))
        #expect(state.sockets[a]?.rooms == ["a", "game"])
    }

    @Test func roomEventsForUnknownSocketsAreIgnored() {
        let state = state(.roomJoined(a, room: "lobby", at: now))
        #expect(state.sockets.isEmpty)
    }

    @Test func socketDisconnectedMovesItToDepartures() {
        let state = state(connected(socket(id: "a")), .socketDisconnected(a, reason: "transport close", at: later(5)))
        #expect(state.sockets[a] == nil)
        #expect(state.departures[a]?.reason == "transport close")
        #expect(state.departures[a]?.kickReason == nil)
        #expect(state.departures[a]?.at == later(5))
        #expect(state.socket(a)?.id == "a")
    }

    @Test func disconnectionWithoutDateIsDatedNow() {
        var state = state(connected(socket(id: "a")))
        state.apply(.socketDisconnected(a, reason: "ping timeout", at: nil), now: later(3))
        #expect(state.departures[a]?.at == later(3))
    }

    @Test func kickReasonComesFromThePrecedingXKicked() {
        let key = SocketKey(namespace: "/", id: specSocketId)
        let state = state(event(SpecVector.socketConnected), event(SpecVector.kicked),
                          .socketDisconnected(key, reason: "server namespace disconnect", at: now))
        #expect(state.departures[key]?.reason == "server namespace disconnect")
        #expect(state.departures[key]?.kickReason == "spamming")
    }

    @Test func kickInAnotherNamespaceGivesNoReason() {
        let state = state(connected(socket(id: "a")), .kicked(KickRecord(value: json(#"{"nsp":"/chat","ids":["a"],"reason":"spam"}"#))!),
                          .socketDisconnected(a, reason: "server namespace disconnect", at: now))
        #expect(state.departures[a]?.kickReason == nil)
    }

    @Test func reconnectingSocketLeavesDepartures() {
        let state = state(connected(socket(id: "a")), .socketDisconnected(a, reason: "transport close", at: now), connected(socket(id: "a")))
        #expect(state.departures[a] == nil)
        #expect(state.sockets[a] != nil)
    }

    @Test func departuresKeepTheNewest500() {
        var state = state()
        for index in 0..<501 {
            let key = SocketKey(namespace: "/", id: "s\(index)")
            state.apply(connected(socket(id: key.id)), now: now)
            state.apply(.socketDisconnected(key, reason: "transport close", at: now), now: now)
        }
        #expect(state.departures.count == 500)
        #expect(state.departures[SocketKey(namespace: "/", id: "s0")] == nil)
        #expect(state.departures[SocketKey(namespace: "/", id: "s500")] != nil)
    }

    @Test func socketUpdatedForAnUnknownSocketIsIgnored() {
        // Node announces data set in middleware before the socket itself (spec §2.3 quirks).
        let state = state(.socketUpdated(a, data: ["user": "bob"], transport: nil), connected(socket(id: "a")))
        #expect(state.sockets[a]?.data == [:])
        #expect(state.sockets.count == 1)
    }

    @Test func socketUpdatedDataReplacesTheData() {
        let state = state(connected(socket(id: "a", data: ["user": "bob", "score": 1])), .socketUpdated(a, data: ["user": "bob"], transport: nil))
        #expect(state.sockets[a]?.data == ["user": "bob"])
    }

    @Test func transportUpdateDerivesAnUpgradeWithoutXUpgrades() {
        let state = state(features: officialFeatures, connected(socket(id: "a", clientId: "cl", transport: "polling")),
                          .socketUpdated(a, data: nil, transport: "websocket"))
        #expect(state.sockets[a]?.transport == "websocket")
        #expect(state.upgrades.elements.map { $0 } == [UpgradeRecord(clientId: "cl", from: "polling", to: "websocket", outcome: "success",
                                                                      durationMilliseconds: nil, at: now)])
    }

    @Test func transportUpdateDerivesNothingWithXUpgrades() {
        let state = state(connected(socket(id: "a", transport: "polling")), .socketUpdated(a, data: nil, transport: "websocket"))
        #expect(state.sockets[a]?.transport == "websocket")
        #expect(state.upgrades.elements.isEmpty)
    }

    @Test func derivedUpgradeIsRecordedOncePerClient() {
        // One socket_updated per namespace socket of the upgraded client (spec §2.3).
        let chat = SocketKey(namespace: "/chat", id: "b")
        let state = state(features: officialFeatures,
                          connected(socket(id: "a", clientId: "cl", transport: "polling")),
                          connected(socket(id: "b", clientId: "cl", transport: "polling", nsp: "/chat")),
                          .socketUpdated(a, data: nil, transport: "websocket"), .socketUpdated(chat, data: nil, transport: "websocket"))
        #expect(state.upgrades.elements.count == 1)
        #expect(state.sockets[chat]?.transport == "websocket")
    }

    @Test func xUpgradeIsLogged() {
        let state = state(event(SpecVector.upgrade))
        #expect(state.upgrades.elements.map(\.durationMilliseconds) == [14.2])
    }

    @Test func applicationEventsGoToTheTailAndTheSocketsActivity() {
        let state = state(connected(socket(id: "a")), applicationEvent("chat", ["hi"], socket: "a"), applicationEvent("ping", socket: "ghost"))
        #expect(state.events.elements.map(\.name) == ["chat", "ping"])
        #expect(state.events.elements.map(\.sequence) == [1, 2])
        #expect(state.events.elements.first?.arguments == ["hi"])
        #expect(state.activity[a]?.recentEvents.elements.map(\.name) == ["chat"])
        #expect(state.activity[SocketKey(namespace: "/", id: "ghost")] == nil)
    }

    @Test func eventTailKeepsTheNewest2000() {
        var state = state()
        for index in 0..<2100 { state.apply(applicationEvent("e\(index)"), now: now) }
        #expect(state.events.elements.count == 2000)
        #expect(state.events.elements.first?.name == "e100")
    }

    @Test func latencySamplesAreKeptPerClient() {
        let state = state(.latency(serverId: "web-1", samples: [LatencySample(clientId: "cl", roundTripMilliseconds: 0.4),
                                                                 LatencySample(clientId: "other", roundTripMilliseconds: 9)]),
                          .latency(serverId: "web-1", samples: [LatencySample(clientId: "cl", roundTripMilliseconds: 1.2)]))
        #expect(state.latency["cl"]?.samples.elements.map(\.roundTripMilliseconds) == [0.4, 1.2])
        #expect(state.latency["cl"]?.latest == 1.2)
        #expect(state.latency["other"]?.latest == 9)
    }

    @Test func latencyHistoryKeepsTheNewest60Samples() {
        var state = state()
        for index in 0..<70 {
            state.apply(.latency(serverId: "web-1", samples: [LatencySample(clientId: "cl", roundTripMilliseconds: Double(index))]), now: now)
        }
        let samples = state.latency["cl"]?.samples.elements.map(\.roundTripMilliseconds) ?? []
        #expect(samples.count == 60)
        #expect(samples.first == 10)
        #expect(samples.last == 69)
    }

    @Test func serversAreKeptInTheOrderFirstSeen() {
        let state = state(stats(serverId: "web-2"), stats(serverId: "web-1"), stats(serverId: "web-2"))
        #expect(state.serverOrder == ["web-2", "web-1"])
    }

    @Test func serverIsUnhealthyAfterTenSecondsWithoutStats() throws {
        let server = try #require(state(stats()).servers["web-1"])
        #expect(server.isHealthy(now: later(9.9)))
        #expect(!server.isHealthy(now: later(10)))
    }

    @Test func uptimeIsExtrapolatedFromTheLastStats() throws {
        let server = try #require(state(stats(uptime: 12.5)).servers["web-1"])
        #expect(server.uptime(now: later(3)) == 15.5)
    }

    @Test func aggregatedEventsAreSummedBySecondAcrossEmissions() throws {
        // The buffer drains every 2 s, not on second boundaries: one second may arrive in two parts (spec §2.4).
        let second = 1_680_796_998_000
        let state = state(
            stats(aggregated: #"[{"timestamp":\#(second),"type":"packetsIn","count":3},{"timestamp":\#(second),"type":"bytesIn","count":64}]"#),
            stats(aggregated: #"[{"timestamp":\#(second),"type":"packetsIn","count":2},{"timestamp":\#(second),"type":"packetsOut","count":4}]"#))
        let traffic = try #require(state.servers["web-1"]?.traffic)
        let moment = Timestamp(seconds: 1_680_796_999.5)
        #expect(traffic.packetHistory(now: moment, count: 2) == [0, 9])
        let rates = traffic.rates(now: moment, window: 1)
        #expect(rates == TrafficRates(packetsIn: 5, packetsOut: 4, bytesIn: 64, bytesOut: 0))
    }

    @Test func namespacesComeFromStatsAndSockets() {
        let state = state(stats(namespaces: [("/", 1), ("/admin", 1)]), connected(socket(id: "a", nsp: "/chat")))
        #expect(state.namespaces == ["/", "/admin", "/chat"])
    }
}

import SocketIOProtocol
import Testing

@testable import AdminConsole

@Suite("AdminEvent: decoding admin-namespace events (spec §2.3, §9, vectors §10)")
struct AdminEventTests {
    let key = SocketKey(namespace: "/", id: specSocketId)

    @Test func sessionCarriesTheMintedId() {
        #expect(event(SpecVector.session) == .session("9f86d081884c7d65"))
    }

    @Test func configListsFeaturesInOrderAndServerInfo() throws {
        guard case .config(let features, let info) = event(SpecVector.config) else {
            Issue.record("not decoded as config")
            return
        }
        #expect(features == ourFeatures)
        let serverInfo = try #require(info)
        #expect(serverInfo.server == "swift-socketio")
        #expect(serverInfo.version == "0.1.0")
        #expect(serverInfo.serverId == "web-1")
        #expect(serverInfo.pingInterval == 25000)
        #expect(serverInfo.user == "admin")
        #expect(serverInfo.readonly == false)
    }

    @Test func configFromANodeServerHasNoInfo() {
        let node = event(#"["config",{"supportedFeatures":["EMIT","JOIN","LEAVE","DISCONNECT","MJOIN","MLEAVE","MDISCONNECT","AGGREGATED_EVENTS","ALL_EVENTS"]}]"#)
        #expect(node == .config(features: officialFeatures, info: nil))
    }

    @Test func serverStatsVectorKeepsCountsNamespacesAndCounters() throws {
        guard case .serverStats(let stats) = event(SpecVector.serverStats) else {
            Issue.record("not decoded as server_stats")
            return
        }
        #expect(stats.serverId == "web-1")
        #expect(stats.hostname == "web-1")
        #expect(stats.pid == 4242)
        #expect(stats.uptime == 12.53)
        #expect(stats.clientsCount == 2)
        #expect(stats.pollingClientsCount == 0)
        #expect(stats.namespaces.map(\.name) == ["/", "/admin"])
        #expect(stats.namespaces.map(\.socketsCount) == [1, 1])
        #expect(stats.aggregatedEvents.map(\.type) == ["rawConnection", "packetsIn", "bytesIn", "packetsOut", "bytesOut", "rawDisconnection"])
        #expect(stats.aggregatedEvents[1] == .init(timestampMilliseconds: 1_680_796_998_000, type: "packetsIn", subType: nil, count: 3))
        #expect(stats.aggregatedEvents[5].subType == "transport close")
    }

    @Test func serverStatsXThroughputBecomesRatesPerSecond() throws {
        guard case .serverStats(let stats) = event(SpecVector.serverStats) else {
            Issue.record("not decoded as server_stats")
            return
        }
        let throughput = try #require(stats.throughput)
        #expect(throughput.intervalMilliseconds == 2001)
        let root = try #require(throughput.namespaces["/"])
        #expect(root == TrafficRates(packetsIn: 2000.0 / 2001, packetsOut: 3000.0 / 2001, bytesIn: 40_000.0 / 2001, bytesOut: 120_000.0 / 2001))
        #expect(throughput.namespaces["/admin"]?.bytesOut == 2_900_000.0 / 2001)
    }

    @Test func serverStatsWithoutServerIdIsKeyedByHostname() {
        guard case .serverStats(let stats) = event(#"["server_stats",{"hostname":"py-1","pid":7,"uptime":3.5,"clientsCount":0,"pollingClientsCount":0,"aggregatedEvents":[],"namespaces":[]}]"#) else {
            Issue.record("not decoded as server_stats")
            return
        }
        #expect(stats.serverId == "py-1")
        #expect(stats.throughput == nil)
    }

    @Test func socketConnectedVectorDecodesTheSerializedSocket() throws {
        guard case .socketConnected(let socket, let at) = event(SpecVector.socketConnected) else {
            Issue.record("not decoded as socket_connected")
            return
        }
        #expect(socket.id == specSocketId)
        #expect(socket.clientId == specClientId)
        #expect(socket.transport == "polling")
        #expect(socket.namespace == "/")
        #expect(socket.data == ["user": "alice"])
        #expect(socket.address == "::ffff:127.0.0.1")
        #expect(socket.headers["user-agent"] == "python-requests/2.32")
        #expect(socket.query["t"] == "OT2Lx1a")
        #expect(socket.auth == nil)
        #expect(socket.connectedAt?.seconds == 1_680_796_998.123)
        #expect(socket.rooms == [specSocketId])
        #expect(at?.seconds == 1_680_796_998.123)
    }

    @Test func maskedAuthComesFromHandshakeXAuth() {
        let value = json(#"{"id":"a","nsp":"/","handshake":{"x_auth":{"token":"***","room":"lobby"}}}"#)
        #expect(AdminSocket(serialized: value)?.auth == ["token": "***", "room": "lobby"])
    }

    @Test func pythonSocketWithFloatIssuedAndMicrosecondTimestamp() throws {
        let python = event(#"""
        ["socket_connected",{"id":"Xy1","clientId":"lv_VI97HAXpYfullsid","transport":"websocket","nsp":"/","data":{},
          "handshake":{"address":"127.0.0.1","headers":{"host":"localhost:5000"},"query":{"EIO":"4","x":["1","2"]},
                       "secure":false,"url":"/socket.io/","issued":1680796998123.456,"time":"2023-04-06T16:03:18.123456+00:00"},
          "rooms":["Xy1"]},"2023-04-06T16:03:18.123456+00:00"]
        """#)
        guard case .socketConnected(let socket, let at) = python else {
            Issue.record("not decoded as socket_connected")
            return
        }
        #expect(socket.clientId == "lv_VI97HAXpYfullsid")
        #expect(socket.query["x"] == ["1", "2"])
        let connectedAt = try #require(socket.connectedAt?.seconds)
        #expect(abs(connectedAt - 1_680_796_998.123456) < 0.000_01)
        let seconds = try #require(at?.seconds)
        #expect(abs(seconds - 1_680_796_998.123456) < 0.000_01)
    }

    @Test func handshakeTimeIsUsedWhenIssuedIsMissing() {
        let value = json(#"{"id":"a","nsp":"/","handshake":{"time":"2023-04-06T16:03:18+00:00"}}"#)
        #expect(AdminSocket(serialized: value)?.connectedAt?.seconds == 1_680_796_998)
    }

    @Test func nodeOwnedSocketReadsClientIdAndTransportFromDataAdmin() throws {
        let value = json(#"{"id":"n1","nsp":"/","data":{"_admin":{"clientId":"nodeClient12","transport":"websocket"},"user":"bob"},"rooms":["n1"]}"#)
        let socket = try #require(AdminSocket(serialized: value))
        #expect(socket.clientId == "nodeClient12")
        #expect(socket.transport == "websocket")
        #expect(socket.data == ["user": "bob"])
    }

    @Test func socketWithoutRoomsIsInItsOwnRoom() {
        #expect(AdminSocket(serialized: json(#"{"id":"a","nsp":"/"}"#))?.rooms == ["a"])
    }

    @Test func allSocketsKeepsTheWellFormedOnes() {
        let list = SocketIOValue.array([serialized(id: "a"), json(#"{"id":"broken"}"#), serialized(id: "b", nsp: "/chat")])
        guard case .allSockets(let sockets) = AdminEvent(name: "all_sockets", arguments: [list]) else {
            Issue.record("not decoded as all_sockets")
            return
        }
        #expect(sockets.map(\.key) == [SocketKey(namespace: "/", id: "a"), SocketKey(namespace: "/chat", id: "b")])
    }

    @Test func socketUpdatedVectorCarriesTheNewTransport() {
        #expect(event(SpecVector.socketUpdated) == .socketUpdated(key, data: nil, transport: "websocket"))
    }

    @Test func socketUpdatedCarriesTheWholeData() {
        let update = event(#"["socket_updated",{"id":"AbCdEfGhIjKlMnOpAAAB","nsp":"/","data":{"user":"alice","score":3}}]"#)
        #expect(update == .socketUpdated(key, data: ["user": "alice", "score": 3], transport: nil))
    }

    @Test func socketDisconnectedCarriesReasonAndTime() {
        let disconnected = event(#"["socket_disconnected","/","AbCdEfGhIjKlMnOpAAAB","transport close","2023-04-06T16:03:25.000Z"]"#)
        #expect(disconnected == .socketDisconnected(key, reason: "transport close", at: Timestamp(seconds: 1_680_797_005)))
    }

    @Test func roomJoinedVectorNamesRoomThenSocket() {
        #expect(event(SpecVector.roomJoined) == .roomJoined(key, room: specSocketId, at: Timestamp(iso: "2023-04-06T16:03:18.122Z")))
    }

    @Test func roomLeftWithPythonTimestamp() {
        let left = event(#"["room_left","/","lobby","AbCdEfGhIjKlMnOpAAAB","2023-04-06T16:03:18+00:00"]"#)
        #expect(left == .roomLeft(key, room: "lobby", at: Timestamp(seconds: 1_680_796_998)))
    }

    @Test func eventReceivedKeepsNameAndPayload() {
        let received = event(#"["event_received","/","AbCdEfGhIjKlMnOpAAAB",["chat","hi",{"n":1}],"2023-04-06T16:03:19.000Z"]"#)
        #expect(received == .applicationEvent(key, direction: .received, arguments: ["chat", "hi", ["n": 1]],
                                              at: Timestamp(seconds: 1_680_796_999)))
    }

    @Test func eventSentIsOutgoing() {
        let sent = event(#"["event_sent","/","AbCdEfGhIjKlMnOpAAAB",["welcome"],"2023-04-06T16:03:19.000Z"]"#)
        #expect(sent == .applicationEvent(key, direction: .sent, arguments: ["welcome"], at: Timestamp(seconds: 1_680_796_999)))
    }

    @Test func xLatencyVectorDecodesSamples() {
        let expected = LatencySample(clientId: specClientId, roundTripMilliseconds: 0.4, transport: "websocket",
                                     at: Timestamp(iso: "2023-04-06T16:03:23.001Z"))
        #expect(event(SpecVector.latency) == .latency(serverId: "web-1", samples: [expected]))
    }

    @Test func xLatencySampleWithoutRoundTripIsSkipped() {
        let latency = event(#"["x_latency",{"serverId":"web-1","samples":[{"clientId":"a"},{"clientId":"b","rttMs":3}]}]"#)
        #expect(latency == .latency(serverId: "web-1", samples: [LatencySample(clientId: "b", roundTripMilliseconds: 3, transport: "")]))
    }

    @Test func xUpgradeVectorDecodesOutcomeAndDuration() {
        let expected = UpgradeRecord(serverId: "web-1", clientId: specClientId, from: "polling", to: "websocket", outcome: "success",
                                     durationMilliseconds: 14.2, at: Timestamp(iso: "2023-04-06T16:03:18.310Z"))
        #expect(event(SpecVector.upgrade) == .upgrade(expected))
    }

    @Test func xKickedVectorNamesSocketsReasonAndOperator() {
        guard case .kicked(let record) = event(SpecVector.kicked) else {
            Issue.record("not decoded as x_kicked")
            return
        }
        #expect(record.namespace == "/")
        #expect(record.ids == [specSocketId])
        #expect(record.reason == "spamming")
        #expect(record.by == "admin")
    }

    @Test(arguments: [
        #"["session",42]"#,
        #"["config","EMIT"]"#,
        #"["server_stats",{"pid":1}]"#,
        #"["all_sockets",{"id":"a"}]"#,
        #"["socket_connected",{"id":"a"}]"#,
        #"["socket_updated",{"id":"a"}]"#,
        #"["socket_disconnected","/"]"#,
        #"["room_joined","/","lobby"]"#,
        #"["room_left","/",7,"a"]"#,
        #"["event_received","/","a","chat"]"#,
        #"["x_latency",[]]"#,
        #"["x_upgrade",{"outcome":"success"}]"#,
        #"["x_kicked",{"ids":["a"]}]"#,
        #"["session"]"#,
    ])
    func malformedShapeIsUnrecognized(_ wireArray: String) {
        let name = json(wireArray).arrayValue?.first?.stringValue ?? ""
        #expect(event(wireArray) == .unrecognized(name))
    }

    @Test func unknownEventIsUnrecognized() {
        #expect(event(#"["x_future",{"a":1}]"#) == .unrecognized("x_future"))
    }
}

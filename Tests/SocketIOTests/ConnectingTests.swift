import NIOCore
import SocketIO
import SocketIOProtocol
import SocketIOTestSupport
import Testing

@Suite("Connecting to namespaces")
struct ConnectingTests {
    @Test func connectReplyCarriesOnlyTheSocketIdThenHandlersMayEmit() async throws {
        let server = makeServer()
        server.onConnection { socket in try? socket.emit("auth", .object(socket.handshake.auth)) }
        let client = try await TestConnection(server)
        client.send("0")
        let reply = try await client.nextText()
        #expect(reply.wholeMatch(of: /40\{"sid":"[A-Za-z0-9_-]{20}"\}/) != nil, "\(reply)")
        #expect(try await client.nextText() == #"42["auth",{}]"#)
    }

    @Test func authPayloadReachesTheHandshakeInOrder() async throws {
        let server = makeServer()
        server.of("/custom").onConnection { socket in try? socket.emit("auth", .object(socket.handshake.auth)) }
        let client = try await TestConnection(server)
        try await client.connect("/custom", auth: #"{"token":"abc","b":true}"#)
        #expect(try await client.nextText() == #"42/custom,["auth",{"token":"abc","b":true}]"#)
    }

    @Test func unknownNamespaceIsRefusedAndTheConnectionStaysOpen() async throws {
        let server = makeServer()
        let client = try await TestConnection(server)
        client.send("0/random")
        #expect(try await client.nextText() == #"44/random,{"message":"Invalid namespace"}"#)
        try await client.connect("/")
    }

    @Test func middlewareRefusalSendsMessageAndData() async throws {
        let server = makeServer()
        let connected = Reports<String>()
        server.use { socket in
            guard case .string("secret")? = socket.handshake.auth["token"] else {
                throw SocketIOMiddlewareError("not authorized", data: .object(["reason": .string("expired")]))
            }
        }
        server.onConnection { connected.append($0.id) }
        let refused = try await TestConnection(server)
        refused.send(#"0{"token":"nope"}"#)
        #expect(try await refused.nextText() == #"44{"message":"not authorized","data":{"reason":"expired"}}"#)
        let accepted = try await TestConnection(server)
        let id = try await accepted.connect(auth: #"{"token":"secret"}"#)
        #expect(try await connected.wait(for: 1) == [id])
        #expect(server.sockets.sockets.keys.sorted() == [id])
    }

    @Test func dynamicNamespaceIsCreatedWithItsParentsMiddlewareAndHandlers() async throws {
        let server = makeServer()
        let created = Reports<String>()
        server.onNewNamespace { created.append($0.name) }
        let parent = server.of(matching: { name, _ in name.hasPrefix("/dynamic-") })
        parent.use { socket in
            if socket.handshake.auth["deny"] != nil { throw SocketIOMiddlewareError("denied") }
        }
        parent.onConnection { socket in try? socket.emit("hello", .string(socket.namespace.name)) }
        let client = try await TestConnection(server)
        try await client.connect("/dynamic-101")
        #expect(try await client.nextText() == #"42/dynamic-101,["hello","/dynamic-101"]"#)
        #expect(try await created.wait(for: 1) == ["/dynamic-101"])
        client.send(#"0/dynamic-102,{"deny":1}"#)
        #expect(try await client.nextText() == #"44/dynamic-102,{"message":"denied"}"#)
        client.send("0/other")
        #expect(try await client.nextText() == #"44/other,{"message":"Invalid namespace"}"#)
        #expect(parent.children.map(\.name).sorted() == ["/dynamic-101", "/dynamic-102"])
    }

    @Test func connectionWithoutNamespaceIsClosedAfterConnectTimeout() async throws {
        let server = makeServer { $0.connectTimeout = .milliseconds(100) }
        let client = try await TestConnection(server)
        await #expect(throws: ClosedByServer.self) { try await client.nextText(timeout: .seconds(3)) }
    }

    @Test func leavingTheLastNamespaceKeepsTheConnection() async throws {
        let server = makeServer { $0.engine.pingInterval = .seconds(1) }
        let client = try await TestConnection(server)
        try await client.connect()
        client.send("1")
        #expect(try await client.nextText() == "2")
    }

    @Test func secondConnectToAJoinedNamespaceClosesTheConnection() async throws {
        let server = makeServer()
        let reasons = Reports<DisconnectReason>()
        server.onConnection { socket in socket.onDisconnect { reasons.append($0) } }
        let client = try await TestConnection(server)
        try await client.connect()
        client.send("0")
        #expect(try await reasons.wait(for: 1) == [.forcedServerClose])
        await #expect(throws: ClosedByServer.self) { try await client.nextText() }
    }

    @Test func recoveredSocketGetsItsIdRoomsAndMissedEventsBeforeTheReply() async throws {
        let server = makeServer { $0.connectionStateRecovery = ConnectionStateRecoveryOptions() }
        let recovered = Reports<Bool>()
        let disconnected = Reports<DisconnectReason>()
        server.onConnection { socket in
            recovered.append(socket.recovered)
            socket.join("room")
            socket.onDisconnect { disconnected.append($0) }
        }
        let first = try await TestConnection(server)
        first.send("0")
        let reply = try await first.nextText()
        let sid = String(reply.dropFirst(#"40{"sid":""#.count).prefix(20))
        let pid = String(reply.dropFirst(#"40{"sid":"12345678901234567890","pid":""#.count).prefix(20))
        _ = try await recovered.wait(for: 1)
        try server.to("room").emit("news", .string("one"))
        let firstEvent = try await first.nextText()
        #expect(firstEvent.hasPrefix(#"42["news","one",""#))
        let offset = String(firstEvent.dropFirst(#"42["news","one",""#.count).dropLast(2))
        first.disconnectTransport()
        #expect(try await disconnected.wait(for: 1) == [.transportClose])
        try server.to("room").emit("news", .string("two"))
        try server.emit("news", .string("three"))
        let second = try await TestConnection(server)
        second.send(#"0{"pid":"\#(pid)","offset":"\#(offset)"}"#)
        #expect(try await second.nextText().hasPrefix(#"42["news","two","#))
        #expect(try await second.nextText().hasPrefix(#"42["news","three","#))
        #expect(try await second.nextText() == #"40{"sid":"\#(sid)","pid":"\#(pid)"}"#)
        #expect(try await recovered.wait(for: 2) == [false, true])
        #expect(server.sockets.sockets[sid]?.rooms == [sid, "room"])
    }
}

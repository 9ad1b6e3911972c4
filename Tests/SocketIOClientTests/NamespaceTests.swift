import NIOCore
import SocketIO
import SocketIOClient
import SocketIOProtocol
import Testing

@Suite("Namespaces: connect, refusal, disconnect", .timeLimit(.minutes(1)))
struct NamespaceTests {
    @Test(arguments: TransportChoice.allCases)
    func connectSendsTheAuthPayload(choice: TransportChoice) async throws {
        let auths = Inbox<SocketIOObject>()
        let server = try await TestServer.start(handlers: { io in
            io.onConnection { socket in auths.append(socket.handshake.auth) }
        })
        let manager = try SocketManager(url: server.url, options: .testing(choice))
        let socket = manager.socket(auth: ["token": "abc", "version": 2])
        try await socket.connect()
        #expect(try await auths.first() == ["token": "abc", "version": 2])
        socket.disconnect()
        await server.stop()
    }

    @Test(arguments: TransportChoice.allCases)
    func middlewareRefusalThrowsConnectErrorWithMessageAndData(choice: TransportChoice) async throws {
        let server = try await TestServer.start(handlers: { io in
            io.use { socket in
                guard case .string("secret")? = socket.handshake.auth["token"] else {
                    throw SocketIOMiddlewareError("not authorized", data: ["reason": "bad token", "retry": false])
                }
            }
        })
        let manager = try SocketManager(url: server.url, options: .testing(choice))
        let events = ManagerLog(manager)
        let socket = manager.socket(auth: ["token": "wrong"])
        let log = SocketLog(socket)
        await #expect(throws: SocketIOClientError.connectError(message: "not authorized", data: ["reason": "bad token", "retry": false])) {
            try await socket.connect()
        }
        let reported = try await log.entries.first("connect_error") { $0.connectError != nil }
        #expect(reported.connectError == .connectError(message: "not authorized", data: ["reason": "bad token", "retry": false]))
        #expect(!socket.connected)
        // No socket is left on the connection: the client closes it and does not retry.
        #expect(await manager.transport == nil)
        #expect(!events.names.contains { $0.hasPrefix("reconnect") })
        await server.stop()
    }

    @Test func unknownNamespaceIsRefused() async throws {
        let server = try await TestServer.start()
        let manager = try SocketManager(url: server.url, options: .testing())
        await #expect(throws: SocketIOClientError.connectError(message: "Invalid namespace", data: nil)) {
            try await manager.socket("/nowhere").connect()
        }
        await server.stop()
    }

    @Test func theURLsPathNamesTheDefaultNamespace() async throws {
        let server = try await TestServer.start(handlers: { io in io.of("/admin").onConnection { _ in } })
        let manager = try SocketManager(url: server.url + "/admin", options: .testing())
        let socket = manager.socket()
        #expect(socket.namespace == "/admin")
        #expect(manager.socket("/") !== socket)
        try await socket.connect()
        socket.disconnect()
        await server.stop()
    }

    @Test func socketsOfSeveralNamespacesShareOneConnection() async throws {
        let sessions = Inbox<String>()
        let server = try await TestServer.start(handlers: { io in
            io.onConnection { socket in sessions.append(socket.engine.id) }
            io.of("/admin").onConnection { socket in
                sessions.append(socket.engine.id)
                socket.on("echo") { event in event.ack?.send(event.arguments) }
            }
        })
        let manager = try SocketManager(url: server.url, options: .testing(.polling))
        let main = manager.socket()
        let admin = manager.socket("admin")
        try await main.connect()
        try await admin.connect()
        #expect(admin.namespace == "/admin")
        #expect(manager.socket("/admin") === admin)
        let engines = try await sessions.wait(for: 2, "sockets")
        #expect(engines[0] == engines[1])
        // The connection stays while a socket uses it.
        main.disconnect()
        #expect(try await admin.emitWithAck("echo", "still here", timeout: .seconds(5)) == ["still here"])
        admin.disconnect()
        await server.stop()
    }

    @Test(arguments: TransportChoice.allCases)
    func disconnectIsSeenByTheServerAsClientNamespaceDisconnect(choice: TransportChoice) async throws {
        let reasons = Inbox<DisconnectReason>()
        let server = try await TestServer.start(handlers: { io in
            io.onConnection { socket in socket.onDisconnect { reasons.append($0) } }
        })
        let manager = try SocketManager(url: server.url, options: .testing(choice))
        let socket = manager.socket()
        let log = SocketLog(socket)
        try await socket.connect()
        socket.disconnect()
        #expect(try await log.disconnected() == "io client disconnect")
        #expect(try await reasons.first() == .clientNamespaceDisconnect)
        #expect(!socket.connected)
        #expect(socket.id == nil)
        await server.stop()
    }

    /// Right after connecting, a polling session is often upgrading (paused polling, packets held
    /// for the WebSocket): the DISCONNECT and the close must still reach the server.
    @Test func disconnectDuringTheUpgradeReachesTheServer() async throws {
        let reasons = Inbox<DisconnectReason>()
        let server = try await TestServer.start(handlers: { io in
            io.onConnection { socket in socket.onDisconnect { reasons.append($0) } }
        })
        for round in 1...20 {
            let manager = try SocketManager(url: server.url, options: .testing(.upgrade))
            let socket = manager.socket()
            try await socket.connect()
            socket.disconnect()
            try await reasons.wait(for: round, timeout: .seconds(2), "server-side disconnects")
        }
        #expect(reasons.values.allSatisfy { $0 == .clientNamespaceDisconnect })
        await server.stop()
    }

    @Test(arguments: TransportChoice.allCases)
    func serverKickIsIoServerDisconnectAndEndsReconnection(choice: TransportChoice) async throws {
        let server = try await TestServer.start(handlers: { io in
            io.onConnection { socket in socket.on("kick-me") { _ in socket.disconnect() } }
        })
        var options = SocketIOClientOptions.testing(choice)
        options.reconnectionDelay = .milliseconds(10)
        let manager = try SocketManager(url: server.url, options: options)
        let events = ManagerLog(manager)
        let socket = manager.socket()
        let log = SocketLog(socket)
        try await socket.connect()
        try socket.emit("kick-me")
        #expect(try await log.disconnected() == "io server disconnect")
        #expect(!socket.connected)
        #expect(await manager.transport == nil)
        // Nothing to await for "no reconnection": give a retry 20 reconnection delays to show up.
        try await Task.sleep(for: .milliseconds(200))
        #expect(!events.names.contains { $0.hasPrefix("reconnect") })
        #expect(log.entries.values.filter { $0.connected != nil }.count == 1)
        await server.stop()
    }

    @Test func disconnectWhileConnectingLeavesTheNamespaceAgain() async throws {
        let reasons = Inbox<DisconnectReason>()
        let admitting = Inbox<Void>()
        let server = try await TestServer.start(handlers: { io in
            io.of("/slow").use { _ in
                admitting.append(())
                try await Task.sleep(for: .milliseconds(100))
            }
            io.of("/slow").onConnection { socket in socket.onDisconnect { reasons.append($0) } }
        })
        let manager = try SocketManager(url: server.url, options: .testing())
        let keeper = manager.socket()
        try await keeper.connect()
        let slow = manager.socket("/slow")
        let attempt = Task { try await slow.connect() }
        try await admitting.first("the CONNECT to reach the server")
        slow.disconnect()
        await #expect(throws: SocketIOClientError.disconnected) { try await attempt.value }
        // The server accepted the CONNECT that was on its way; the client leaves at once.
        #expect(try await reasons.first() == .clientNamespaceDisconnect)
        #expect(!slow.connected)
        keeper.disconnect()
        await server.stop()
    }
}
